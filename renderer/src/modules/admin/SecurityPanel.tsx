import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { securitySettings, type SecuritySettings } from '../../../../shared/api/foundation';
import { useApp } from '../../app/context';
import { errorMessage, fieldErrorsFromError, fieldErrorsFromZod, fieldMessage, type FieldErrors } from '../../ui/errors';
import { Notice, WholeNumberField } from '../../ui/Field';

type Draft = Record<keyof SecuritySettings, string>;

export function SecurityPanel() {
  const { t, i18n } = useTranslation();
  const { call, refreshSession } = useApp();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('settings.getSecurity', {}).then(
      (s) => setDraft({ idleLockSeconds: String(s.idleLockSeconds), maxFailedLogins: String(s.maxFailedLogins), lockoutSeconds: String(s.lockoutSeconds) }),
      setFailure,
    );
  }, [call]);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    const value = { idleLockSeconds: Number(draft.idleLockSeconds), maxFailedLogins: Number(draft.maxFailedLogins), lockoutSeconds: Number(draft.lockoutSeconds) };
    const parsed = securitySettings.safeParse(value);
    setSaved(false);
    if (!parsed.success || Object.values(draft).some((v) => v.trim() === '')) {
      const errs = parsed.success ? {} : fieldErrorsFromZod(parsed.error);
      for (const [k, v] of Object.entries(draft)) if (v.trim() === '') errs[k] = 'required';
      setErrors(errs);
      return;
    }
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      await call('settings.updateSecurity', value);
      setSaved(true);
      await refreshSession(); // the new idle-lock time applies to this session at once
    } catch (err) {
      setErrors(fieldErrorsFromError(err));
      setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  const field = (k: keyof SecuritySettings, label: string, hint?: string) => (
    <WholeNumberField
      id={`security-${k}`}
      min={k === 'idleLockSeconds' ? 0 : 1}
      label={label}
      hint={hint}
      value={draft?.[k] ?? ''}
      onChange={(v) => draft && setDraft({ ...draft, [k]: v })}
      error={fieldMessage(t, errors[k])}
      required
    />
  );

  return (
    <section aria-labelledby="security-title" className="panel">
      <div className="panel__header">
        <h2 id="security-title">{t('admin.security.title')}</h2>
      </div>
      {failure !== null && <Notice kind="error">{errorMessage(t, i18n.language, failure)}</Notice>}
      {saved && <Notice kind="success">{t('common.saved')}</Notice>}
      {draft && (
        <form className="card form-narrow" onSubmit={(e) => void save(e)} noValidate>
          {field('idleLockSeconds', t('admin.security.idleLockSeconds'), t('admin.security.idleLockHint'))}
          {field('maxFailedLogins', t('admin.security.maxFailedLogins'))}
          {field('lockoutSeconds', t('admin.security.lockoutSeconds'))}
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
