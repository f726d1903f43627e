import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/api/contract';
import { useApp } from '../../app/context';
import { useLoad, useReloadOn } from '../../ui/useLoad';
import { formatInstant } from '../documents/format';
import { exchangeErrorMessage, reasonText } from './text';

type TimelineData = Output<'exchange.timeline'>;
type OutboxData = Output<'exchange.outbox.list'>;

const BADGE: Record<string, string> = { accepted: 'ok', assigned: 'ok', in_process: 'ok', completed: 'ok', rejected: 'warn', failed: 'warn', refused: 'warn' };

/**
 * Where an outgoing document stands with each external recipient (queued, sent, 01 arrived, 03
 * accepted … 06 completed, 02 rejected with the reason, failed after N tries) and every send,
 * retry and status received. Reloads when the sync loop reports news.
 */
export function ExchangeTimeline({ documentId, refreshKey = 0 }: { documentId: number; refreshKey?: number }) {
  const { t, i18n } = useTranslation();
  const { call, session } = useApp();
  const canOutbox = session.permissions.has('exchange.send');
  const data = useLoad(
    async (): Promise<{ timeline: TimelineData; outbox: OutboxData | null }> => ({
      timeline: await call('exchange.timeline', { documentId }),
      outbox: canOutbox ? await call('exchange.outbox.list', { documentId, limit: 200 }) : null,
    }),
    [call, documentId, canOutbox, refreshKey],
  );
  useReloadOn(['exchange.outbox', 'exchange.recipients', 'exchange.intake', 'documents'], data.reload);
  if (data.error) return <p className="field__error">{exchangeErrorMessage(t, i18n.language, data.error)}</p>;
  if (!data.data) return null;
  const { recipients, entries } = data.data.timeline;
  if (recipients.length === 0 && entries.length === 0) return null;
  const tries = new Map((data.data.outbox?.items ?? []).filter((o) => o.kind === 'document').map((o) => [o.recipientCode, o]));

  return (
    <section className="doc-section ex-timeline" aria-labelledby="ex-timeline-title" data-testid="exchange-timeline">
      <h2 id="ex-timeline-title">{t('exchange.timeline.title')}</h2>
      {recipients.length > 0 && (
        <>
          <h3 className="ex-timeline__sub">{t('exchange.timeline.recipients')}</h3>
          <ul className="ex-timeline__recipients">
            {recipients.map((r) => {
              const item = tries.get(r.recipientCode);
              const reason = reasonText(t, r.status === 'failed' || r.status === 'refused' ? (item?.lastError ?? r.detail) : r.detail);
              return (
                <li key={r.recipientCode} data-recipient={r.recipientCode} data-status={r.status}>
                  <div>
                    <strong>{r.recipientName}</strong> <span className="muted mono">{r.recipientCode}</span>
                  </div>
                  <div>
                    <span className={`badge badge--${BADGE[r.status] ?? 'muted'}`}>
                      {r.status === 'failed' && item ? t('exchange.timeline.failedAfter', { count: item.tries }) : t(`exchange.timeline.status.${r.status}`)}
                    </span>{' '}
                    <span className="muted">{formatInstant(r.updatedAt, i18n.language)}</span>
                  </div>
                  {(r.status === 'rejected' || r.status === 'failed' || r.status === 'refused') && reason.text && (
                    <p className="ex-timeline__reason" title={reason.technical || undefined}>
                      {t('exchange.timeline.reason', { reason: reason.text })}
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {entries.length > 0 && (
        <details className="ex-timeline__events">
          <summary>{t('exchange.timeline.events')}</summary>
          <ol>
            {entries.map((e, i) => (
              <li key={i}>
                <span className="muted">{formatInstant(e.at, i18n.language)}</span> <strong>{t(`exchange.timeline.event.${e.event}`, { defaultValue: e.event })}</strong>
                {e.statusCode && <> · {e.statusCode} {t(`exchange.statusCode.${e.statusCode}`, { defaultValue: '' })}</>}
                {e.recipientCode && <span className="muted mono"> · {e.recipientCode}</span>}
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}
