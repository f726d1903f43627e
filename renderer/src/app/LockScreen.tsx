import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isAppError } from '../../../shared/api/errors';
import { errorMessage } from '../ui/errors';
import { Notice, TextField } from '../ui/Field';
import { BrandMark } from '../ui/BrandMark';

/** Covers the frame (the page underneath keeps its state) until the password is given again. */
export function LockScreen({ name, onUnlock, onLogout }: { name: string; onUnlock: (password: string) => Promise<void>; onLogout: () => void }) {
  const { t, i18n } = useTranslation();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || !password) return;
    setBusy(true);
    setError(null);
    try {
      await onUnlock(password);
    } catch (err) {
      setError(err);
      setPassword('');
      setBusy(false);
    }
  }

  return (
    <div className="lock-screen">
      <div className="auth-card" role="dialog" aria-modal="true" aria-labelledby="lock-title" aria-describedby="lock-explain">
        <div className="auth-card__brand">
          <BrandMark />
        </div>
        <h1 id="lock-title">{t('lock.title')}</h1>
        <p id="lock-explain" className="muted">
          {t('lock.explain', { name })}
        </p>
        {error !== null && <Notice kind="error">{isAppError(error) && error.code === 'LOGIN_FAILED' ? t('lock.wrongPassword') : errorMessage(t, i18n.language, error)}</Notice>}
        <form onSubmit={(e) => void submit(e)} noValidate>
          <TextField id="unlock-password" label={t('lock.password')} type="password" value={password} onChange={setPassword} autoComplete="current-password" autoFocus required />
          <div className="form-actions">
            <button type="button" className="btn" onClick={onLogout}>
              {t('lock.logout')}
            </button>
            <button type="submit" className="btn btn--primary" disabled={busy}>
              {busy ? t('lock.submitting') : t('lock.submit')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
