import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp, type CallFn } from '../../app/context';

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

/**
 * One shared copy of the caller's inbox counts for the sidebar badge and the tabs: loaded once,
 * then refreshed a moment after documents change and every minute — not on every page opened,
 * because counting the inbox of a large store is not free and would delay the page's own data.
 */
class InboxCountStore {
  counts: InboxCounts | null = null;
  private listeners = new Set<(c: InboxCounts) => void>();
  private timer: number | undefined;
  private pending: number | undefined;
  private offChanged: (() => void) | undefined;

  constructor(
    private readonly call: CallFn,
    private readonly onChanged: (l: (subject: string) => void) => () => void,
  ) {}

  subscribe(listener: (c: InboxCounts) => void): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) {
      this.load();
      this.timer = window.setInterval(() => this.load(), 60_000);
      this.offChanged = this.onChanged((subject) => subject === 'documents' && this.soon());
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        // Nobody shows it (logged out): forget it, so the next person never sees these counts.
        this.counts = null;
        window.clearInterval(this.timer);
        window.clearTimeout(this.pending);
        this.offChanged?.();
      }
    };
  }

  private soon(): void {
    window.clearTimeout(this.pending);
    this.pending = window.setTimeout(() => this.load(), 800);
  }

  private load(): void {
    this.call('documents.inbox', {}).then(
      (r) => {
        this.counts = r.counts;
        for (const l of this.listeners) l(r.counts);
      },
      () => {},
    );
  }
}

const stores = new WeakMap<CallFn, InboxCountStore>();

/** The caller's inbox counts (shared by every component that shows them). */
export function useInboxCounts(): InboxCounts | null {
  const { call, onChanged } = useApp();
  let store = stores.get(call);
  if (!store) {
    store = new InboxCountStore(call, onChanged);
    stores.set(call, store);
  }
  const [counts, setCounts] = useState<InboxCounts | null>(store.counts);
  useEffect(() => store.subscribe(setCounts), [store]);
  return counts;
}
