import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/context';

export type DocsSection = 'inbox' | 'list' | 'search';

/** Tabs shared by the incoming and outgoing modules: work to do, the register, search. */
export function DocsTabs({ prefix, current }: { prefix: 'incoming' | 'outgoing'; current: DocsSection }) {
  const { t } = useTranslation();
  const total = useInboxCounts()?.total ?? 0;
  const tabs: { id: DocsSection; href: string; label: string }[] = [
    { id: 'inbox', href: `#/${prefix}/inbox`, label: t('docs.inbox.title') },
    { id: 'list', href: `#/${prefix}`, label: prefix === 'incoming' ? t('docs.incoming.listTab') : t('docs.outgoing.title') },
    { id: 'search', href: `#/${prefix}/search`, label: t('docs.search.title') },
  ];
  return (
    <nav className="tabs doc-tabs" aria-label={t(prefix === 'incoming' ? 'docs.incoming.title' : 'docs.outgoing.title')}>
      {tabs.map((tab) => (
        <a key={tab.id} href={tab.href} className="tabs__tab" aria-current={tab.id === current ? 'page' : undefined}>
          {tab.label}
          {tab.id === 'inbox' && total > 0 && <span className="doc-tabs__count">{total}</span>}
        </a>
      ))}
    </nav>
  );
}

export type InboxCounts = { total: number; overdue: number; byKind: Record<string, number> };

/** The caller's inbox counts, refreshed when any document changes and every 30 seconds. */
export function useInboxCounts(): InboxCounts | null {
  const { call, onChanged } = useApp();
  const [counts, setCounts] = useState<InboxCounts | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      call('documents.inbox', {}).then(
        (r) => live && setCounts(r.counts),
        () => {},
      );
    void load();
    const timer = window.setInterval(() => void load(), 30_000);
    const off = onChanged((subject) => subject === 'documents' && void load());
    return () => {
      live = false;
      window.clearInterval(timer);
      off();
    };
  }, [call, onChanged]);
  return counts;
}
