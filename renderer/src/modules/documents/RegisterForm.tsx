import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { CONFIDENTIALITIES, DOCUMENT_TYPES, URGENCIES, incomingMetadata, type DocumentView, type RegisterView } from '../../../../shared/api/documents';
import { isAppError } from '../../../../shared/api/errors';
import { useApp } from '../../app/context';
import { FieldError, Notice, SelectField, TextField } from '../../ui/Field';
import { fieldErrorsFromError, fieldErrorsFromZod, type FieldErrors } from '../../ui/errors';
import { docErrorMessage, docFieldMessage, formatSize, todayYmd } from './format';
import { pickFile, type PickedFile } from './files';

interface Duplicate {
  id: number;
  reason: 'sameNumber' | 'sameFile';
  numberNotation: string | null;
  subject: string;
  arrivalNumber: number | null;
}

const formSchema = incomingMetadata.extend({ registerId: z.number({ message: 'required' }).int().positive({ message: 'required' }) });

interface Values {
  registerId: string;
  numberNotation: string;
  issuerName: string;
  issuerCode: string;
  typeCode: string;
  dateIssued: string;
  subject: string;
  signer: string;
  signerPosition: string;
  pages: string;
  urgency: string;
  confidentiality: string;
  deadline: string;
  notes: string;
}

/**
 * Registering an incoming document (vào sổ văn bản đến). The printed number/notation fills in the
 * type and issuer; probable duplicates are shown before anything is saved, with "register anyway";
 * errors appear next to their fields in the user's language.
 */
