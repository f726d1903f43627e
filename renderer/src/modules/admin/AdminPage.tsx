import { useTranslation } from 'react-i18next';
import type { Permission } from '../../../../shared/permissions';
import { useApp } from '../../app/context';
import { href } from '../../app/router';
import { PageHeader } from '../../ui/PageHeader';
import { AuditPanel } from './AuditPanel';
import { DocumentSettingsPanel } from './DocumentSettingsPanel';
import { RegistersPanel } from './RegistersPanel';
import { SecurityPanel } from './SecurityPanel';
import { UnitsPanel } from './UnitsPanel';
import { UsersPanel } from './UsersPanel';

const SECTIONS: { id: 'users' | 'units' | 'registers' | 'documentSettings' | 'security' | 'audit'; needs: Permission; Panel: () => React.JSX.Element }[] = [
  { id: 'users', needs: 'users.manage', Panel: UsersPanel },
  { id: 'units', needs: 'agency.manage', Panel: UnitsPanel },
  { id: 'registers', needs: 'registers.manage', Panel: RegistersPanel },
  { id: 'documentSettings', needs: 'agency.manage', Panel: DocumentSettingsPanel },
  { id: 'security', needs: 'agency.manage', Panel: SecurityPanel },
  { id: 'audit', needs: 'audit.read', Panel: AuditPanel },
];

/** Administration: users, units, document registers and settings, security settings, audit log — each at #/admin/<section>. */
export function AdminPage({ subpath }: { subpath: string }) {
  const { t } = useTranslation();
  const { session } = useApp();
  const sections = SECTIONS.filter((s) => session.permissions.has(s.needs));
  const wanted = subpath.split('/')[1] ?? '';
  const current = sections.find((s) => s.id === wanted) ?? sections[0];
  return (
    <div className="page">
      <PageHeader title={t('modules.admin.title')} />
      <nav className="tabs" aria-label={t('modules.admin.title')}>
        {sections.map((s) => (
          <a key={s.id} href={href(`/admin/${s.id}`)} className="tabs__tab" aria-current={s.id === current?.id ? 'page' : undefined}>
            {t(`admin.tabs.${s.id}`)}
          </a>
        ))}
      </nav>
      {current && <current.Panel key={current.id} />}
    </div>
  );
}
