import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/api/contract';
import { useApp } from '../../app/context';
import { useLoad, useReloadOn } from '../../ui/useLoad';
import { formatInstant } from '../documents/format';
import { VerificationSummary } from './Verification';
import { exchangeErrorMessage } from './text';

type Item = Output<'exchange.intake.list'>['items'][number];
type Filter = 'pending' | 'registered' | 'rejected' | 'all';
const PAGE = 50;

/**
 * Tiếp nhận văn bản điện tử: received packages with their sender, number, subject, files and what
 * the checks found (hash, digital signature). Each row opens the package.
 */
export function IntakeList() {
  const { t, i18n } = useTranslation();
  const { call } = useApp();
  const [filter, setFilter] = useState<Filter>('pending');
  // One call per page: the list carries each package's files and what the checks found.
  const list = useLoad(() => call('exchange.intake.list', { ...(filter === 'all' ? {} : { state: filter }), limit: PAGE, offset: 0 }), [call, filter]);
  useReloadOn(['exchange.intake'], list.reload);

  return (
    <section aria-labelledby="ex-intake-title">
      <div className="ex-toolbar">
        <h2 id="ex-intake-title" className="ex-section-title">
          {t('exchange.intake.title')}
        </h2>
        <label className="ex-filter">
          <span>{t('exchange.intake.filter')}</span>
          <select value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
            {(['pending', 'registered', 'rejected', 'all'] as const).map((f) => (
              <option key={f} value={f}>
                {t(`exchange.intake.state.${f}`)}
              </option>
            ))}
          </select>
        </label>
        {list.data && <span className="muted">{t('exchange.intake.total', { count: list.data.total })}</span>}
      </div>
      <p className="muted ex-intro">{t('exchange.intake.intro')}</p>
      {list.error ? (
        <p className="field__error">{exchangeErrorMessage(t, i18n.language, list.error)}</p>
      ) : !list.data ? (
        <p role="status">{t('app.loading')}</p>
      ) : list.data.items.length === 0 ? (
        <p className="table__empty">{filter === 'pending' ? t('exchange.intake.empty') : t('exchange.intake.emptyState')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table ex-table" aria-labelledby="ex-intake-title">
            <thead>
              <tr>
                <th scope="col">{t('exchange.intake.col.from')}</th>
                <th scope="col">{t('exchange.intake.col.numberNotation')}</th>
                <th scope="col">{t('exchange.intake.col.subject')}</th>
                <th scope="col">{t('exchange.intake.col.attachments')}</th>
                <th scope="col">{t('exchange.intake.col.verification')}</th>
                <th scope="col">{t('exchange.intake.col.receivedAt')}</th>
                {filter !== 'pending' && <th scope="col">{t('exchange.intake.col.state')}</th>}
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((d) => (
                <IntakeRow key={d.id} item={d} showState={filter !== 'pending'} lng={i18n.language} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function IntakeRow({ item: d, showState, lng }: { item: Item; showState: boolean; lng: string }) {
  const { t } = useTranslation();
  const href = `#/exchange/intake/${d.id}`;
  return (
    <tr data-intake={d.id}>
      <td>
        <div>{d.fromName}</div>
        <div className="muted mono">{d.fromCode}</div>
      </td>
      <td className="nowrap">
        <a href={href}>{d.numberNotation || t('common.none')}</a>
      </td>
      <td>
        <a href={href} className="ex-subject">
          {d.subject}
        </a>
        {d.businessType !== 0 && <span className="badge badge--warn"> {t(`exchange.intake.businessType.${d.businessType}`)}</span>}
        {d.notice && <div className="muted">{d.notice}</div>}
      </td>
      <td>
        <ul className="ex-files">
          {d.attachments.map((a) => (
            <li key={a.contentId}>{a.name}</li>
          ))}
        </ul>
      </td>
      <td>
        <VerificationSummary attachments={d.attachments} />
      </td>
      <td className="nowrap">{formatInstant(d.receivedAt, lng)}</td>
      {showState && (
        <td>
          <span className={`badge badge--${d.state === 'registered' ? 'ok' : d.state === 'rejected' ? 'warn' : 'muted'}`}>{t(`exchange.intake.state.${d.state}`)}</span>
        </td>
      )}
    </tr>
  );
}
