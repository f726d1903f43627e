import { useTranslation } from 'react-i18next';
import type { ModuleDefinition, ModuleId } from '../modules/types';
import { ModuleIcon } from '../ui/ModuleIcon';
import { href } from './router';

/** Up/Down (and Home/End) move between sidebar links, as in a desktop navigation pane. */
function moveWithArrows(e: React.KeyboardEvent<HTMLElement>): void {
  if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
  const links = [...e.currentTarget.querySelectorAll<HTMLAnchorElement>('a.sidebar__item')];
  const i = links.indexOf(document.activeElement as HTMLAnchorElement);
  if (i < 0 || links.length === 0) return;
  e.preventDefault();
  const next = e.key === 'Home' ? 0 : e.key === 'End' ? links.length - 1 : (i + (e.key === 'ArrowDown' ? 1 : -1) + links.length) % links.length;
  links[next]?.focus();
}

export function Sidebar({ modules, currentId, shortcutOf }: { modules: ModuleDefinition[]; currentId?: ModuleId; shortcutOf: (m: ModuleDefinition) => number }) {
  const { t } = useTranslation();
  return (
    <nav className="sidebar" aria-label={t('nav.label')} onKeyDown={moveWithArrows}>
      <ul>
        {modules.map((m) => {
          const n = shortcutOf(m);
          return (
            <li key={m.id}>
              <a
                href={href(`/${m.id}`)}
                className="sidebar__item"
                aria-current={m.id === currentId ? 'page' : undefined}
                aria-keyshortcuts={`Alt+${n}`}
                title={t('nav.shortcut', { n })}
              >
                <ModuleIcon id={m.id} />
                <span className="sidebar__label">{t(m.titleKey)}</span>
                {m.Badge && <m.Badge />}
                <kbd className="sidebar__kbd" aria-hidden="true">
                  Alt+{n}
                </kbd>
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
