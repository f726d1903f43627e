import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/api/contract';

type Check = Output<'exchange.intake.get'>['item']['attachments'][number];

const SIGNATURE_TONE: Record<string, 'ok' | 'warn' | 'muted'> = { valid: 'ok', 'valid-with-later-changes': 'warn', invalid: 'warn', indeterminate: 'warn', unsigned: 'muted', 'not-checked': 'muted', 'not-pdf': 'muted' };

/** `Nguyễn Văn An: indeterminate; Lê B: valid` (from the verifier) with each verdict in words. */
function signersText(t: (k: string, o?: Record<string, unknown>) => string, detail: string): string {
  return detail
    .split('; ')
    .map((part) => {
      const m = /^(.*): ([a-z-]+)$/.exec(part);
      return m ? `${m[1]}: ${t(`exchange.intake.signature.${m[2]}`, { defaultValue: m[2] }).toLowerCase()}` : part;
    })
    .join('; ');
}

/** The worst signature and hash result over a package's files, one line each. */
export function VerificationSummary({ attachments }: { attachments: Check[] }) {
  const { t } = useTranslation();
  const pdfs = attachments.filter((a) => a.signature !== 'not-pdf');
  const order = ['invalid', 'indeterminate', 'valid-with-later-changes', 'not-checked', 'unsigned', 'valid'];
  const worst = pdfs.map((a) => a.signature).sort((x, y) => order.indexOf(x) - order.indexOf(y))[0];
  const hashesOk = attachments.every((a) => a.hashMatches);
  return (
    <div className="ex-verify">
      {worst && (
        <span className={`badge badge--${SIGNATURE_TONE[worst] ?? 'muted'}`} data-signature={worst}>
          {t(`exchange.intake.signature.${worst}`, { defaultValue: worst })}
        </span>
      )}
      <span className={`badge badge--${hashesOk ? 'ok' : 'warn'}`} data-hash={hashesOk ? 'ok' : 'bad'}>
        {hashesOk ? t('exchange.intake.hashOk') : t('exchange.intake.hashBad')}
      </span>
    </div>
  );
}

/** Each file's checks in full: signature result with the signers, hash, size. */
export function VerificationList({ attachments, selected, onSelect }: { attachments: Check[]; selected: string | null; onSelect: (contentId: string) => void }) {
  const { t } = useTranslation();
  return (
    <ul className="ex-checks">
      {attachments.map((a) => (
        <li key={a.contentId}>
          <button type="button" className="doc-attachments__file" aria-pressed={a.contentId === selected} onClick={() => onSelect(a.contentId)}>
            <span className="doc-attachments__icon" aria-hidden="true">
              {a.mimeType === 'application/pdf' ? 'PDF' : (a.name.split('.').pop() ?? '').slice(0, 4).toUpperCase()}
            </span>
            <span className="doc-attachments__name">{a.name}</span>
          </button>
          <div className="ex-checks__results">
            {a.signature !== 'not-pdf' && (
              <span className={`badge badge--${SIGNATURE_TONE[a.signature] ?? 'muted'}`} data-signature={a.signature}>
                {t(`exchange.intake.signature.${a.signature}`, { defaultValue: a.signature })}
              </span>
            )}
            <span className={`badge badge--${a.hashMatches ? 'ok' : 'warn'}`}>{a.hashMatches ? t('exchange.intake.hashOk') : t('exchange.intake.hashBad')}</span>
          </div>
          {a.signatureDetail && <p className="muted ex-checks__detail">{signersText(t, a.signatureDetail)}</p>}
          <p className="muted mono ex-checks__hash" title={a.sha256}>
            SHA-256 {a.sha256.slice(0, 16)}…
          </p>
        </li>
      ))}
    </ul>
  );
}
