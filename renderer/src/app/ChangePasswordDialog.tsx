import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isAppError } from '../../../shared/api/errors';
import { foundationMethods } from '../../../shared/api/foundation';
import { Dialog } from '../ui/Dialog';
import { errorMessage, fieldErrorsFromZod, fieldMessage, type FieldErrors } from '../ui/errors';
import { Notice, TextField } from '../ui/Field';
import { useApp } from './context';

/** The user changes their own password (auth.changePassword). */
export function ChangePasswordDialog({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { call } = useApp();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const input = { currentPassword: current, newPassword: next };
    const parsed = foundationMethods['auth.changePassword'].input.safeParse(input);
    const errs: FieldErrors = parsed.success ? {} : fieldErrorsFromZod(parsed.error);
    if (!current) errs.currentPassword = 'required';
    if (!errs.newPassword && confirm !== next) errs.confirm = 'passwordConfirm.mismatch';
    setErrors(errs);
    setFailure(null);
    if (Object.keys(errs).length > 0) return;
    setBusy(true);
    try {
      await call('auth.changePassword', input);
      setDone(true);
    } catch (err) {
      if (isAppError(err) && err.code === 'LOGIN_FAILED') setErrors({ currentPassword: 'wrongCurrent' });
      else setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  const message = (k: string) => (errors[k] === 'wrongCurrent' ? t('account.changePassword.wrongCurrent') : fieldMessage(t, errors[k]));
  return (
    <Dialog title={t('account.changePassword.title')} onClose={onClose}>
      <form className="dialog__body" onSubmit={(e) => void submit(e)} noValidate>
        {done ? (
          <Notice kind="success">{t('account.changePassword.done')}</Notice>
        ) : (
          <>
            {failure !== null && <Notice kind="error">{errorMessage(t, i18n.language, failure)}</Notice>}
            <TextField id="pw-current" type="password" label={t('account.changePassword.current')} value={current} onChange={setCurrent} error={message('currentPassword')} autoComplete="current-password" required />
            <TextField id="pw-new" type="password" label={t('account.changePassword.next')} hint={t('setup.admin.passwordHint')} value={next} onChange={setNext} error={message('newPassword')} autoComplete="new-password" required />
            <TextField id="pw-confirm" type="password" label={t('account.changePassword.confirm')} value={confirm} onChange={setConfirm} error={message('confirm')} autoComplete="new-password" required />
          </>
        )}
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {done ? t('common.close') : t('common.cancel')}
          </button>
          {!done && (
            <button type="submit" className="btn btn--primary" disabled={busy}>
              {busy ? t('common.saving') : t('common.save')}
            </button>
          )}
        </div>
      </form>
    </Dialog>
  );
}
