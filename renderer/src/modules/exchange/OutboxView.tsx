import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/api/contract';
import { useApp } from '../../app/context';
import { Notice } from '../../ui/Field';
import { useLoad, useReloadOn } from '../../ui/useLoad';
import { formatInstant } from '../documents/format';
import { exchangeErrorMessage, reasonText } from './text';

type Item = Output<'exchange.outbox.list'>['items'][number];
type Filter = 'all' | Item['state'];
const STATES: Item['state'][] = ['queued', 'sent', 'failed', 'refused', 'cancelled'];

/** Packages and statuses waiting, sent or failed; failed or waiting ones can be sent again or cancelled. */
export function OutboxView() {
  const { t, i18n } = useTranslation();
  const { call } = useApp();
  const [filter, setFilter] = useState<Filter>('all');
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const list = useLoad(() => call('exchange.outbox.list', { ...(filter === 'all' ? {} : { state: filter }), limit: 100, offset: 0 }), [call, filter]);
  useReloadOn(['exchange.outbox', 'documents'], list.reload);

  async function act(kind: 'retry' | 'cancel', item: Item) {
    setMessage(null);
    try {
      await call(kind === 'retry' ? 'exchange.outbox.retry' : 'exchange.outbox.cancel', { id: item.id });
      setMessage({ kind: 'success', text: t(kind === 'retry' ? 'exchange.outbox.retried' : 'exchange.outbox.cancelled') });
      list.reload();
    } catch (e) {
      setMessage({ kind: 'error', text: exchangeErrorMessage(t, i18n.language, e) });
    }
  }

  const counts = list.data?.counts ?? {};
  return (
    <section aria-labelledby="ex-outbox-title">
      <div className="ex-toolbar">
        <h2 id="ex-outbox-title" className="ex-section-title">
          {t('exchange.outbox.title')}
        </h2>
        <label className="ex-filter">
          <span>{t('exchange.outbox.filter')}</span>
          <select value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
            <option value="all">{t('exchange.outbox.all')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {t(`exchange.outbox.state.${s}`)}
                {counts[s] ? ` (${counts[s]})` : ''}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted ex-intro">{t('exchange.outbox.intro')}</p>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {list.error ? (
        <p className="field__error">{exchangeErrorMessage(t, i18n.language, list.error)}</p>
      ) : !list.data ? (
        <p role="status">{t('app.loading')}</p>
      ) : list.data.items.length === 0 ? (
        <p className="table__empty">{t('exchange.outbox.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table ex-table" aria-labelledby="ex-outbox-title">
            <thead>
              <tr>
                <th scope="col">{t('exchange.outbox.col.recipient')}</th>
                <th scope="col">{t('exchange.outbox.col.what')}</th>
                <th scope="col">{t('exchange.outbox.col.state')}</th>
                <th scope="col">{t('exchange.outbox.col.tries')}</th>
                <th scope="col">{t('exchange.outbox.col.lastError')}</th>
                <th scope="col">{t('exchange.outbox.col.createdAt')}</th>
                <th scope="col">
                  <span className="sr-only">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((o) => {
                const err = reasonText(t, o.lastError);
                const docHref = o.documentId !== null ? `#/${o.kind === 'document' ? 'outgoing' : 'incoming'}/doc/${o.documentId}` : null;
                return (
                  <tr key={o.id} data-outbox={o.id} data-state={o.state}>
                    <td>
                      <div>{o.recipientName}</div>
                      <div className="muted mono">{o.recipientCode}</div>
                    </td>
                    <td>
                      {o.kind === 'document' ? t('exchange.outbox.kind.document') : t('exchange.outbox.kind.status', { code: o.statusCode ?? '' })}
                      <div className="muted ex-break">{docHref ? <a href={docHref}>{o.exchangeDocumentId}</a> : o.exchangeDocumentId}</div>
                    </td>
                    <td>
                      <span className={`badge badge--${o.state === 'sent' ? 'ok' : o.state === 'failed' || o.state === 'refused' ? 'warn' : 'muted'}`}>{t(`exchange.outbox.state.${o.state}`)}</span>
                      {o.state === 'queued' && o.nextAttemptAt && <div className="muted">{t('exchange.outbox.nextAttempt', { time: formatInstant(o.nextAttemptAt, i18n.language) })}</div>}
                    </td>
                    <td className="num">{o.tries}</td>
                    <td title={err.technical || undefined}>{err.text}</td>
                    <td className="nowrap">{formatInstant(o.createdAt, i18n.language)}</td>
                    <td className="table__actions">
                      {o.state === 'failed' && (
                        <button type="button" className="btn btn--small" aria-label={t('exchange.outbox.retryNamed', { name: o.recipientName })} onClick={() => void act('retry', o)}>
                          {t('exchange.outbox.retry')}
                        </button>
                      )}
                      {(o.state === 'queued' || o.state === 'failed') && (
                        <button type="button" className="btn btn--small btn--ghost" aria-label={t('exchange.outbox.cancelNamed', { name: o.recipientName })} onClick={() => void act('cancel', o)}>
                          {t('exchange.outbox.cancel')}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
