import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/api/contract';
import { useApp } from '../../app/context';
import { formatDateTime } from '../../i18n';
import { errorMessage } from '../../ui/errors';
import { Notice } from '../../ui/Field';
import { useLoad } from '../../ui/useLoad';

const PAGE_SIZE = 25;

export function AuditPanel() {
  const { t, i18n } = useTranslation();
  const { call } = useApp();
  const [offset, setOffset] = useState(0);
  const [verify, setVerify] = useState<Output<'audit.verify'> | null>(null);
  const [verifyError, setVerifyError] = useState<unknown>(null);
  const [verifying, setVerifying] = useState(false);
  const page = useLoad(() => call('audit.list', { limit: PAGE_SIZE, offset }), [call, offset]);
  const total = page.data?.total ?? 0;

  async function runVerify() {
    setVerifying(true);
    setVerify(null);
    setVerifyError(null);
    try {
      setVerify(await call('audit.verify', {}));
    } catch (e) {
      setVerifyError(e);
    } finally {
      setVerifying(false);
    }
  }

  return (
    <section aria-labelledby="audit-title" className="panel">
      <div className="panel__header">
        <h2 id="audit-title">{t('admin.audit.title')}</h2>
        <div className="panel__tools">
          <button type="button" className="btn" onClick={() => void runVerify()} disabled={verifying}>
            {verifying ? t('admin.audit.verifying') : t('admin.audit.verify')}
          </button>
        </div>
      </div>
      {verify && verify.ok && <Notice kind="success">{t('admin.audit.verifyOk', { count: verify.entries })}</Notice>}
      {verify && !verify.ok && (
        <Notice kind="error">
          {t('admin.audit.verifyBad', { count: verify.problems.length, entries: verify.entries })}
          <ul>
            {verify.problems.map((p) => (
              <li key={`${p.seq}-${p.problem}`}>{t('admin.audit.problem', { seq: p.seq, problem: p.problem })}</li>
            ))}
          </ul>
        </Notice>
      )}
      {verifyError !== null && <Notice kind="error">{errorMessage(t, i18n.language, verifyError)}</Notice>}
      {page.error !== null && <Notice kind="error">{errorMessage(t, i18n.language, page.error)}</Notice>}
      <div className="table-wrap">
        <table className="table table--dense" aria-describedby="audit-range">
          <thead>
            <tr>
              <th scope="col">{t('admin.audit.seq')}</th>
              <th scope="col">{t('admin.audit.at')}</th>
              <th scope="col">{t('admin.audit.actor')}</th>
              <th scope="col">{t('admin.audit.action')}</th>
              <th scope="col">{t('admin.audit.subject')}</th>
            </tr>
          </thead>
          <tbody>
            {page.data?.entries.map((e) => (
              <tr key={e.seq}>
                <td className="num">{e.seq}</td>
                <td className="nowrap">{formatDateTime(e.at, i18n.language)}</td>
                <td className="mono">{e.actor}</td>
                <td className="mono">{e.action}</td>
                <td className="mono">
                  {e.subjectType}:{e.subjectId}
                </td>
              </tr>
            ))}
            {page.data && page.data.entries.length === 0 && (
              <tr>
                <td colSpan={5} className="table__empty">
                  {t('admin.audit.empty')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div className="pager">
        <span id="audit-range" className="muted">
          {total > 0 && t('admin.audit.range', { from: offset + 1, to: Math.min(offset + PAGE_SIZE, total), total })}
        </span>
        <button type="button" className="btn btn--small" disabled={offset === 0 || page.loading} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
          ‹ {t('admin.audit.prev')}
        </button>
        <button type="button" className="btn btn--small" disabled={offset + PAGE_SIZE >= total || page.loading} onClick={() => setOffset(offset + PAGE_SIZE)}>
          {t('admin.audit.next')} ›
        </button>
      </div>
    </section>
  );
}
