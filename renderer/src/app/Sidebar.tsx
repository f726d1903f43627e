import { useTranslation } from 'react-i18next';
import type { ModuleDefinition, ModuleId } from '../modules/types';
import { ModuleIcon } from '../ui/ModuleIcon';
import { href } from './router';

export function Sidebar({ modules, currentId, shortcutOf }: { modules: ModuleDefinition[]; currentId?: ModuleId; shortcutOf: (m: ModuleDefinition) => number }) {
  const { t } = useTranslation();
  return (
    <nav className="sidebar" aria-label={t('nav.label')}>
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
