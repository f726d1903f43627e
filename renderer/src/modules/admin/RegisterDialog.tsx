import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { documentsMethods, type RegisterView } from '../../../../shared/api/documents';
import type { UserView } from '../../../../shared/api/schemas';
import { useApp } from '../../app/context';
import { Dialog } from '../../ui/Dialog';
import { errorMessage, fieldErrorsFromError, fieldErrorsFromZod, type FieldErrors } from '../../ui/errors';
import { CheckboxField, Notice, TextField } from '../../ui/Field';
import { KeepersField } from './KeepersField';
import { NumberPaddingField } from './NumberPaddingField';
import { adminFieldText, nameTaken } from './registerFields';

/** Edit what registers.update allows: name, number padding, keepers, closed. Kind, type and unit stay as created. */
export function RegisterDialog({ register, registers, users, onClose, onSaved }: {
  register: RegisterView; registers: RegisterView[] | undefined; users: UserView[]; onClose: () => void; onSaved: (message: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const { call } = useApp();
  const [name, setName] = useState(register.name);
  const [padding, setPadding] = useState(String(register.numberPadding));
  const [keeperIds, setKeeperIds] = useState(register.keeperIds);
  const [closed, setClosed] = useState(!register.active);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const value = { id: register.id, name, numberPadding: padding.trim() === '' ? Number.NaN : Number(padding), keeperIds, active: !closed };
    const parsed = documentsMethods['registers.update'].input.safeParse(value);
    const errs = parsed.success ? {} : fieldErrorsFromZod(parsed.error);
    if (!errs.name && nameTaken(registers, name, register.direction, register.id)) errs.name = 'taken';
    if (Object.keys(errs).length > 0) {
      setErrors(errs);
      setFailure(null);
      const first = Object.keys(errs)[0]!.split('.')[0];
      requestAnimationFrame(() => document.getElementById(`register-edit-${first}`)?.focus());
      return;
    }
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      const r = await call('registers.update', value);
      onSaved(t('admin.registers.updated', { name: r.register.name }));
    } catch (err) {
      setErrors(fieldErrorsFromError(err));
      setFailure(err);
      setBusy(false);
    }
  }

  const err = (path: string) => adminFieldText(t, 'registers', path, errors[path]);
  return (
    <Dialog title={t('admin.registers.editTitle', { name: register.name })} onClose={onClose} wide>
      <form onSubmit={(e) => void submit(e)} noValidate className="dialog__body">
        {failure !== null && <Notice kind="error">{errorMessage(t, i18n.language, failure)}</Notice>}
        <p className="muted">
          {t(`admin.registers.directions.${register.direction}`)}
          {register.confidential ? ` · ${t('admin.registers.confidentialShort')}` : ''}
        </p>
        <div className="form-grid">
          <TextField id="register-edit-name" label={t('admin.registers.name')} value={name} onChange={setName} error={err('name')} required />
          <NumberPaddingField id="register-edit-numberPadding" value={padding} onChange={setPadding} error={err('numberPadding')} />
          <KeepersField idPrefix="register-edit-keeper" users={users} value={keeperIds} onChange={setKeeperIds} error={err('keeperIds')} />
          <CheckboxField id="register-edit-closed" label={t('admin.registers.closeRegister')} checked={closed} onChange={setClosed} />
        </div>
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
