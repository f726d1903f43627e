import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { foundationMethods } from '../../../../shared/api/foundation';
import { useApp } from '../../app/context';
import { errorMessage, fieldErrorsFromError, fieldErrorsFromZod, fieldMessage, type FieldErrors } from '../../ui/errors';
import { Notice, TextField } from '../../ui/Field';
import { useLoad, useReloadOn } from '../../ui/useLoad';

export function UnitsPanel() {
  const { t, i18n } = useTranslation();
  const { call } = useApp();
  const agency = useLoad(() => call('agency.get', {}), [call]);
  useReloadOn(['units', 'agency'], agency.reload);
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function add(e: FormEvent) {
    e.preventDefault();
    const parsed = foundationMethods['units.create'].input.safeParse({ name, code });
    if (!parsed.success) {
      setErrors(fieldErrorsFromZod(parsed.error));
      document.getElementById('unit-name')?.focus();
      return;
    }
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      const r = await call('units.create', { name, code });
      setDone(t('admin.units.created', { name: r.unit.name }));
      setName('');
      setCode('');
      agency.reload();
    } catch (err) {
      setErrors(fieldErrorsFromError(err));
      setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="units-title" className="panel">
      <div className="panel__header">
        <h2 id="units-title">{t('admin.units.title')}</h2>
      </div>
      {done && <Notice kind="success">{done}</Notice>}
      {agency.error !== null && <Notice kind="error">{errorMessage(t, i18n.language, agency.error)}</Notice>}
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('admin.units.name')}</th>
              <th scope="col">{t('admin.units.code')}</th>
            </tr>
          </thead>
          <tbody>
            {agency.data?.units.map((u) => (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td className="mono">{u.code || t('common.none')}</td>
              </tr>
            ))}
            {agency.data && agency.data.units.length === 0 && (
              <tr>
                <td colSpan={2} className="table__empty">
                  {t('admin.units.empty')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <form className="inline-form card" onSubmit={(e) => void add(e)} noValidate aria-labelledby="unit-add-title">
        <h3 id="unit-add-title">{t('admin.units.add')}</h3>
        {failure !== null && <Notice kind="error">{errorMessage(t, i18n.language, failure)}</Notice>}
        <div className="inline-form__row">
          <TextField id="unit-name" label={t('admin.units.name')} value={name} onChange={setName} error={fieldMessage(t, errors.name)} required />
          <TextField id="unit-code" label={t('admin.units.code')} value={code} onChange={setCode} error={fieldMessage(t, errors.code)} />
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {t('admin.units.add')}
          </button>
        </div>
      </form>
    </section>
  );
}
