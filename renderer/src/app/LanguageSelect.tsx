import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../../shared/i18n/index';
import { setLanguage } from '../i18n';

/** Language switch; the choice is remembered on this computer. */
export function LanguageSelect({ id = 'language-select' }: { id?: string }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="lang-select">
      <label htmlFor={id} className="lang-select__label">
        {t('lang.label')}
      </label>
      <select id={id} value={i18n.language} onChange={(e) => setLanguage(i18n, e.target.value as Language)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`lang.${l}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
