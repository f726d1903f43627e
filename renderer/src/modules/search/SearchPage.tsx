import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/api/contract';
import { CONFIDENTIALITIES, DOCUMENT_STATUSES, DOCUMENT_TYPES, URGENCIES, type RegisterView } from '../../../../shared/api/documents';
import type { SearchFiltersInput } from '../../../../shared/api/search';
import { useApp } from '../../app/context';
import { Notice } from '../../ui/Field';
import { PageHeader } from '../../ui/PageHeader';
import { StatusBadge, UrgencyBadge, ConfidentialityBadge, useUsers } from '../documents/common';
import { DocsTabs } from '../documents/DocsTabs';
import { docErrorMessage, docFieldMessage, formatYmd } from '../documents/format';
import { fieldErrorsFromError } from '../../ui/errors';
import { SavedSearches } from './SavedSearches';

type Sort = 'date_desc' | 'date_asc' | 'relevance';
type Result = Output<'search.query'>;
type Hit = Result['hits'][number];
const PAGE = 20;

interface SearchState {
  query: string;
  filters: SearchFiltersInput;
  sort: Sort;
  result: Result | null;
  exact: number | null;
}

// The last search survives opening a result and coming back.
let remembered: SearchState = { query: '', filters: {}, sort: 'relevance', result: null, exact: null };


