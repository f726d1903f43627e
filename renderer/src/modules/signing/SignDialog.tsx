import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentView } from '../../../../shared/api/documents';
import { AUTHORITY_PREFIX_VALUES, type SigningPurpose } from '../../../../shared/api/signing';
import { useApp } from '../../app/context';
import { base64ToBytes } from '../../components/pdf/pdfjs';
import { Notice, SelectField, TextField } from '../../ui/Field';
import { ActionDialog, TextArea } from '../documents/ActionDialog';
import { pickFile, type PickedFile } from '../documents/files';
import { SignPreview, type BlockPlacement } from './SignPreview';

type Token = { label: string; manufacturer: string; pinLocked: boolean; pinState: 'ok' | 'count-low' | 'final-try' | 'locked' | 'not-set' };

const PIN_NOTE = { ok: null, 'count-low': 'signing.dialog.pinCountLow', 'final-try': 'signing.dialog.pinCountLow', locked: 'signing.dialog.pinLocked', 'not-set': 'signing.dialog.pinNotSet' } as const;
type Authority = (typeof AUTHORITY_PREFIX_VALUES)[number];

/** The file the core signs when none is named: the last signed file, else the last draft version. */
function sourceOf(doc: DocumentView): number | null {
  const signed = doc.attachments.filter((a) => a.role === 'signed').at(-1);
  if (signed) return signed.id;
  const draft = [...doc.draftVersions].reverse().find((v) => v.attachmentId !== null);
  return draft?.attachmentId ?? doc.attachments.filter((a) => a.role === 'main').at(-1)?.id ?? null;
}

function FileInput({ id, label, accept, onPick }: { id: string; label: string; accept: string; onPick: (f: PickedFile | null) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="file" accept={accept} onChange={(e) => void (e.target.files?.[0] ? pickFile(e.target.files[0]).then(onPick) : Promise.resolve(onPick(null)))} />
    </div>
  );
}

/**
 * Sign an outgoing document: the leader's signature (token + PIN or key file + passphrase,
 * authority prefix, position, signature image, placed where the preview shows) or the clerk's
 * agency seal. The PIN and passphrase live only in this dialog's state and the one call.
 */
