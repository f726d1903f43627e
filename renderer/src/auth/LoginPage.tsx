import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient } from '../../../shared/api/client';
import type { Output } from '../../../shared/api/contract';
import type { AgencyView } from '../../../shared/api/schemas';
import { LanguageSelect } from '../app/LanguageSelect';
import { errorMessage, fieldMessage } from '../ui/errors';
import { Notice, TextField } from '../ui/Field';
import { BrandMark } from '../ui/BrandMark';

export type LoginNotice = { kind: 'info'; key: 'login.setupDone' | 'login.sessionEnded' | 'login.loggedOut' } | { kind: 'error'; error: unknown };

export function LoginPage(props: {
  client: ApiClient;
  agency: AgencyView | null;
  appVersion: string;
  notice: LoginNotice | null;
  initialUsername?: string;
  onLoggedIn: (r: Output<'auth.login'>) => void;
}) {
  const { t, i18n } = useTranslation();
  const [username, setUsername] = useState(props.initialUsername ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState({ username: false, password: false });
  const [error, setError] = useState<unknown>(props.notice?.kind === 'error' ? props.notice.error : null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setMissing({ username: !username.trim(), password: !password });
    if (!username.trim() || !password) return;
    setBusy(true);
    setError(null);
    try {
      const r = await props.client.call('auth.login', { username, password });
      props.onLoggedIn(r);
    } catch (err) {
      setError(err);
      setPassword('');
      setBusy(false);
    }
  }

  const info = props.notice?.kind === 'info' && !error ? t(props.notice.key) : null;
  return (
    <div className="auth-screen">
      <div className="auth-screen__lang">
        <LanguageSelect />
      </div>
      <main className="auth-card" aria-labelledby="login-title">
        <div className="auth-card__brand">
          <BrandMark />
          <div>
            <div className="auth-card__agency">{props.agency?.name ?? t('app.name')}</div>
            <div className="auth-card__tagline">{t('app.tagline')}</div>
          </div>
        </div>
        <h1 id="login-title">{t('login.title')}</h1>
        <p className="muted">{t('login.intro')}</p>
        {info && <Notice kind="info">{info}</Notice>}
        {error !== null && <Notice kind="error">{errorMessage(t, i18n.language, error)}</Notice>}
        <form onSubmit={(e) => void submit(e)} noValidate>
          <TextField id="login-username" label={t('login.username')} value={username} onChange={setUsername} autoComplete="username" error={missing.username ? fieldMessage(t, 'required') : undefined} autoFocus={!username} required autoCapitalize="none" spellCheck={false} />
          <TextField id="login-password" label={t('login.password')} type="password" value={password} onChange={setPassword} autoComplete="current-password" error={missing.password ? fieldMessage(t, 'required') : undefined} autoFocus={!!username} required />
          <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      </main>
      <footer className="auth-screen__footer">{t('status.version', { version: props.appVersion })}</footer>
    </div>
  );
}
