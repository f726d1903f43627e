import { Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MODULES, shortcutOf, visibleModules } from '../modules/registry';
import { canSee } from '../modules/types';
import { useApp } from './context';
import { currentPath, navigate, subPath, useRoute } from './router';
import { ShortcutsDialog } from './ShortcutsDialog';
import { Sidebar } from './Sidebar';
import { StatusBar } from './StatusBar';
import { TopBar } from './TopBar';

function focusMainHeading(): void {
  // After the new page has rendered.
  requestAnimationFrame(() => {
    const target = document.querySelector<HTMLElement>('#main-content h1') ?? document.getElementById('main-content');
    target?.focus();
  });
}

/** The logged-in frame: skip link, top bar, role-based sidebar, the routed page, status bar. */
export function Shell({ inert }: { inert: boolean }) {
  const { t } = useTranslation();
  const { session, status } = useApp();
  const route = useRoute();
  const [showShortcuts, setShowShortcuts] = useState(false);
  const modules = visibleModules(session.permissions);
  const current = modules.find((m) => subPath(route, `/${m.id}`) !== undefined);

  // Unknown or not-permitted routes go to the user's home: administration for administrators,
  // otherwise the first module they may use.
  const home = (session.user.roles.includes('admin') && modules.find((m) => m.id === 'admin')) || modules[0];
  // Read the location afresh: a deep link set just before this effect runs must not be overridden.
  useEffect(() => {
    const now = currentPath();
    if (!current && home && !modules.some((m) => subPath(now, `/${m.id}`) !== undefined)) navigate(`/${home.id}`);
  }, [current, home, modules]);

  // The window title names the page (taskbar, window switcher, screen readers).
  const pageTitle = current ? t(current.titleKey) : '';
  useEffect(() => {
    document.title = [pageTitle, status.agency?.shortName, t('app.name')].filter(Boolean).join(' — ');
  }, [pageTitle, status.agency?.shortName, t]);

  // Alt+1…7 open the modules in sidebar order (the same digits for every role).
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (!inert && e.key === 'F1' && !e.altKey && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        setShowShortcuts(true);
        return;
      }
      if (inert || !e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      const m = /^Digit([1-9])$/.exec(e.code);
      if (!m) return;
      const target = MODULES[Number(m[1]) - 1];
      if (!target || !canSee(target, session.permissions)) return;
      e.preventDefault();
      navigate(`/${target.id}`);
      focusMainHeading();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [inert, session.permissions]);

  const Page = current?.Page;
  return (
    <div className="shell" inert={inert} aria-hidden={inert || undefined}>
      <a
        href="#main-content"
        className="skip-link"
        onClick={(e) => {
          e.preventDefault();
          focusMainHeading();
        }}
      >
        {t('app.skipToContent')}
      </a>
      <TopBar />
      <div className="shell__body">
        <Sidebar modules={modules} currentId={current?.id} shortcutOf={shortcutOf} />
        <main id="main-content" className="shell__main" tabIndex={-1}>
          <Suspense
            fallback={
              <div className="page muted" role="status">
                {t('app.loading')}
              </div>
            }
          >
            {Page && current && <Page subpath={subPath(route, `/${current.id}`) ?? '/'} />}
          </Suspense>
        </main>
      </div>
      <StatusBar onShowShortcuts={() => setShowShortcuts(true)} />
      {showShortcuts && <ShortcutsDialog modules={modules} shortcutOf={shortcutOf} onClose={() => setShowShortcuts(false)} />}
    </div>
  );
}