function Highlighted({ segments }: { segments: { text: string; match: boolean }[] }) {
  return (
    <>
      {segments.map((s, i) => (s.match ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
    </>
  );
}

/** Tìm kiếm: one box, filters, sort, highlighted results with totals (estimated when large), saved searches. */
export function SearchPage({ prefix }: { prefix: 'incoming' | 'outgoing' }) {
  const { t, i18n } = useTranslation();
  const { call } = useApp();
  const people = useUsers(call);
  const [state, setState] = useState<SearchState>(remembered);
  const [registers, setRegisters] = useState<RegisterView[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  remembered = state;

  useEffect(() => {
    void call('registers.list', {}).then((r) => setRegisters(r.registers), () => {});
  }, [call]);

  const run = useCallback(
    async (next: Pick<SearchState, 'query' | 'filters' | 'sort'>, offset = 0) => {
      setBusy(true);
      setError(null);
      try {
        const r = await call('search.query', { query: next.query, filters: next.filters, sort: next.sort, limit: PAGE, offset });
        setState((old) => ({ ...next, exact: offset === 0 ? null : old.exact, result: offset === 0 || !old.result ? r : { ...r, hits: [...old.result.hits, ...r.hits] } }));
      } catch (e) {
        // Field issues (a reversed date range) in words; anything else as a sentence.
        const fields = Object.values(fieldErrorsFromError(e));
        setError(fields.length ? fields.map((c) => docFieldMessage(t, c)).join(' ') : docErrorMessage(t, i18n.language, e));
      } finally {
        setBusy(false);
      }
    },
    [call, t, i18n.language],
  );

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void run(state);
  }

  const setFilter = (k: keyof SearchFiltersInput, v: string) => {
    const filters = { ...state.filters, [k]: v === '' ? undefined : k === 'registerId' || k === 'handlerId' ? Number(v) : v } as SearchFiltersInput;
    const next = { ...state, filters };
    setState(next);
    if (state.result) void run(next);
  };

  async function countExactly() {
    try {
      const r = await call('search.countExact', { query: state.query, filters: state.filters });
      setState((old) => ({ ...old, exact: r.total }));
    } catch (e) {
      setError(docErrorMessage(t, i18n.language, e));
    }
  }

  const fmt = (n: number) => n.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'vi-VN');
  const r = state.result;
  const f = state.filters;
  const select = (k: keyof SearchFiltersInput, label: string, options: { value: string; label: string }[]) => (
    <label className="doc-filter">
      <span>{label}</span>
      <select value={f[k] === undefined ? '' : String(f[k])} onChange={(e) => setFilter(k, e.target.value)}>
        <option value="">{t('docs.filters.any')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div className="page page--wide search-page">
      <PageHeader title={t(prefix === 'incoming' ? 'docs.incoming.title' : 'docs.outgoing.title')} />
      <DocsTabs prefix={prefix} current="search" />
      <div className="search-layout">
        <div className="search-main">
          <form className="search-box" role="search" onSubmit={onSubmit}>
            <label htmlFor="search-q" className="sr-only">
              {t('docs.search.box')}
            </label>
            <input id="search-q" type="search" value={state.query} placeholder={t('docs.search.placeholder')} onChange={(e) => setState({ ...state, query: e.target.value })} autoFocus />
            <label className="search-sort">
              <span className="sr-only">{t('docs.search.sort')}</span>
              <select
                value={state.sort}
                aria-label={t('docs.search.sort')}
                onChange={(e) => {
                  const next = { ...state, sort: e.target.value as Sort };
                  setState(next);
                  if (state.result) void run(next);
                }}
              >
                <option value="relevance">{t('docs.search.sortRelevance')}</option>
                <option value="date_desc">{t('docs.search.sortDateDesc')}</option>
                <option value="date_asc">{t('docs.search.sortDateAsc')}</option>
              </select>
            </label>
            <button type="submit" className="btn btn--primary" disabled={busy}>
              {t('docs.search.submit')}
            </button>
          </form>
          <div className="doc-filters" role="group" aria-label={t('docs.filters.label')}>
            {select('direction', t('docs.search.direction'), [
              { value: 'incoming', label: t('docs.search.directions.incoming') },
              { value: 'outgoing', label: t('docs.search.directions.outgoing') },
            ])}
            {select('registerId', t('docs.filters.register'), registers.map((x) => ({ value: String(x.id), label: x.name })))}
            {select('typeCode', t('docs.filters.type'), DOCUMENT_TYPES.map((d) => ({ value: d.code, label: d.name })))}
            {select('status', t('docs.filters.status'), DOCUMENT_STATUSES.map((s) => ({ value: s, label: t(`docs.status.${s}`) })))}
            {select('handlerId', t('docs.filters.handler'), people.users.map((u) => ({ value: String(u.id), label: u.fullName })))}
            {select('urgency', t('docs.filters.urgency'), URGENCIES.map((u) => ({ value: u, label: t(`docs.urgency.${u}`) })))}
            {select('confidentiality', t('docs.filters.confidentiality'), CONFIDENTIALITIES.map((c) => ({ value: c, label: t(`docs.confidentiality.${c}`) })))}
            <label className="doc-filter">
              <span>{t('docs.filters.issuer')}</span>
              <input value={f.issuerCode ?? ''} onChange={(e) => setState({ ...state, filters: { ...f, issuerCode: e.target.value || undefined } })} onBlur={() => state.result && void run(state)} />
            </label>
            <label className="doc-filter">
              <span>{t('docs.filters.dateFrom')}</span>
              <input type="date" value={f.dateFrom ?? ''} onChange={(e) => setFilter('dateFrom', e.target.value)} />
            </label>
            <label className="doc-filter">
              <span>{t('docs.filters.dateTo')}</span>
              <input type="date" value={f.dateTo ?? ''} onChange={(e) => setFilter('dateTo', e.target.value)} />
            </label>
          </div>
          {error && <Notice kind="error">{error}</Notice>}
          {!r && !error && <p className="muted search-hint">{t('docs.search.hint')}</p>}
          {r && (
            <div className="search-results" aria-busy={busy}>
              <p className="search-total" role="status">
                {state.exact !== null
                  ? t('docs.search.total', { count: state.exact, formattedCount: fmt(state.exact) })
                  : r.totalIsEstimate
                    ? t('docs.search.totalAbout', { count: r.total, formattedCount: fmt(r.total) })
                    : t('docs.search.total', { count: r.total, formattedCount: fmt(r.total) })}{' '}
                <span className="muted">{t('docs.search.took', { ms: Math.round(r.tookMs) })}</span>
                {r.totalIsEstimate && state.exact === null && (
                  <button type="button" className="btn btn--ghost btn--small" onClick={() => void countExactly()}>
                    {t('docs.search.countExactly')}
                  </button>
                )}
              </p>
              {r.hits.length === 0 && <p className="muted">{t('docs.search.none')}</p>}
              <ol className="search-hits">
                {r.hits.map((h) => (
                  <HitItem key={h.id} hit={h} prefix={prefix} />
                ))}
              </ol>
              {r.hits.length < Math.min(r.total, 10_000) && r.hits.length > 0 && (
                <button type="button" className="btn" disabled={busy} onClick={() => void run(state, r.hits.length)}>
                  {t('docs.search.more')}
                </button>
              )}
            </div>
          )}
        </div>
        <SavedSearches current={state} onRun={(s) => void run(s)} />
      </div>
    </div>
  );
}

function HitItem({ hit, prefix }: { hit: Hit; prefix: string }) {
  const { t } = useTranslation();
  const typeName = DOCUMENT_TYPES.find((d) => d.code === hit.typeCode)?.name ?? hit.typeCode;
  return (
    <li className="search-hit">
      <a href={`#/${prefix}/doc/${hit.id}?from=search`} className="search-hit__title">
        <Highlighted segments={hit.subjectHighlight.length ? hit.subjectHighlight : [{ text: hit.subject, match: false }]} />
      </a>
      <div className="search-hit__meta">
        <span className="badge badge--muted">{t(`docs.search.directions.${hit.direction}`, { defaultValue: hit.direction })}</span>
        <span>{typeName}</span>
        {hit.numberNotation && <strong>{hit.numberNotation}</strong>}
        {hit.issuerName && <span>{hit.issuerName}</span>}
        {hit.date && <span>{formatYmd(hit.date)}</span>}
        <StatusBadge status={hit.status} />
        <UrgencyBadge urgency={hit.urgency} />
        <ConfidentialityBadge confidentiality={hit.confidentiality} />
      </div>
      {hit.snippet.length > 0 && (
        <p className="search-hit__snippet">
          <Highlighted segments={hit.snippet} />
        </p>
      )}
    </li>
  );
}
