import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/context';
import { useLoad, useReloadOn } from '../../ui/useLoad';
import { formatInstant, formatSize } from '../documents/format';
import { exchangeErrorMessage, reasonText } from './text';

/** Packages refused on arrival (unreadable, unsafe, wrong hashes), with the reason in words. */
export function QuarantineView() {
  const { t, i18n } = useTranslation();
  const { call } = useApp();
  const list = useLoad(() => call('exchange.quarantine.list', { limit: 200 }), [call]);
  useReloadOn(['exchange.quarantine'], list.reload);
  return (
    <section aria-labelledby="ex-quarantine-title">
      <div className="ex-toolbar">
        <h2 id="ex-quarantine-title" className="ex-section-title">
          {t('exchange.quarantine.title')}
        </h2>
      </div>
      <p className="muted ex-intro">{t('exchange.quarantine.intro')}</p>
      {list.error ? (
        <p className="field__error">{exchangeErrorMessage(t, i18n.language, list.error)}</p>
      ) : !list.data ? (
        <p role="status">{t('app.loading')}</p>
      ) : list.data.items.length === 0 ? (
        <p className="table__empty">{t('exchange.quarantine.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table ex-table" aria-labelledby="ex-quarantine-title">
            <thead>
              <tr>
                <th scope="col">{t('exchange.quarantine.col.at')}</th>
                <th scope="col">{t('exchange.quarantine.col.reason')}</th>
                <th scope="col">{t('exchange.quarantine.col.edocId')}</th>
                <th scope="col">{t('exchange.quarantine.col.size')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((q) => {
                const r = reasonText(t, q.reason);
                return (
                  <tr key={q.id}>
                    <td className="nowrap">{formatInstant(q.at, i18n.language)}</td>
                    <td>
                      {r.text}
                      {r.technical && <div className="muted mono ex-break">{r.technical}</div>}
                    </td>
                    <td className="mono ex-break">{q.edocId}</td>
                    <td className="num">{formatSize(q.size)}</td>
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
