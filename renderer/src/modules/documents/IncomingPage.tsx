import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { INCOMING_STATUSES, type DocumentSummary } from '../../../../shared/api/documents';
import { useApp } from '../../app/context';
import { navigate } from '../../app/router';
import { PageHeader } from '../../ui/PageHeader';
import { useLoad } from '../../ui/useLoad';
import { ConfidentialityBadge, OverdueFlag, StatusBadge, UrgencyBadge } from './common';
import { DocumentDetail } from './DocumentDetail';

import { InboxList } from './InboxPage';
import { SearchPage } from '../search/SearchPage';

import { type Column } from './DocumentTable';
import { setFlash } from './flash';
import { formatInstantDate, formatYmd } from './format';
import { RegisterForm } from './RegisterForm';
import { RegisterList } from './RegisterList';

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
  const { t } = useTranslation();
  const columns = useIncomingColumns();
  return (
    <RegisterList
      direction="incoming"
      title={t('docs.incoming.title')}
      tableLabel={t('docs.incoming.listTab')}
      create={{ href: '#/incoming/new', label: t('docs.incoming.registerButton'), permission: 'documents.register' }}
      statuses={INCOMING_STATUSES}
      columns={columns}
    />
  );
}
