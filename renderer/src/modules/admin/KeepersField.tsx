import { useTranslation } from 'react-i18next';
import type { UserView } from '../../../../shared/api/schemas';
import { CheckboxField, CheckboxGroupField } from '../../ui/Field';

/** Keepers of a register: a checkbox per active user (and per disabled one still keeping it). */
export function KeepersField({ idPrefix, users, value, onChange, error }: { idPrefix: string; users: UserView[]; value: number[]; onChange: (ids: number[]) => void; error?: string }) {
  const { t } = useTranslation();
  const choosable = users.filter((u) => !u.disabled || value.includes(u.id));
  return (
    <CheckboxGroupField legend={t('admin.registers.keepers')} errorId={`${idPrefix}s-error`} error={error}>
      {choosable.map((u) => (
        <CheckboxField
          key={u.id}
          id={`${idPrefix}-${u.id}`}
          label={`${u.fullName} (${u.username})`}
          checked={value.includes(u.id)}
          onChange={(on) => onChange(on ? [...value, u.id] : value.filter((x) => x !== u.id))}
        />
      ))}
      {choosable.length === 0 && <span className="muted">{t('admin.registers.noKeepers')}</span>}
    </CheckboxGroupField>
  );
}