export function RegisterForm({ registers, onRegistered, onCancel }: { registers: RegisterView[]; onRegistered: (d: DocumentView, warnings: string[]) => void; onCancel: () => void }) {
  const { t, i18n } = useTranslation();
  const { call } = useApp();
  const active = registers.filter((r) => r.active && r.direction === 'incoming');
  const [v, setV] = useState<Values>({
    registerId: active[0] ? String(active[0].id) : '',
    numberNotation: '',
    issuerName: '',
    issuerCode: '',
    typeCode: '',
    dateIssued: '',
    subject: '',
    signer: '',
    signerPosition: '',
    pages: '',
    urgency: 'normal',
    confidentiality: 'normal',
    deadline: '',
    notes: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [parsed, setParsed] = useState<{ text: string; ok: boolean } | null>(null);
  const [busy, setBusy] = useState<'checking' | 'saving' | null>(null);
  const [duplicates, setDuplicates] = useState<Duplicate[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const touched = useRef(new Set<keyof Values>());

  const set = (k: keyof Values) => (value: string) => {
    touched.current.add(k);
    setV((old) => ({ ...old, [k]: value }));
    setDuplicates(null);
    if (errors[k]) setErrors(({ [k]: _gone, ...rest }) => rest);
  };

  // Read the notation a moment after typing stops: type and issuer follow unless set by hand.
  useEffect(() => {
    const text = v.numberNotation.trim();
    if (!text) {
      setParsed(null);
      return;
    }
    const handle = window.setTimeout(() => {
      call('documents.parseNotation', { numberNotation: text }).then(
        (p) => {
          const typeName = DOCUMENT_TYPES.find((d) => d.code === p.typeCode)?.name ?? p.typeCode;
          setParsed({ ok: true, text: t('docs.form.parsed', { type: typeName, number: p.numberText, issuer: p.issuerShort }) });
          setV((old) => ({
            ...old,
            typeCode: touched.current.has('typeCode') ? old.typeCode : p.typeCode,
            issuerName: touched.current.has('issuerName') && old.issuerName ? old.issuerName : old.issuerName || p.issuerShort,
          }));
        },
        () => setParsed({ ok: false, text: t('docs.form.parseFailed') }),
      );
    }, 250);
    return () => window.clearTimeout(handle);
  }, [v.numberNotation, call, t]);

  function input() {
    return {
      registerId: v.registerId ? Number(v.registerId) : 0,
      numberNotation: v.numberNotation,
      issuerName: v.issuerName,
      issuerCode: v.issuerCode,
      typeCode: v.typeCode || undefined,
      dateIssued: v.dateIssued,
      subject: v.subject,
      signer: v.signer,
      signerPosition: v.signerPosition,
      pages: v.pages ? Number(v.pages) : null,
      urgency: v.urgency as (typeof URGENCIES)[number],
      confidentiality: v.confidentiality as (typeof CONFIDENTIALITIES)[number],
      deadline: v.deadline || null,
      notes: v.notes,
    };
  }

  async function save(force: boolean) {
    const data = input();
    setFailure(null);
    try {
      setBusy('saving');
      const r = await call('documents.registerIncoming', { ...data, attachments: files.map((f) => ({ fileName: f.fileName, contentBase64: f.contentBase64 })), force });
      onRegistered(r.document, r.warnings);
    } catch (e) {
      if (isAppError(e) && e.code === 'DUPLICATE') {
        const found = (e.details?.duplicates as Duplicate[] | undefined) ?? [];
        setDuplicates(found);
      } else {
        const fe = fieldErrorsFromError(e);
        setErrors(fe);
        setFailure(Object.keys(fe).length ? t('docs.form.fixErrors') : docErrorMessage(t, i18n.language, e));
      }
    } finally {
      setBusy(null);
    }
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const data = input();
    const parsedForm = formSchema.safeParse(data);
    if (!parsedForm.success) {
      const fe = fieldErrorsFromZod(parsedForm.error);
      // An empty date is "required", not "wrong format".
      for (const k of ['dateIssued', 'deadline'] as const) if (fe[k] === 'date.format' && !v[k]) fe[k] = 'required';
      setErrors(fe);
      setFailure(t('docs.form.fixErrors'));
      return;
    }
    setErrors({});
    setFailure(null);
    setBusy('checking');
    try {
      const { duplicates: found } = await call('documents.checkDuplicate', {
        numberNotation: data.numberNotation,
        issuerName: data.issuerName,
        issuerCode: data.issuerCode || undefined,
        dateIssued: data.dateIssued,
        sha256s: files.map((f) => f.sha256),
      });
      if (found.length > 0) {
        setDuplicates(found);
        setBusy(null);
        return;
      }
    } catch (err) {
      setBusy(null);
      setFailure(docErrorMessage(t, i18n.language, err));
      return;
    }
    await save(false);
  }

  async function onFiles(list: FileList | null) {
    if (!list) return;
    const picked = await Promise.all([...list].map((f) => pickFile(f)));
    setFiles((old) => [...old, ...picked.filter((p) => !old.some((o) => o.sha256 === p.sha256))]);
    setDuplicates(null);
  }

  const err = (k: string) => docFieldMessage(t, errors[k]);
  const typeOptions = [{ value: '', label: t('docs.form.typeFromNotation') }, ...DOCUMENT_TYPES.map((d) => ({ value: d.code, label: d.name }))];
  if (active.length === 0) return <Notice kind="info">{t('docs.form.noRegister')}</Notice>;

  return (
    <form className="card doc-form" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="register-title">
      <h2 id="register-title">{t('docs.form.title')}</h2>
      {failure && <Notice kind="error">{failure}</Notice>}
      <div className="form-grid">
        <SelectField id="reg-register" label={t('docs.form.register')} value={v.registerId} onChange={set('registerId')} options={active.map((r) => ({ value: String(r.id), label: r.name }))} error={err('registerId')} />
        <div>
          <TextField id="reg-notation" label={t('docs.form.numberNotation')} value={v.numberNotation} onChange={set('numberNotation')} required error={err('numberNotation')} hint={parsed?.text ?? t('docs.form.numberNotationHint')} autoComplete="off" />
        </div>
        <TextField id="reg-issuer" label={t('docs.form.issuerName')} value={v.issuerName} onChange={set('issuerName')} required error={err('issuerName')} />
        <TextField id="reg-issuer-code" label={t('docs.form.issuerCode')} value={v.issuerCode} onChange={set('issuerCode')} error={err('issuerCode')} />
        <SelectField id="reg-type" label={t('docs.form.type')} value={v.typeCode} onChange={set('typeCode')} options={typeOptions} error={err('typeCode')} />
        <TextField id="reg-date" type="date" label={t('docs.form.dateIssued')} value={v.dateIssued} onChange={set('dateIssued')} required error={err('dateIssued')} max={todayYmd()} />
        <div className={`field span-2${errors.subject ? ' field--invalid' : ''}`}>
          <label htmlFor="reg-subject" className="label--required">
            {t('docs.form.subject')}
          </label>
          <textarea id="reg-subject" rows={3} value={v.subject} onChange={(e) => set('subject')(e.target.value)} required aria-invalid={errors.subject ? true : undefined} aria-describedby={errors.subject ? 'reg-subject-error' : undefined} />
          {errors.subject && <FieldError id="reg-subject-error">{err('subject')}</FieldError>}
        </div>
        <TextField id="reg-signer" label={t('docs.form.signer')} value={v.signer} onChange={set('signer')} error={err('signer')} />
        <TextField id="reg-signer-pos" label={t('docs.form.signerPosition')} value={v.signerPosition} onChange={set('signerPosition')} error={err('signerPosition')} />
        <SelectField id="reg-urgency" label={t('docs.form.urgency')} value={v.urgency} onChange={set('urgency')} options={URGENCIES.map((u) => ({ value: u, label: t(`docs.urgency.${u}`) }))} />
        <SelectField id="reg-conf" label={t('docs.form.confidentiality')} value={v.confidentiality} onChange={set('confidentiality')} options={CONFIDENTIALITIES.map((c) => ({ value: c, label: t(`docs.confidentiality.${c}`) }))} />
        <TextField id="reg-deadline" type="date" label={t('docs.form.deadline')} value={v.deadline} onChange={set('deadline')} error={err('deadline')} />
        <TextField id="reg-pages" type="number" min={1} label={t('docs.form.pages')} value={v.pages} onChange={set('pages')} error={err('pages')} />
        <TextField id="reg-notes" className="span-2" label={t('docs.form.notes')} value={v.notes} onChange={set('notes')} error={err('notes')} />
        <div className="field span-2">
          <label htmlFor="reg-files">{t('docs.form.attachments')}</label>
          <input id="reg-files" type="file" multiple accept=".pdf,application/pdf,.doc,.docx,.xls,.xlsx,.odt,.txt,.xml,.zip,image/*" onChange={(e) => void onFiles(e.target.files)} />
          {files.length === 0 ? (
            <p className="field__hint">{t('docs.form.noFiles')}</p>
          ) : (
            <ul className="doc-files">
              {files.map((f) => (
                <li key={f.sha256}>
                  <span className="doc-files__name">{f.fileName}</span>
                  <span className="muted">{formatSize(f.size)}</span>
                  {f.notAPdf && <span className="doc-files__warn">{t('docs.form.fileNotPdf')}</span>}
                  <button type="button" className="btn btn--ghost btn--small" aria-label={t('docs.form.removeFile', { name: f.fileName })} onClick={() => setFiles((old) => old.filter((o) => o !== f))}>
                    ✕
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {duplicates && duplicates.length > 0 && (
        <div className="notice notice--error doc-duplicate" role="alert" aria-labelledby="dup-title">
          <strong id="dup-title">{t('docs.form.duplicateTitle')}</strong>
          <span>{t('docs.form.duplicateBody')}</span>
          <ul>
            {duplicates.map((d) => (
              <li key={`${d.id}-${d.reason}`}>
                {d.reason === 'sameNumber' ? t('docs.form.duplicateSameNumber') : t('docs.form.duplicateSameFile')}: <strong>{d.numberNotation ?? ''}</strong> {d.subject}
                {d.arrivalNumber !== null && <> ({t('docs.form.duplicateArrival', { n: d.arrivalNumber })})</>}{' '}
                <a href={`#/incoming/doc/${d.id}`} target="_blank" rel="noreferrer">
                  {t('docs.form.view')}
                </a>
              </li>
            ))}
          </ul>
          <div className="doc-duplicate__actions">
            <button type="button" className="btn" onClick={() => setDuplicates(null)}>
              {t('common.cancel')}
            </button>
            <button type="button" className="btn btn--primary" disabled={busy !== null} onClick={() => void save(true)}>
              {t('docs.form.saveAnyway')}
            </button>
          </div>
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn--primary" disabled={busy !== null || (duplicates !== null && duplicates.length > 0)}>
          {busy === 'checking' ? t('docs.form.checking') : busy === 'saving' ? t('docs.form.submitting') : t('docs.form.submit')}
        </button>
      </div>
    </form>
  );
}
