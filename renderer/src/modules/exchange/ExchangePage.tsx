import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/context';
import { Notice } from '../../ui/Field';
import { PageHeader } from '../../ui/PageHeader';
import { useLoad, useReloadOn } from '../../ui/useLoad';
import { takeFlash } from '../documents/flash';
import { IntakeDetail } from './IntakeDetail';
import { IntakeList } from './IntakeList';
import { OutboxView } from './OutboxView';
import { QuarantineView } from './QuarantineView';
import { exchangeErrorMessage } from './text';

type Section = 'intake' | 'outbox' | 'quarantine';

/** Liên thông: `/` intake, `/intake/<id>` one package, `/outbox`, `/quarantine`. */
export function ExchangePage({ subpath }: { subpath: string }) {
  const one = /^\/intake\/(\d+)/.exec(subpath);
  if (one) return <IntakeDetail key={one[1]} id={Number(one[1])} />;
  const section: Section = subpath.startsWith('/outbox') ? 'outbox' : subpath.startsWith('/quarantine') ? 'quarantine' : 'intake';
  return <ExchangeHome section={section} />;
}

function ExchangeHome({ section }: { section: Section }) {
  const { t } = useTranslation();
  const { session } = useApp();
  const [flash] = useState(() => takeFlash());
  const tabs: { id: Section; href: string; show: boolean }[] = [
    { id: 'intake', href: '#/exchange', show: session.permissions.has('exchange.receive') },
    { id: 'outbox', href: '#/exchange/outbox', show: session.permissions.has('exchange.send') },
    { id: 'quarantine', href: '#/exchange/quarantine', show: session.permissions.has('exchange.receive') },
  ];
  return (
    <div className="page page--wide ex-page">
      <PageHeader title={t('exchange.module.title')} actions={<SyncButton />} />
      <nav className="tabs" aria-label={t('exchange.tabs.label')}>
        {tabs
          .filter((x) => x.show)
          .map((x) => (
            <a key={x.id} href={x.href} className="tabs__tab" aria-current={x.id === section ? 'page' : undefined}>
              {t(`exchange.tabs.${x.id}`)}
              {x.id === 'intake' && <PendingCount />}
            </a>
          ))}
      </nav>
      {flash && <Notice kind={flash.kind}>{flash.text}</Notice>}
      {section === 'intake' && <IntakeList />}
      {section === 'outbox' && <OutboxView />}
      {section === 'quarantine' && <QuarantineView />}
    </div>
  );
}

/** Sends what is due and fetches what waits now, instead of at the next poll. */
export function SyncButton() {
  const { t, i18n } = useTranslation();
  const { call, session } = useApp();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  if (!session.permissions.has('exchange.receive')) return null;
  async function run() {
    setBusy(true);
    setResult(null);
    try {
      const r = await call('exchange.syncNow', {});
      const text = t('exchange.sync.done', { sent: r.sent, received: r.received?.intake ?? 0, statuses: r.received?.statuses ?? 0 });
      setResult({ kind: 'success', text: r.sendFailures ? `${text} ${t('exchange.sync.failures', { count: r.sendFailures })}` : text });
    } catch (e) {
      setResult({ kind: 'error', text: exchangeErrorMessage(t, i18n.language, e) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="ex-sync">
      <button type="button" className="btn" onClick={() => void run()} disabled={busy}>
        {busy ? t('exchange.sync.running') : t('exchange.sync.now')}
      </button>
      {result && (
        <span role="status" className={result.kind === 'error' ? 'field__error' : 'muted'} data-testid="sync-result">
          {result.text}
        </span>
      )}
    </div>
  );
}

function PendingCount() {
  const { call } = useApp();
  const n = useLoad(() => call('exchange.intake.list', { state: 'pending', limit: 1, offset: 0 }).then((r) => r.total), [call]);
  useReloadOn(['exchange.intake'], n.reload);
  return n.data ? <span className="doc-tabs__count">{n.data}</span> : null;
}

/** The sidebar badge: packages waiting for the clerk. */
export function IntakeBadge() {
  const { call, session } = useApp();
  const allowed = session.permissions.has('exchange.receive');
  const n = useLoad(() => (allowed ? call('exchange.intake.list', { state: 'pending', limit: 1, offset: 0 }).then((r) => r.total) : Promise.resolve(0)), [call, allowed]);
  useReloadOn(['exchange.intake'], n.reload);
  return n.data ? <span className="sidebar__badge">{n.data}</span> : null;
}
