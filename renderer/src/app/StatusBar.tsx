import { useTranslation } from 'react-i18next';
import { useApp } from './context';

export function StatusBar({ onShowShortcuts }: { onShowShortcuts: () => void }) {
  const { t } = useTranslation();
  const { reachable, sync, status } = useApp();
  const state = reachable ? sync.state : 'apiOffline';
  const text = reachable ? t(`status.sync.${sync.state}`) : t('status.apiOffline');
  return (
    <footer className="statusbar" aria-label={t('status.label')}>
      {/* The core's detail text is technical and untranslated: a tooltip for support, not the message. */}
      <div className="statusbar__item" role="status" data-state={state} title={reachable && sync.detail ? sync.detail : undefined}>
        <span className={`dot dot--${state}`} aria-hidden="true" />
        <span>{text}</span>
        {reachable && sync.queued > 0 && <span className="statusbar__muted">· {t('status.queued', { count: sync.queued })}</span>}
      </div>
      <div className="statusbar__item statusbar__muted">
        <button type="button" className="statusbar__link" onClick={onShowShortcuts} aria-keyshortcuts="F1">
          {t('shortcuts.open')}
        </button>
        <span>{t('status.version', { version: status.appVersion })}</span>
      </div>
    </footer>
  );
}
