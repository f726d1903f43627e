import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserView } from '../../../../shared/api/schemas';
import { useApp } from '../../app/context';
import { formatDateTime } from '../../i18n';
import { errorMessage } from '../../ui/errors';
import { CheckboxField, Notice } from '../../ui/Field';
import { useLoad, useReloadOn } from '../../ui/useLoad';
import { UserDialog } from './UserDialog';

export function UsersPanel() {
  const { t, i18n } = useTranslation();
  const { call } = useApp();
  const [includeDisabled, setIncludeDisabled] = useState(false);
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<UserView | 'new' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const users = useLoad(() => call('users.list', { includeDisabled }), [call, includeDisabled]);
  const agency = useLoad(() => call('agency.get', {}), [call]);
  useReloadOn(['users'], users.reload);
  useReloadOn(['units'], agency.reload);
  const units = agency.data?.units ?? [];
  const unitName = (id: number | null) => (id === null ? t('common.none') : (units.find((u) => u.id === id)?.name ?? String(id)));

  return (
    <section aria-labelledby="users-title" className="panel">
      <div className="panel__header">
        <h2 id="users-title">{t('admin.users.title')}</h2>
        <div className="panel__tools">
          <input
            type="search"
            className="panel__search"
            aria-label={t('admin.users.search')}
            placeholder={t('admin.users.searchPlaceholder')}
            title={t('admin.users.search')}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <CheckboxField id="users-include-disabled" label={t('admin.users.includeDisabled')} checked={includeDisabled} onChange={setIncludeDisabled} />
          <button type="button" className="btn btn--primary" onClick={() => setEditing('new')}>
            + {t('admin.users.add')}
          </button>
        </div>
      </div>
      {done && <Notice kind="success">{done}</Notice>}
      {users.error !== null && <Notice kind="error">{errorMessage(t, i18n.language, users.error)}</Notice>}
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('admin.users.username')}</th>
              <th scope="col">{t('admin.users.fullName')}</th>
              <th scope="col">{t('admin.users.jobTitle')}</th>
              <th scope="col">{t('admin.users.roles')}</th>
              <th scope="col">{t('admin.users.unit')}</th>
              <th scope="col">{t('admin.users.state')}</th>
              <th scope="col">
                <span className="sr-only">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.data?.users.filter((u) => matches(query, [u.username, u.fullName, u.title])).map((u) => {
              const lockedNow = u.lockedUntil !== null && new Date(u.lockedUntil) > new Date();
              return (
                <tr key={u.id}>
                  <td className="mono">{u.username}</td>
                  <td>{u.fullName}</td>
                  <td>{u.title || t('common.none')}</td>
                  <td>{u.roles.map((r) => t(`roles.${r}`)).join(', ')}</td>
                  <td>{unitName(u.unitId)}</td>
                  <td>
                    {u.disabled ? (
                      <span className="badge badge--muted">{t('admin.users.disabled')}</span>
                    ) : lockedNow ? (
                      <span className="badge badge--warn">{t('admin.users.lockedUntil', { time: formatDateTime(u.lockedUntil!, i18n.language) })}</span>
                    ) : (
                      <span className="badge badge--ok">{t('admin.users.active')}</span>
                    )}
                  </td>
                  <td className="table__actions">
                    <button type="button" className="btn btn--small" aria-label={t('admin.users.editUser', { username: u.username })} onClick={() => setEditing(u)}>
                      {t('common.edit')}
                    </button>
                  </td>
                </tr>
              );
            })}
            {users.data && users.data.users.length === 0 && (
              <tr>
                <td colSpan={7} className="table__empty">
                  {t('admin.users.empty')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {editing && (
        <UserDialog
          user={editing === 'new' ? null : editing}
          units={units}
          onClose={() => setEditing(null)}
          onSaved={(message) => {
            setEditing(null);
            setDone(message);
            users.reload();
          }}
        />
      )}
    </section>
  );
}

/** Accent-insensitive search, since names are often typed without Vietnamese diacritics. */
export function foldVietnamese(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

function matches(query: string, fields: string[]): boolean {
  const q = foldVietnamese(query.trim());
  return q === '' || fields.some((f) => foldVietnamese(f).includes(q));
}
