import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChangePasswordDialog } from './ChangePasswordDialog';
import { BrandMark } from '../ui/BrandMark';
import { useApp } from './context';
import { LanguageSelect } from './LanguageSelect';

export function TopBar() {
  const { t } = useTranslation();
  const { status, session, lockNow, logout } = useApp();
  const [changing, setChanging] = useState(false);
  const roles = session.user.roles.map((r) => t(`roles.${r}`)).join(', ');
  return (
    <header className="topbar">
      <div className="topbar__brand">
        <BrandMark size={32} />
        <div className="topbar__agency">
          <span className="topbar__agency-name">{status.agency?.name ?? t('app.name')}</span>
          <span className="topbar__app">
            {t('app.name')} · {t('app.tagline')}
          </span>
        </div>
      </div>
      <div className="topbar__tools">
        <LanguageSelect />
        <div className="topbar__user" aria-label={t('topbar.account')} role="group">
          <span className="topbar__avatar" aria-hidden="true">
            {initials(session.user.fullName)}
          </span>
          <span className="topbar__who">
            <span className="topbar__name">{session.user.fullName}</span>
            <span className="topbar__roles">{roles}</span>
          </span>
        </div>
        <button type="button" className="btn btn--ghost" onClick={() => setChanging(true)}>
          {t('topbar.changePassword')}
        </button>
        <button type="button" className="btn btn--ghost" onClick={lockNow}>
          {t('topbar.lock')}
        </button>
        <button type="button" className="btn btn--ghost" onClick={logout}>
          {t('topbar.logout')}
        </button>
      </div>
      {changing && <ChangePasswordDialog onClose={() => setChanging(false)} />}
    </header>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  const last = parts[parts.length - 1] ?? '';
  const first = parts.length > 1 ? (parts[0] ?? '') : '';
  return (first.slice(0, 1) + last.slice(0, 1)).toUpperCase();
}
