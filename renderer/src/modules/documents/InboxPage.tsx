import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/context';
import { DocsTabs, useInboxCounts } from './DocsTabs';
import { Notice } from '../../ui/Field';
import { PageHeader } from '../../ui/PageHeader';
import { useLoad, useReloadOn } from '../../ui/useLoad';
import { OverdueFlag, UrgencyBadge } from './common';
import { docErrorMessage, formatInstantDate, formatYmd } from './format';

const KIND_ORDER = ['toDirect', 'toApprove', 'toHandle', 'returned', 'toNumber', 'toRelease', 'toRead', 'draft'] as const;

/** Việc cần xử lý: everything waiting for the current user, grouped by what they must do. */
export function InboxList({ prefix }: { prefix: 'incoming' | 'outgoing' }) {
  const { t, i18n } = useTranslation();
  const { call } = useApp();
  const inbox = useLoad(() => call('documents.inbox', {}), [call]);
  useReloadOn(['documents'], inbox.reload);
  const data = inbox.data;
  return (
    <div className="page">
      <PageHeader title={t(prefix === 'incoming' ? 'docs.incoming.title' : 'docs.outgoing.title')} />
      <DocsTabs prefix={prefix} current="inbox" />
      {inbox.error !== null && <Notice kind="error">{docErrorMessage(t, i18n.language, inbox.error)}</Notice>}
      {data && (
        <p className="doc-inbox__summary">
          <strong>{t('docs.inbox.total', { count: data.counts.total })}</strong>
          {data.counts.overdue > 0 && <span className="doc-overdue"> · {t('docs.inbox.overdueCount', { count: data.counts.overdue })}</span>}
        </p>
      )}
      {data && data.items.length === 0 && <p className="empty-state">{t('docs.inbox.empty')}</p>}
      {data &&
        KIND_ORDER.filter((k) => data.items.some((i) => i.kind === k)).map((kind) => (
          <section key={kind} className="doc-inbox__group" aria-labelledby={`inbox-${kind}`}>
            <h2 id={`inbox-${kind}`}>
              {t(`docs.inbox.kinds.${kind}`)} <span className="badge badge--muted">{data.counts.byKind[kind] ?? 0}</span>
            </h2>
            <ul className="doc-inbox__list">
              {data.items
                .filter((i) => i.kind === kind)
                .map((i) => (
                  <li key={`${i.kind}-${i.documentId}-${i.assignmentId ?? ''}`} className={i.overdue ? 'doc-inbox__item doc-inbox__item--overdue' : 'doc-inbox__item'}>
                    <a href={`#/${prefix}/doc/${i.documentId}?from=inbox`} className="doc-inbox__link">
                      <span className="doc-inbox__notation">{i.numberNotation ?? '—'}</span>
                      <span className="doc-inbox__subject">
                        <UrgencyBadge urgency={i.urgency} /> {i.subject}
                      </span>
                      <span className="doc-inbox__meta muted">
                        {i.deadline && <span>{t('docs.col.deadline')}: {formatYmd(i.deadline)}</span>}
                        {i.overdue && <OverdueFlag />}
                        <span>{t('docs.inbox.since', { date: formatInstantDate(i.since, i18n.language) })}</span>
                      </span>
                    </a>
                  </li>
                ))}
            </ul>
          </section>
        ))}
      {!data && inbox.loading && <p role="status">{t('app.loading')}</p>}
    </div>
  );
}

/** Count of work waiting, shown on the sidebar entry (overdue work in red). */
export function InboxBadge() {
  const { t } = useTranslation();
  const counts = useInboxCounts();
  if (!counts || counts.total === 0) return null;
  return (
    <span className={`sidebar__badge${counts.overdue > 0 ? ' sidebar__badge--overdue' : ''}`} title={t('docs.inbox.badge', { count: counts.total })} data-testid="inbox-badge">
      <span aria-hidden="true">{counts.total}</span>
      <span className="sr-only">{t('docs.inbox.badge', { count: counts.total })}</span>
    </span>
  );
}
