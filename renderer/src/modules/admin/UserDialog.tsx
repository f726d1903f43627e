import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isAppError } from '../../../../shared/api/errors';
import { foundationMethods } from '../../../../shared/api/foundation';
import type { UnitView, UserView } from '../../../../shared/api/schemas';
import { ROLES, type Role } from '../../../../shared/permissions';
import { useApp } from '../../app/context';
import { formatDateTime } from '../../i18n';
import { Dialog } from '../../ui/Dialog';
import { errorMessage, fieldErrorsFromError, fieldErrorsFromZod, fieldMessage, type FieldErrors } from '../../ui/errors';
import { CheckboxField, CheckboxGroupField, Notice, SelectField, TextField } from '../../ui/Field';

/** Create a user (user = null) or edit one: roles, unit, disabled, unlock, password reset. */
export function UserDialog({ user, units, onClose, onSaved }: { user: UserView | null; units: UnitView[]; onClose: () => void; onSaved: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const { call } = useApp();
  const [username, setUsername] = useState(user?.username ?? '');
  const [fullName, setFullName] = useState(user?.fullName ?? '');
  const [title, setTitle] = useState(user?.title ?? '');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<Role[]>(user?.roles ?? []);
  const [unitId, setUnitId] = useState<number | null>(user?.unitId ?? null);
  const [disabled, setDisabled] = useState(user?.disabled ?? false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const lockedNow = user?.lockedUntil != null && new Date(user.lockedUntil) > new Date();

  function input() {
    if (!user) return { kind: 'create' as const, value: { username, fullName, title, password, roles, unitId } };
    return {
      kind: 'update' as const,
      value: { id: user.id, fullName, title, roles, unitId, disabled, ...(password ? { newPassword: password } : {}) },
    };
  }

  async function run(action: () => Promise<string>) {
    setBusy(true);
    setFailure(null);
    try {
      onSaved(await action());
    } catch (e) {
      setErrors(fieldErrorsFromError(e));
      setFailure(e);
      setBusy(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const req = input();
    const parsed = req.kind === 'create' ? foundationMethods['users.create'].input.safeParse(req.value) : foundationMethods['users.update'].input.safeParse(req.value);
    if (!parsed.success) {
      const errs = fieldErrorsFromZod(parsed.error);
      setErrors(errs);
      const first = Object.keys(errs)[0];
      if (first) requestAnimationFrame(() => document.getElementById(`user-${first === 'roles' ? 'roles-admin' : first}`)?.focus());
      return;
    }
    setErrors({});
    void run(async () => {
      if (req.kind === 'create') {
        const r = await call('users.create', req.value);
        return t('admin.users.created', { username: r.user.username });
      }
      const r = await call('users.update', req.value);
      return t('admin.users.updated', { username: r.user.username });
    });
  }

  const err = (path: string) => fieldMessage(t, errors[path]);
  return (
    <Dialog title={user ? t('admin.users.editTitle', { username: user.username }) : t('admin.users.createTitle')} onClose={onClose} wide>
      <form onSubmit={submit} noValidate className="dialog__body">
        {failure !== null && (
          <Notice kind="error">
            {/* The core refuses to demote or disable the last active administrator (CONFLICT). */}
            {isAppError(failure) && failure.code === 'CONFLICT' && user?.roles.includes('admin') ? t('admin.users.lastAdmin') : errorMessage(t, i18n.language, failure)}
          </Notice>
        )}
        <div className="form-grid">
          {!user && (
            <TextField id="user-username" label={t('admin.users.username')} value={username} onChange={setUsername} error={err('username')} required autoComplete="off" spellCheck={false} autoCapitalize="none" />
          )}
          <TextField id="user-fullName" label={t('admin.users.fullName')} value={fullName} onChange={setFullName} error={err('fullName')} required />
          <TextField id="user-title" label={t('admin.users.jobTitle')} value={title} onChange={setTitle} error={err('title')} />
          <SelectField
            id="user-unitId"
            label={t('admin.users.unit')}
            value={unitId === null ? '' : String(unitId)}
            onChange={(v) => setUnitId(v ? Number(v) : null)}
            options={[{ value: '', label: t('admin.users.noUnit') }, ...units.map((u) => ({ value: String(u.id), label: u.name }))]}
            error={err('unitId')}
          />
          <TextField
            id={user ? 'user-newPassword' : 'user-password'}
            type="password"
            label={user ? t('admin.users.newPassword') : t('admin.users.password')}
            hint={user ? t('admin.users.newPasswordHint') : t('setup.admin.passwordHint')}
            value={password}
            onChange={setPassword}
            error={err(user ? 'newPassword' : 'password')}
            required={!user}
            autoComplete="new-password"
          />
          <CheckboxGroupField legend={t('admin.users.roles')} errorId="user-roles-error" error={err('roles')}>
            {ROLES.map((r) => (
              <CheckboxField key={r} id={`user-roles-${r}`} label={t(`roles.${r}`)} checked={roles.includes(r)} onChange={(on) => setRoles((rs) => (on ? [...rs, r] : rs.filter((x) => x !== r)))} />
            ))}
          </CheckboxGroupField>
          {user && <CheckboxField id="user-disabled" label={t('admin.users.disableAccount')} checked={disabled} onChange={setDisabled} />}
        </div>
        {user && lockedNow && (
          <div className="notice notice--warn">
            <span>{t('admin.users.lockedUntil', { time: formatDateTime(user.lockedUntil!, i18n.language) })}</span>
            <button
              type="button"
              className="btn btn--small"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  await call('users.update', { id: user.id, unlock: true });
                  return t('admin.users.unlocked', { username: user.username });
                })
              }
            >
              {t('admin.users.unlock')}
            </button>
          </div>
        )}
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {busy ? t('common.saving') : t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