export function SignDialog({ doc, purpose, onClose, onChanged }: { doc: DocumentView; purpose: SigningPurpose; onClose: () => void; onChanged: (d: DocumentView) => void }) {
  const { t } = useTranslation();
  const { call, session } = useApp();
  const [kind, setKind] = useState<'pkcs11' | 'p12'>('pkcs11');
  const [tokens, setTokens] = useState<Token[] | null>(null);
  const [tokenLabel, setTokenLabel] = useState('');
  const [pin, setPin] = useState('');
  const [p12, setP12] = useState<PickedFile | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [authority, setAuthority] = useState<Authority | ''>('');
  const [title, setTitle] = useState(doc.signerPosition || session.user.title || '');
  const [image, setImage] = useState<PickedFile | null>(null);
  const [source, setSource] = useState<Uint8Array | null>(null);
  const [placement, setPlacement] = useState<BlockPlacement | null>(null);
  const [placeBy, setPlaceBy] = useState<'click' | 'anchor'>('click');
  const [anchor, setAnchor] = useState('');
  // The core finds the anchor (same code as when signing); undefined = looking, null = not found.
  const [anchorHit, setAnchorHit] = useState<BlockPlacement | null | undefined>(undefined);
  // The default place (set when the preview loads) and the user's last click, kept apart so
  // switching to an anchor and back restores the click.
  const [clicked, setClicked] = useState<BlockPlacement | null>(null);
  const leader = purpose === 'leader';
  const sourceId = leader ? sourceOf(doc) : null;

  const scan = useCallback(() => {
    setTokens(null);
    void call('signing.keys.list', {}).then(
      (r) => {
        setTokens(r.tokens);
        setTokenLabel((cur) => cur || r.tokens.find((x) => x.pinState !== 'locked' && x.pinState !== 'not-set')?.label || '');
      },
      () => setTokens([]),
    );
  }, [call]);
  useEffect(scan, [scan]);

  useEffect(() => {
    const id = leader ? sourceOf(doc) : null;
    if (id === null) return;
    let live = true;
    void call('attachments.get', { id }).then((r) => live && r.contentBase64 && setSource(base64ToBytes(r.contentBase64)), () => {});
    return () => {
      live = false;
    };
  }, [call, doc, leader]);

  useEffect(() => {
    if (placeBy !== 'anchor' || sourceId === null) return;
    const text = anchor.trim();
    setAnchorHit(text ? undefined : null);
    if (!text) return;
    let live = true;
    // Typing: ask once the text has been still for a moment.
    const timer = setTimeout(() => {
      void call('signing.placement.find', { documentId: doc.id, attachmentId: sourceId, anchor: text }).then(
        (hit) => live && setAnchorHit(hit),
        () => live && setAnchorHit(null),
      );
    }, 350);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [anchor, call, doc.id, placeBy, sourceId]);

  const shownPlacement = placeBy === 'anchor' ? (anchorHit ?? null) : (clicked ?? placement);
  const choosePlaceBy = setPlaceBy;

  const previewLines = useMemo(() => {
    const titleLines = title.split('\n').filter(Boolean).map((l, i) => (i === 0 && authority ? `${authority} ${l}` : l).toLocaleUpperCase('vi'));
    return [...titleLines, session.user.fullName];
  }, [authority, title, session.user.fullName]);

  async function submit() {
    const key = kind === 'pkcs11' ? { kind, tokenLabel, pin } : { kind, p12Base64: p12?.contentBase64 ?? '', passphrase };
    const r = await call('signing.sign', {
      documentId: doc.id,
      version: doc.version,
      purpose,
      key,
      appearance: leader
        ? { authority: authority || undefined, title: title || undefined, signatureImageBase64: image?.contentBase64 }
        : { sealImageBase64: image?.contentBase64 },
      // By anchor the core finds the text again when signing: the same place the preview showed.
      placement: !leader ? undefined : placeBy === 'anchor' ? { anchor: anchor.trim() } : (clicked ?? placement ?? undefined),
    });
    setPin('');
    setPassphrase('');
    onChanged(r.document);
  }

  return (
    <ActionDialog title={t(leader ? 'signing.dialog.titleSign' : 'signing.dialog.titleSeal')} submitLabel={t(leader ? 'signing.dialog.confirmSign' : 'signing.dialog.confirmSeal')} onClose={onClose} onSubmit={submit} wide>
      <div className="sig-dialog">
        <div className="sig-dialog__form">
          <fieldset className="field">
            <legend>{t('signing.dialog.keyKind')}</legend>
            <label className="radio">
              <input type="radio" name="sig-kind" checked={kind === 'pkcs11'} onChange={() => setKind('pkcs11')} /> {t('signing.dialog.token')}
            </label>
            <label className="radio">
              <input type="radio" name="sig-kind" checked={kind === 'p12'} onChange={() => setKind('p12')} /> {t('signing.dialog.p12')}
            </label>
          </fieldset>
          {kind === 'pkcs11' ? (
            <>
              {tokens && tokens.length === 0 ? (
                <Notice kind="info">{t('signing.dialog.noTokens')}</Notice>
              ) : (
                <SelectField
                  id="sig-token"
                  label={t('signing.dialog.tokenLabel')}
                  value={tokenLabel}
                  onChange={setTokenLabel}
                  options={(tokens ?? []).map((x) => ({ value: x.label, label: `${x.label} — ${x.manufacturer}${PIN_NOTE[x.pinState] ? ` ${t(PIN_NOTE[x.pinState]!)}` : ''}` }))}
                />
              )}
              <button type="button" className="btn btn--small" onClick={scan}>
                {t('signing.dialog.rescan')}
              </button>
              <TextField id="sig-pin" label={t('signing.dialog.pin')} type="password" autoComplete="off" value={pin} onChange={setPin} required />
            </>
          ) : (
            <>
              <FileInput id="sig-p12" label={t('signing.dialog.p12File')} accept=".p12,.pfx,application/x-pkcs12" onPick={setP12} />
              <TextField id="sig-pass" label={t('signing.dialog.passphrase')} type="password" autoComplete="off" value={passphrase} onChange={setPassphrase} />
            </>
          )}
          {leader && (
            <>
              <SelectField
                id="sig-authority"
                label={t('signing.dialog.authority')}
                value={authority}
                onChange={(v) => setAuthority(v as Authority | '')}
                options={[{ value: '', label: t('signing.dialog.authorityNone') }, ...AUTHORITY_PREFIX_VALUES.map((a) => ({ value: a, label: a }))]}
              />
              <TextArea id="sig-title" label={t('signing.dialog.title')} value={title} onChange={setTitle} rows={2} />
              <fieldset className="field">
                <legend>{t('signing.dialog.placeBy')}</legend>
                <label className="radio">
                  <input type="radio" name="sig-place" checked={placeBy === 'click'} onChange={() => choosePlaceBy('click')} /> {t('signing.dialog.placeByClick')}
                </label>
                <label className="radio">
                  <input type="radio" name="sig-place" checked={placeBy === 'anchor'} onChange={() => choosePlaceBy('anchor')} /> {t('signing.dialog.placeByAnchor')}
                </label>
              </fieldset>
              {placeBy === 'anchor' && (
                <>
                  <TextField id="sig-anchor" label={t('signing.dialog.anchorText')} value={anchor} onChange={setAnchor} required />
                  {anchor.trim() && anchorHit === undefined && <p role="status" className="muted">{t('signing.dialog.anchorFinding')}</p>}
                  {anchorHit && <p role="status" data-testid="sig-anchor-found">{t('signing.dialog.anchorFound', { text: anchor.trim(), page: anchorHit.page })}</p>}
                  {anchor.trim() && anchorHit === null && <Notice kind="error">{t('signing.dialog.anchorNotFound')}</Notice>}
                </>
              )}
            </>
          )}
          <FileInput id="sig-image" label={t(leader ? 'signing.dialog.signatureImage' : 'signing.dialog.sealImage')} accept="image/png" onPick={setImage} />
          <p className="muted">{t('signing.dialog.secretNote')}</p>
        </div>
        {leader ? (
          source && (
            <SignPreview
              bytes={source}
              placement={shownPlacement}
              onPlacement={(p) => (placement ? setClicked(p) : setPlacement(p))}
              lines={previewLines}
              fixed={placeBy === 'anchor'}
            />
          )
        ) : (
          <p className="muted">{t('signing.dialog.previewSeal')}</p>
        )}
      </div>
    </ActionDialog>
  );
}
