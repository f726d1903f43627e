import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/api/contract';
import { AppError, isAppError } from '../../../../shared/api/errors';
import { useApp } from '../../app/context';
import { navigate } from '../../app/router';
import { PdfViewer } from '../../components/pdf/PdfViewer';
import { base64ToBytes } from '../../components/pdf/pdfjs';
import { Notice, SelectField, TextField } from '../../ui/Field';
import type { FieldErrors } from '../../ui/errors';
import { fieldErrorsFromError } from '../../ui/errors';
import { useLoad } from '../../ui/useLoad';
import { ActionDialog, TextArea } from '../documents/ActionDialog';
import { setFlash } from '../documents/flash';
import { docFieldMessage, formatInstant, formatYmd } from '../documents/format';
import { VerificationList } from './Verification';
import { exchangeErrorMessage } from './text';

type Detail = Output<'exchange.intake.get'>['item'];

/** ActionDialog shows a field-less VALIDATION error's message as it is: our sentence, already in words. */
const shown = (message: string) => new AppError('VALIDATION', message);

/** One received package: what it says, its files with their checks and the PDF, then register or reject. */
export function IntakeDetail({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const { call, session } = useApp();
  const item = useLoad(() => call('exchange.intake.get', { id }).then((r) => r.item), [call, id]);
  const [dialog, setDialog] = useState<'register' | 'reject' | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [pdf, setPdf] = useState<{ contentId: string; bytes: Uint8Array; name: string } | null>(null);
  const [pdfError, setPdfError] = useState<string | null>(null);
  const d = item.data;
  const current = d?.attachments.find((a) => a.contentId === selected) ?? d?.attachments.find((a) => a.mimeType === 'application/pdf') ?? null;

  useEffect(() => {
    if (!current || current.mimeType !== 'application/pdf') return;
    let live = true;
    call('exchange.intake.file', { id, contentId: current.contentId }).then(
      (r) => live && setPdf({ contentId: current.contentId, bytes: base64ToBytes(r.contentBase64), name: r.name }),
      (e: unknown) => live && setPdfError(exchangeErrorMessage(t, i18n.language, e)),
    );
    return () => {
      live = false;
    };
  }, [call, id, current?.contentId, current?.mimeType, t, i18n.language]);

  if (item.error) return <Notice kind="error">{exchangeErrorMessage(t, i18n.language, item.error)}</Notice>;
  if (!d) return <p role="status">{t('app.loading')}</p>;
  const h = d.header as { promulgationInfo?: { promulgationDate?: string }; signerInfo?: { fullName?: string; position?: string } };
  const pending = d.state === 'pending';

  return (
    <div className="doc-page ex-intake-page">
      <header className="doc-page__header">
        <a className="doc-back" href="#/exchange">
          ← {t('exchange.intake.back')}
        </a>
        <div className="doc-page__title-row">
          <h1 tabIndex={-1} className="page__title doc-page__title">
            {d.numberNotation || d.subject}
          </h1>
          <span className={`badge badge--${d.state === 'registered' ? 'ok' : d.state === 'rejected' ? 'warn' : 'muted'}`}>{t(`exchange.intake.state.${d.state}`)}</span>
          {d.businessType !== 0 && <span className="badge badge--warn">{t(`exchange.intake.businessType.${d.businessType}`)}</span>}
        </div>
        <p className="doc-page__subject">{d.subject}</p>
      </header>
      {d.state === 'rejected' && d.reason && <Notice kind="info">{t('exchange.intake.rejectedReason', { reason: d.reason })}</Notice>}
      {d.notice && <Notice kind="info">{`${t('exchange.intake.notice')}: ${d.notice}`}</Notice>}
      <div className="doc-page__grid">
        <div className="doc-page__side">
          {pending && (
            <section className="doc-actions">
              {session.permissions.has('documents.register') && (
                <button type="button" className="btn btn--primary" onClick={() => setDialog('register')}>
                  {t('exchange.intake.register')}
                </button>
              )}
              <button type="button" className="btn btn--danger" onClick={() => setDialog('reject')}>
                {t('exchange.intake.reject')}
              </button>
            </section>
          )}
          {d.state === 'registered' && d.documentId !== null && (
            <p>
              <a className="btn" href={`#/incoming/doc/${d.documentId}`}>
                {t('exchange.intake.openDocument')}
              </a>
            </p>
          )}
          <section className="doc-section" aria-labelledby="ex-meta-title">
            <h2 id="ex-meta-title">{t('exchange.intake.header')}</h2>
            <dl className="doc-meta">
              <dt>{t('exchange.intake.from')}</dt>
              <dd>{d.fromName}</dd>
              <dt>{t('exchange.intake.fromCode')}</dt>
              <dd className="mono">{d.fromCode}</dd>
              <dt>{t('exchange.intake.dateIssued')}</dt>
              <dd>{formatYmd(h.promulgationInfo?.promulgationDate ?? d.proposed.dateIssued)}</dd>
              <dt>{t('exchange.intake.signer')}</dt>
              <dd>{[h.signerInfo?.fullName, h.signerInfo?.position].filter(Boolean).join(' — ')}</dd>
              <dt>{t('exchange.intake.receivedAt')}</dt>
              <dd>{formatInstant(d.receivedAt, i18n.language)}</dd>
              <dt>{t('exchange.intake.exchangeId')}</dt>
              <dd className="mono ex-break">{d.exchangeDocumentId}</dd>
            </dl>
          </section>
          <section className="doc-section" aria-labelledby="ex-files-title">
            <h2 id="ex-files-title">{t('exchange.intake.attachments')}</h2>
            <VerificationList attachments={d.attachments} selected={current?.contentId ?? null} onSelect={setSelected} />
          </section>
          {d.timeline.length > 0 && (
            <section className="doc-section" aria-labelledby="ex-history-title">
              <h2 id="ex-history-title">{t('exchange.intake.history')}</h2>
              <ol className="ex-history">
                {d.timeline.map((e, i) => (
                  <li key={i}>
                    <span className="muted">{formatInstant(e.at, i18n.language)}</span> {t(`exchange.timeline.event.${e.event}`, { defaultValue: e.event })}
                  </li>
                ))}
              </ol>
            </section>
          )}
        </div>
        <div className="doc-page__main">
          <div className="doc-viewer">
            {pdfError && <p className="field__error">{pdfError}</p>}
            {!current || current.mimeType !== 'application/pdf' ? (
              <p className="doc-viewer__empty muted">{t('exchange.intake.noPdf')}</p>
            ) : pdf?.contentId === current.contentId ? (
              <PdfViewer key={current.contentId} bytes={pdf.bytes} fileName={pdf.name} />
            ) : (
              <p className="doc-viewer__empty muted">{t('docs.attach.loading')}</p>
            )}
          </div>
        </div>
      </div>
      {dialog === 'register' && <RegisterDialog item={d} onClose={() => setDialog(null)} />}
      {dialog === 'reject' && <RejectDialog item={d} onClose={() => setDialog(null)} onDone={item.reload} />}
    </div>
  );
}

function RegisterDialog({ item, onClose }: { item: Detail; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { call } = useApp();
  const registers = useLoad(() => call('registers.list', { direction: 'incoming' }).then((r) => r.registers.filter((x) => x.active)), [call]);
  const p = item.proposed;
  const [registerId, setRegisterId] = useState('');
  const [f, setF] = useState({ numberNotation: p.numberNotation, issuerName: p.issuerName, dateIssued: p.dateIssued, subject: p.subject, signer: p.signer, signerPosition: p.signerPosition, urgency: p.urgency, deadline: p.deadline ?? '', notes: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [duplicate, setDuplicate] = useState(false);
  const set = (k: keyof typeof f) => (v: string) => setF((old) => ({ ...old, [k]: v }));
  const err = (k: string) => docFieldMessage(t, errors[k] ?? errors[`overrides.${k}`]);
  const chosen = registerId || (registers.data?.[0] ? String(registers.data[0].id) : '');

  async function submit(): Promise<void> {
    if (!chosen) throw shown(t('exchange.intake.noRegister'));
    try {
      const r = await call('exchange.intake.register', {
        id: item.id,
        registerId: Number(chosen),
        overrides: { ...f, urgency: f.urgency, deadline: f.deadline || null, notes: f.notes },
        force: duplicate,
      });
      setFlash({ kind: 'success', text: t('exchange.intake.registered') });
      navigate(`/incoming/doc/${r.documentId}`);
    } catch (e) {
      if (isAppError(e) && e.code === 'DUPLICATE') {
        setDuplicate(true);
        throw shown(t('exchange.intake.duplicate'));
      }
      setErrors(fieldErrorsFromError(e));
      throw shown(exchangeErrorMessage(t, i18n.language, e));
    }
  }

  return (
    <ActionDialog title={t('exchange.intake.registerTitle')} submitLabel={duplicate ? t('exchange.intake.force') : t('exchange.intake.confirmRegister')} onClose={onClose} onSubmit={submit} wide>
      <p className="muted">{t('exchange.intake.registerIntro')}</p>
      {registers.data && registers.data.length === 0 && <Notice kind="error">{t('exchange.intake.noRegister')}</Notice>}
      <SelectField id="ex-reg-register" label={t('exchange.intake.registerBook')} value={chosen} onChange={setRegisterId} options={(registers.data ?? []).map((r) => ({ value: String(r.id), label: r.name }))} />
      <div className="ex-form-grid">
        <TextField id="ex-reg-notation" label={t('exchange.intake.numberNotation')} value={f.numberNotation} onChange={set('numberNotation')} error={err('numberNotation')} />
        <TextField id="ex-reg-date" type="date" label={t('exchange.intake.dateIssued')} value={f.dateIssued} onChange={set('dateIssued')} error={err('dateIssued')} />
        <TextField id="ex-reg-issuer" label={t('exchange.intake.issuerName')} value={f.issuerName} onChange={set('issuerName')} error={err('issuerName')} />
        <SelectField id="ex-reg-urgency" label={t('exchange.intake.urgency')} value={f.urgency} onChange={set('urgency')} options={(['normal', 'urgent', 'very_urgent', 'flash'] as const).map((u) => ({ value: u, label: t(`docs.urgency.${u}`) }))} />
        <TextField id="ex-reg-signer" label={t('exchange.intake.signerName')} value={f.signer} onChange={set('signer')} error={err('signer')} />
        <TextField id="ex-reg-position" label={t('exchange.intake.signerPosition')} value={f.signerPosition} onChange={set('signerPosition')} />
        <TextField id="ex-reg-deadline" type="date" label={t('exchange.intake.deadline')} value={f.deadline} onChange={set('deadline')} error={err('deadline')} />
      </div>
      <TextArea id="ex-reg-subject" label={t('exchange.intake.subject')} value={f.subject} onChange={set('subject')} error={err('subject')} />
      <TextArea id="ex-reg-notes" label={t('exchange.intake.notes')} value={f.notes} onChange={set('notes')} rows={2} />
    </ActionDialog>
  );
}

function RejectDialog({ item, onClose, onDone }: { item: Detail; onClose: () => void; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const { call } = useApp();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  async function submit(): Promise<void> {
    if (!reason.trim()) {
      setError(t('exchange.intake.reasonRequired'));
      throw shown(t('exchange.intake.reasonRequired'));
    }
    try {
      await call('exchange.intake.reject', { id: item.id, reason: reason.trim() });
    } catch (e) {
      throw shown(exchangeErrorMessage(t, i18n.language, e));
    }
    setFlash({ kind: 'success', text: t('exchange.intake.rejected') });
    onDone();
  }
  return (
    <ActionDialog title={t('exchange.intake.rejectTitle')} submitLabel={t('exchange.intake.reject')} onClose={onClose} onSubmit={submit} danger>
      <p className="muted">{t('exchange.intake.rejectIntro')}</p>
      <TextArea id="ex-reject-reason" label={t('exchange.intake.reason')} value={reason} onChange={setReason} required error={error} rows={4} />
    </ActionDialog>
  );
}
