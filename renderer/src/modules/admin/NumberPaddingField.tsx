import { useTranslation } from 'react-i18next';
import { WholeNumberField } from '../../ui/Field';

/** How many digits a register's numbers are written with (1 to 6, e.g. 2 → "07"), in the add form and the edit dialog alike. */
export function NumberPaddingField({ id, value, onChange, error }: { id: string; value: string; onChange: (value: string) => void; error?: string }) {
  const { t } = useTranslation();
  return (
    <WholeNumberField
      id={id}
      min={1}
      max={6}
      label={t('admin.registers.numberPadding')}
      hint={t('admin.registers.numberPaddingHint')}
      value={value}
      onChange={onChange}
      error={error}
    />
  );
}
