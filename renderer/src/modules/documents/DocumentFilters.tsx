import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONFIDENTIALITIES, DOCUMENT_TYPES, URGENCIES, type RegisterView } from '../../../../shared/api/documents';

export interface ListFilters {
  registerId?: number;
  status?: string;
  urgency?: (typeof URGENCIES)[number];
  confidentiality?: (typeof CONFIDENTIALITIES)[number];
  typeCode?: string;
  issuer?: string;
  dateFrom?: string;
  dateTo?: string;
}

/** The filter bar above a register. Typing in the issuer box applies after a short pause. */
export function DocumentFilters({ value, onChange, registers, statuses }: { value: ListFilters; onChange: (f: ListFilters) => void; registers: RegisterView[]; statuses: readonly string[] }) {
  const { t } = useTranslation();
  const [issuer, setIssuer] = useState(value.issuer ?? '');
  useEffect(() => {
    const handle = window.setTimeout(() => {
      if ((value.issuer ?? '') !== issuer.trim()) onChange({ ...value, issuer: issuer.trim() || undefined });
    }, 300);
    return () => window.clearTimeout(handle);
  }, [issuer, value, onChange]);
  const set = <K extends keyof ListFilters>(k: K, v: string) => onChange({ ...value, [k]: v === '' ? undefined : k === 'registerId' ? Number(v) : v });
  const active = Object.values(value).some((v) => v !== undefined);
  return (
    <div className="doc-filters" role="group" aria-label={t('docs.filters.label')}>
      <label className="doc-filter">
        <span>{t('docs.filters.register')}</span>
        <select value={value.registerId ?? ''} onChange={(e) => set('registerId', e.target.value)}>
          <option value="">{t('docs.filters.allRegisters')}</option>
          {registers.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
      <label className="doc-filter">
        <span>{t('docs.filters.status')}</span>
        <select value={value.status ?? ''} onChange={(e) => set('status', e.target.value)}>
          <option value="">{t('docs.filters.any')}</option>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {t(`docs.status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="doc-filter">
        <span>{t('docs.filters.type')}</span>
        <select value={value.typeCode ?? ''} onChange={(e) => set('typeCode', e.target.value)}>
          <option value="">{t('docs.filters.any')}</option>
          {DOCUMENT_TYPES.map((d) => (
            <option key={d.code} value={d.code}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <label className="doc-filter">
        <span>{t('docs.filters.urgency')}</span>
        <select value={value.urgency ?? ''} onChange={(e) => set('urgency', e.target.value)}>
          <option value="">{t('docs.filters.any')}</option>
          {URGENCIES.map((u) => (
            <option key={u} value={u}>
              {t(`docs.urgency.${u}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="doc-filter">
        <span>{t('docs.filters.confidentiality')}</span>
        <select value={value.confidentiality ?? ''} onChange={(e) => set('confidentiality', e.target.value)}>
          <option value="">{t('docs.filters.any')}</option>
          {CONFIDENTIALITIES.map((c) => (
            <option key={c} value={c}>
              {t(`docs.confidentiality.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="doc-filter doc-filter--wide">
        <span>{t('docs.filters.issuer')}</span>
        <input type="search" value={issuer} onChange={(e) => setIssuer(e.target.value)} />
      </label>
      <label className="doc-filter">
        <span>{t('docs.filters.dateFrom')}</span>
        <input type="date" value={value.dateFrom ?? ''} onChange={(e) => set('dateFrom', e.target.value)} />
      </label>
      <label className="doc-filter">
        <span>{t('docs.filters.dateTo')}</span>
        <input type="date" value={value.dateTo ?? ''} onChange={(e) => set('dateTo', e.target.value)} />
      </label>
      {active && (
        <button
          type="button"
          className="btn btn--ghost btn--small doc-filters__clear"
          onClick={() => {
            setIssuer('');
            onChange({});
          }}
        >
          {t('docs.filters.clear')}
        </button>
      )}
    </div>
  );
}
