import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { documentsSettings, type DocumentsSettings } from '../../../../shared/api/documents';
import { useApp } from '../../app/context';
import { errorMessage, fieldErrorsFromError, fieldErrorsFromZod, type FieldErrors } from '../../ui/errors';
import { Notice, TextField, WholeNumberField } from '../../ui/Field';
import { adminFieldText } from './registerFields';

const MB = 1024 * 1024;

/** A size for people: 25 MB, 2,5 MB, 512 KB — in the reader's number format. */
export function formatSize(bytes: number, language: string): string {
  const locale = language === 'vi' ? 'vi-VN' : 'en-GB';
  if (bytes < MB) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / 1024)} KB`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(bytes / MB)} MB`;
}

/** Reads "2,5" (Vietnamese decimal comma) as well as "2.5"; NaN when it is not a number. */
function parseDecimal(text: string): number {
  const s = text.trim().replace(',', '.');
  return s === '' || !/^\d*\.?\d+$|^\d+\.$/.test(s) ? Number.NaN : Number(s);
}

/** Cài đặt văn bản: attachment size limit (typed in MB, kept in bytes) and forwarding depth. */
export function DocumentSettingsPanel() {
  const { t, i18n } = useTranslation();
  const { call } = useApp();
  const [current, setCurrent] = useState<DocumentsSettings | null>(null);
  const [sizeMb, setSizeMb] = useState('');
  const [depth, setDepth] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  function show(s: DocumentsSettings) {
    setCurrent(s);
    setSizeMb(String(Math.round((s.maxAttachmentBytes / MB) * 1000) / 1000).replace('.', i18n.language === 'vi' ? ',' : '.'));
    setDepth(String(s.maxForwardDepth));
  }

  useEffect(() => {
    call('documents.getSettings', {}).then(show, setFailure);
  }, [call]);

  async function save(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const mb = parseDecimal(sizeMb);
    const value = { maxAttachmentBytes: Number.isNaN(mb) ? Number.NaN : Math.round(mb * MB), maxForwardDepth: depth.trim() === '' ? Number.NaN : Number(depth) };
    const parsed = documentsSettings.safeParse(value);
    if (!parsed.success || sizeMb.trim() === '' || depth.trim() === '') {
      const errs = parsed.success ? {} : fieldErrorsFromZod(parsed.error);
      if (sizeMb.trim() === '') errs.maxAttachmentBytes = 'required';
      if (depth.trim() === '') errs.maxForwardDepth = 'required';
      setErrors(errs);
      setFailure(null);
      const first = Object.keys(errs)[0];
      if (first) requestAnimationFrame(() => document.getElementById(`docsettings-${first}`)?.focus());
      return;
    }
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      show(await call('documents.updateSettings', value));
      setSaved(true);
    } catch (err) {
      setErrors(fieldErrorsFromError(err));
      setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  const err = (path: string) => adminFieldText(t, 'documentSettings', path, errors[path]);
  return (
    <section aria-labelledby="docsettings-title" className="panel">
      <div className="panel__header">
        <h2 id="docsettings-title">{t('admin.documentSettings.title')}</h2>
      </div>
      {failure !== null && <Notice kind="error">{errorMessage(t, i18n.language, failure)}</Notice>}
      {saved && <Notice kind="success">{t('common.saved')}</Notice>}
      {current && (
        <form className="card form-narrow" onSubmit={(e) => void save(e)} noValidate>
          <TextField
            id="docsettings-maxAttachmentBytes"
            inputMode="decimal"
            label={t('admin.documentSettings.maxAttachmentMb')}
            hint={t('admin.documentSettings.maxAttachmentHint', { size: formatSize(current.maxAttachmentBytes, i18n.language) })}
            value={sizeMb}
            onChange={setSizeMb}
            error={err('maxAttachmentBytes')}
            required
          />
          <WholeNumberField
            id="docsettings-maxForwardDepth"
            min={0}
            max={10}
            label={t('admin.documentSettings.maxForwardDepth')}
            hint={t('admin.documentSettings.maxForwardDepthHint')}
            value={depth}
            onChange={setDepth}
            error={err('maxForwardDepth')}
            required
          />
          <div className="form-actions">
            <button type="submit" className="btn btn--primary" disabled={busy}>
              {busy ? t('common.saving') : t('common.save')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
