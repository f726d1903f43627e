import { useTranslation } from 'react-i18next';
import type { ModuleDefinition, ModuleId } from './types';
import type { Permission } from '../../../shared/permissions';
import { PageHeader } from '../ui/PageHeader';

/** Honest placeholder for a module whose pages are not built yet: what it will do, no fake data. */
export function placeholderModule(id: ModuleId, anyOf: readonly Permission[]): ModuleDefinition {
  function Page() {
    const { t } = useTranslation();
    return (
      <div className="page">
        <PageHeader title={t(`modules.${id}.title`)} />
        <section className="empty-state" aria-labelledby={`empty-${id}`}>
          <h2 id={`empty-${id}`} className="empty-state__title">
            {t('emptyModule.notYet')}
          </h2>
          <p>
            {t('emptyModule.willContain')} {t(`modules.${id}.description`)}
          </p>
        </section>
      </div>
    );
  }
  Page.displayName = `${id}Placeholder`;
  return { id, titleKey: `modules.${id}.title`, descriptionKey: `modules.${id}.description`, anyOf, Page };
}
