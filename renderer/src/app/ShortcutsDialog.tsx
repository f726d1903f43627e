import { useTranslation } from 'react-i18next';
import type { ModuleDefinition } from '../modules/types';
import { Dialog } from '../ui/Dialog';

/** F1: every keyboard shortcut of the frame, with the modules this user has. */
export function ShortcutsDialog({ modules, shortcutOf, onClose }: { modules: ModuleDefinition[]; shortcutOf: (m: ModuleDefinition) => number; onClose: () => void }) {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    ...modules.map((m): [string, string] => [`Alt+${shortcutOf(m)}`, t('shortcuts.module', { name: t(m.titleKey) })]),
    ['↑ ↓ Home End', t('shortcuts.sidebar')],
    ['Tab / Shift+Tab', t('shortcuts.tab')],
    ['Enter', t('shortcuts.enter')],
    ['Esc', t('shortcuts.escape')],
    ['F1', t('shortcuts.help')],
  ];
  return (
    <Dialog title={t('shortcuts.title')} onClose={onClose}>
      <div className="dialog__body">
        <table className="table table--dense">
          <thead>
            <tr>
              <th scope="col">{t('shortcuts.key')}</th>
              <th scope="col">{t('shortcuts.action')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([key, action]) => (
              <tr key={key}>
                <td className="nowrap">
                  <kbd>{key}</kbd>
                </td>
                <td>{action}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="form-actions">
          <button type="button" className="btn btn--primary" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
