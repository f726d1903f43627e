import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { INCOMING_STATUSES, type DocumentSummary } from '../../../../shared/api/documents';
import { useApp } from '../../app/context';
import { navigate } from '../../app/router';
import { PageHeader } from '../../ui/PageHeader';
import { useLoad, useReloadOn } from '../../ui/useLoad';
import { ConfidentialityBadge, OverdueFlag, StatusBadge, UrgencyBadge } from './common';
import { DocumentDetail } from './DocumentDetail';
import { DocsTabs } from './DocsTabs';
import { InboxList } from './InboxPage';
import { SearchPage } from '../search/SearchPage';
import { DocumentFilters, type ListFilters } from './DocumentFilters';
import { DocumentTable, type Column } from './DocumentTable';
import { setFlash } from './flash';
import { docErrorMessage, formatInstantDate, formatYmd } from './format';
import { RegisterForm } from './RegisterForm';
import { usePagedList } from './usePagedList';

/** Văn bản đến: `/` the register, `/new` registration, `/doc/<id>` one document. */
export function IncomingPage({ subpath }: { subpath: string }) {
  const doc = /^\/doc\/(\d+)(?:\?from=(inbox|search))?/.exec(subpath);
  if (doc) return <DocumentDetail key={doc[1]} id={Number(doc[1])} backHref={`#/incoming${doc[2] ? `/${doc[2]}` : ''}`} />;
  if (subpath.startsWith('/inbox')) return <InboxList prefix="incoming" />;
  if (subpath.startsWith('/search')) return <SearchPage prefix="incoming" />;
  if (subpath.startsWith('/new')) return <RegisterPage />;
  return <IncomingList />;
}

function RegisterPage() {
  const { t } = useTranslation();
  const { call } = useApp();
  const registers = useLoad(() => call('registers.list', { direction: 'incoming' }), [call]);
  return (
    <div className="page">
      <PageHeader title={t('docs.incoming.registerTab')} />
      {registers.data && (
        <RegisterForm
          registers={registers.data.registers}
          onCancel={() => navigate('/incoming')}
          onRegistered={(d, warnings) => {
            setFlash({ kind: 'success', text: t('docs.form.registered', { number: d.arrivalNumberText ?? d.arrivalNumber }), lines: warnings.length ? [t('docs.form.warningsTitle'), ...warnings.map((w) => translateWarning(t, w))] : undefined });
            navigate(`/incoming/doc/${d.id}`);
          }}
        />
      )}
    </div>
  );
}

/** `file.pdf: pdf.encrypted` → the file name with the warning in words. */
function translateWarning(t: (k: string, o?: Record<string, unknown>) => string, w: string): string {
  const i = w.lastIndexOf(': ');
  if (i < 0) return w;
  const code = w.slice(i + 2);
  return `${w.slice(0, i)}: ${t(`docs.attach.warning.${code}`, { defaultValue: code })}`;
}

export function useIncomingColumns(): Column[] {
  const { t, i18n } = useTranslation();
  return useMemo(
    () => [
      { key: 'arrival', header: t('docs.col.arrivalNumber'), width: '72px', className: 'num', render: (d: DocumentSummary) => <strong>{d.arrivalNumberText ?? d.arrivalNumber}</strong> },
      { key: 'arrivalAt', header: t('docs.col.arrivalDate'), width: '96px', render: (d: DocumentSummary) => formatInstantDate(d.arrivalAt, i18n.language) },
      { key: 'notation', header: t('docs.col.numberNotation'), width: 'minmax(110px, 1fr)', render: (d: DocumentSummary) => <span className="nowrap">{d.numberNotation}</span> },
      { key: 'issuer', header: t('docs.col.issuer'), width: 'minmax(130px, 1.3fr)', render: (d: DocumentSummary) => <span className="doc-clamp" title={d.issuerName}>{d.issuerName}</span> },
      {
        key: 'subject',
        header: t('docs.col.subject'),
        width: 'minmax(220px, 3fr)',
        render: (d: DocumentSummary) => (
          <span className="doc-subject">
            <UrgencyBadge urgency={d.urgency} />
            <ConfidentialityBadge confidentiality={d.confidentiality} />
            <span className="doc-clamp" title={d.subject}>
              {d.subject}
            </span>
          </span>
        ),
      },
      { key: 'deadline', header: t('docs.col.deadline'), width: '104px', render: (d: DocumentSummary) => (d.deadline ? <span className="doc-deadline">{formatYmd(d.deadline)}{d.overdue && <OverdueFlag />}</span> : null) },
      { key: 'status', header: t('docs.col.status'), width: '118px', render: (d: DocumentSummary) => <StatusBadge status={d.status} /> },
    ],
    [t, i18n.language],
  );
}

function IncomingList() {
  const { t, i18n } = useTranslation();
  const { call, session } = useApp();
  const [filters, setFilters] = useState<ListFilters>({});
  const registers = useLoad(() => call('registers.list', { direction: 'incoming' }), [call]);
  const fetchPage = useCallback(
    (offset: number, limit: number) => call('documents.list', { direction: 'incoming', ...filters, offset, limit }).then((r) => ({ items: r.documents, total: r.total, capped: r.totalCapped })),
    [call, filters],
  );
  const list = usePagedList(fetchPage, JSON.stringify(filters));
  useReloadOn(['documents'], list.reload);
  const columns = useIncomingColumns();
  return (
    <div className="page page--wide doc-list-page">
      <PageHeader
        title={t('docs.incoming.title')}
        actions={
          session.permissions.has('documents.register') && (
            <a className="btn btn--primary" href="#/incoming/new">
              + {t('docs.incoming.registerButton')}
            </a>
          )
        }
      />
      <DocsTabs prefix="incoming" current="list" />
      <DocumentFilters value={filters} onChange={setFilters} registers={registers.data?.registers ?? []} statuses={INCOMING_STATUSES} />
      <p className="doc-list__count muted" aria-live="polite">
        {list.total !== null && t(list.capped ? 'docs.list.countAtLeast' : 'docs.list.count', { count: list.total, formattedCount: list.total.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'vi-VN') })}
      </p>
      <DocumentTable list={list} columns={columns} label={t('docs.incoming.listTab')} onOpen={(d) => navigate(`/incoming/doc/${d.id}`)} />
      {list.error !== null && <p className="field__error">{docErrorMessage(t, i18n.language, list.error)}</p>}
    </div>
  );
}
