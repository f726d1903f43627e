import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_TYPES, documentsMethods, type RegisterView } from '../../../../shared/api/documents';
import { useApp } from '../../app/context';
import { errorMessage, fieldErrorsFromError, fieldErrorsFromZod, type FieldErrors } from '../../ui/errors';
import { CheckboxField, Notice, SelectField, TextField } from '../../ui/Field';
import { useLoad, useReloadOn } from '../../ui/useLoad';
import { KeepersField } from './KeepersField';
import { NumberPaddingField } from './NumberPaddingField';
import { RegisterDialog } from './RegisterDialog';
import { adminFieldText, nameTaken } from './registerFields';

/** Sổ văn bản: the registers with this year's last number; add one (e.g. a confidential one) or edit it. */
export function RegistersPanel() {
  const { t, i18n } = useTranslation();
  const { call } = useApp();
  // Registers count per calendar year in Vietnam time (UTC+7, no daylight saving), as the core does.
  const year = new Date(Date.now() + 7 * 3_600_000).getUTCFullYear();
  const registers = useLoad(() => call('registers.list', { year }), [call, year]);
  const agency = useLoad(() => call('agency.get', {}), [call]);
  const users = useLoad(() => call('users.list', {}), [call]);
  useReloadOn(['registers', 'documents'], registers.reload);
  useReloadOn(['units', 'agency'], agency.reload);
  useReloadOn(['users'], users.reload);
  const units = agency.data?.units ?? [];
  const unitName = (id: number | null) => (id === null ? t('admin.registers.noUnit') : (units.find((u) => u.id === id)?.name ?? String(id)));
  const typeName = (code: string | null) => (code === null ? t('admin.registers.anyType') : (DOCUMENT_TYPES.find((d) => d.code === code)?.name ?? code));

  const [name, setName] = useState('');
  const [direction, setDirection] = useState<RegisterView['direction']>('incoming');
  const [confidential, setConfidential] = useState(false);
  const [padding, setPadding] = useState('2');
  const [typeCode, setTypeCode] = useState('');
  const [unitId, setUnitId] = useState('');
  const [keeperIds, setKeeperIds] = useState<number[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<RegisterView | null>(null);

  async function add(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    const value = {
      name, direction, confidential, numberPadding: padding.trim() === '' ? Number.NaN : Number(padding),
      typeCode: typeCode || null, unitId: unitId ? Number(unitId) : null, keeperIds,
    };
    const parsed = documentsMethods['registers.create'].input.safeParse(value);
    const errs = parsed.success ? {} : fieldErrorsFromZod(parsed.error);
    // The core refuses a name another register of this kind has (case, spacing, accents aside);
    // checking here too answers before the round trip.
    if (!errs.name && nameTaken(registers.data?.registers, name, direction)) errs.name = 'taken';
    if (Object.keys(errs).length > 0) {
      setErrors(errs);
      setFailure(null);
      focusFirst(errs);
      return;
    }
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      const r = await call('registers.create', value);
      setDone(t('admin.registers.created', { name: r.register.name }));
      setName('');
      setConfidential(false);
      setPadding('2');
      setTypeCode('');
      setUnitId('');
      setKeeperIds([]);
      registers.reload();
    } catch (err) {
      const fields = fieldErrorsFromError(err);
      setErrors(fields);
      setFailure(err);
      focusFirst(fields);
    } finally {
      setBusy(false);
    }
  }

  const err = (path: string) => adminFieldText(t, 'registers', path, errors[path]);
  return (
    <section aria-labelledby="registers-title" className="panel">
      <div className="panel__header">
        <h2 id="registers-title">{t('admin.registers.title')}</h2>
      </div>
      <p className="muted">{t('admin.registers.intro')}</p>
      {done && <Notice kind="success">{done}</Notice>}
      {registers.error !== null && <Notice kind="error">{errorMessage(t, i18n.language, registers.error)}</Notice>}
      {registers.error === null && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('admin.registers.name')}</th>
                <th scope="col">{t('admin.registers.direction')}</th>
                <th scope="col">{t('admin.registers.confidentialShort')}</th>
                <th scope="col">{t('admin.registers.typeCode')}</th>
                <th scope="col">{t('admin.registers.unit')}</th>
                <th scope="col">{t('admin.registers.lastNumber', { year })}</th>
                <th scope="col">{t('admin.registers.state')}</th>
                <th scope="col">
                  <span className="sr-only">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {registers.data?.registers.map((r) => (
                <tr key={r.id}>
                  <td>{r.name}</td>
                  <td>{t(`admin.registers.kinds.${r.direction}`)}</td>
                  <td>{r.confidential ? <span className="badge badge--warn">{t('admin.registers.confidentialShort')}</span> : t('common.no')}</td>
                  <td>{typeName(r.typeCode)}</td>
                  <td>{unitName(r.unitId)}</td>
                  <td className="mono">{r.lastNumber === 0 ? t('admin.registers.noNumberYet') : String(r.lastNumber).padStart(r.numberPadding, '0')}</td>
                  <td>
                    <span className={`badge ${r.active ? 'badge--ok' : 'badge--muted'}`}>{r.active ? t('admin.registers.open') : t('admin.registers.closed')}</span>
                  </td>
                  <td className="table__actions">
                    <button type="button" className="btn btn--small" aria-label={t('admin.registers.editRegister', { name: r.name })} onClick={() => setEditing(r)}>
                      {t('common.edit')}
                    </button>
                  </td>
                </tr>
              ))}
              {registers.data && registers.data.registers.length === 0 && (
                <tr>
                  <td colSpan={8} className="table__empty">
                    {t('admin.registers.empty')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      <form className="card" onSubmit={(e) => void add(e)} noValidate aria-labelledby="register-add-title">
        <h3 id="register-add-title">{t('admin.registers.addTitle')}</h3>
        {failure !== null && <Notice kind="error">{errorMessage(t, i18n.language, failure)}</Notice>}
        {failure === null && Object.keys(errors).length > 0 && <Notice kind="error">{t('admin.registers.fixErrors')}</Notice>}
        <div className="form-grid">
          <TextField id="register-name" label={t('admin.registers.name')} value={name} onChange={setName} error={err('name')} required />
          <SelectField
            id="register-direction"
            label={t('admin.registers.direction')}
            value={direction}
            onChange={(v) => setDirection(v === 'outgoing' ? 'outgoing' : 'incoming')}
            options={(['incoming', 'outgoing'] as const).map((d) => ({ value: d, label: t(`admin.registers.directions.${d}`) }))}
            error={err('direction')}
          />
          <NumberPaddingField id="register-numberPadding" value={padding} onChange={setPadding} error={err('numberPadding')} />
          <SelectField
            id="register-typeCode"
            label={t('admin.registers.typeCode')}
            value={typeCode}
            onChange={setTypeCode}
            options={[{ value: '', label: t('admin.registers.anyType') }, ...DOCUMENT_TYPES.map((d) => ({ value: d.code, label: d.name }))]}
            error={err('typeCode')}
          />
          <SelectField
            id="register-unitId"
            label={t('admin.registers.unit')}
            value={unitId}
            onChange={setUnitId}
            options={[{ value: '', label: t('admin.registers.noUnit') }, ...units.map((u) => ({ value: String(u.id), label: u.name }))]}
            error={err('unitId')}
          />
          <CheckboxField id="register-confidential" label={t('admin.registers.confidential')} checked={confidential} onChange={setConfidential} />
          <KeepersField idPrefix="register-keeper" users={users.data?.users ?? []} value={keeperIds} onChange={setKeeperIds} error={err('keeperIds')} />
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {busy ? t('common.saving') : t('admin.registers.add')}
          </button>
        </div>
      </form>
      {editing && (
        <RegisterDialog
          register={editing}
          registers={registers.data?.registers}
          users={users.data?.users ?? []}
          onClose={() => setEditing(null)}
          onSaved={(message) => {
            setEditing(null);
            setDone(message);
            registers.reload();
          }}
        />
      )}
    </section>
  );
}

function focusFirst(errs: FieldErrors) {
  const first = Object.keys(errs)[0];
  if (first) requestAnimationFrame(() => document.getElementById(`register-${first.split('.')[0]}`)?.focus());
}
