import { useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary } from '../../../../shared/api/documents';
import type { PagedList } from './usePagedList';

export interface Column {
  key: string;
  header: string;
  /** A CSS grid track, e.g. `90px` or `minmax(240px, 3fr)`. */
  width: string;
  render: (d: DocumentSummary) => ReactNode;
  className?: string;
}

const ROW_HEIGHT = 54;

// The row jumped to stands out (inline: the stylesheet belongs to the whole module).
const TARGET_STYLE = { background: 'var(--highlight-bg, #fff4c2)', boxShadow: 'inset 4px 0 0 var(--accent, #1f5fbf)' } as const;

/** A row to bring into view, highlight and focus (a jump to a number); `seq` tells repeated jumps apart. */
export interface RowTarget {
  index: number;
  seq: number;
  /** Highlight and focus it (false: only scroll there). */
  mark: boolean;
}

/**
 * A register as a virtual table: only the rows in view (plus a margin) exist in the page, and the
 * pages of data behind them are fetched as they scroll into view.
 */
export function DocumentTable({ list, columns, onOpen, label, target }: { list: PagedList<DocumentSummary>; columns: Column[]; onOpen: (d: DocumentSummary) => void; label: string; target?: RowTarget | null }) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const focusPending = useRef<number | null>(null);
  const count = list.total ?? 0;
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (count > 0) list.ensure(first, last);
  }, [first, last, count, list]);

  // A jump: scroll so the row sits in the middle of the view; focus it once it is drawn and loaded.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!target || !el) return;
    el.scrollTop = Math.max(0, target.index * ROW_HEIGHT - Math.max(0, el.clientHeight - ROW_HEIGHT) / 2);
    focusPending.current = target.mark ? target.seq : null;
  }, [target]);
  useEffect(() => {
    if (!target || focusPending.current !== target.seq) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${target.index}"][tabindex="0"]`);
    if (row) {
      focusPending.current = null;
      row.focus({ preventScroll: true });
    }
  });

  const template = columns.map((c) => c.width).join(' ');
  return (
    <div className="doc-table" role="table" aria-label={label} aria-rowcount={count + 1}>
      <div className="doc-table__head" role="rowgroup">
        <div className="doc-table__row doc-table__row--head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
          {columns.map((c) => (
            <div key={c.key} role="columnheader" className={`doc-table__cell ${c.className ?? ''}`}>
              {c.header}
            </div>
          ))}
        </div>
      </div>
      <div ref={scrollRef} className="doc-table__scroll" role="rowgroup" data-testid="doc-table-scroll">
        {list.total === 0 && <p className="doc-table__empty">{t('docs.list.empty')}</p>}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((v) => {
            const d = list.item(v.index);
            const isTarget = target?.mark === true && target.index === v.index;
            return (
              <div
                key={v.key}
                role="row"
                aria-rowindex={v.index + 2}
                tabIndex={d ? 0 : -1}
                className={`doc-table__row${d ? '' : ' doc-table__row--loading'}${d?.overdue ? ' doc-table__row--overdue' : ''}${isTarget ? ' doc-table__row--target' : ''}`}
                aria-current={isTarget ? 'true' : undefined}
                style={{ gridTemplateColumns: template, height: ROW_HEIGHT, transform: `translateY(${v.start}px)`, ...(isTarget ? TARGET_STYLE : null) }}
                data-index={v.index}
                onClick={() => d && onOpen(d)}
                onKeyDown={(e) => {
                  if (d && e.key === 'Enter') onOpen(d);
                }}
                aria-label={d ? undefined : t('docs.list.loadingRow')}
              >
                {d
                  ? columns.map((c) => (
                      <div key={c.key} role="cell" className={`doc-table__cell ${c.className ?? ''}`}>
                        {c.render(d)}
                      </div>
                    ))
                  : columns.map((c) => (
                      <div key={c.key} role="cell" className="doc-table__cell">
                        <span className="doc-skeleton" />
                      </div>
                    ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
