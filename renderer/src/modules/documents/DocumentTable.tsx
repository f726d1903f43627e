import { useEffect, useRef, type ReactNode } from 'react';
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

/**
 * A register as a virtual table: only the rows in view (plus a margin) exist in the page, and the
 * pages of data behind them are fetched as they scroll into view.
 */
export function DocumentTable({ list, columns, onOpen, label }: { list: PagedList<DocumentSummary>; columns: Column[]; onOpen: (d: DocumentSummary) => void; label: string }) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = list.total ?? 0;
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (count > 0) list.ensure(first, last);
  }, [first, last, count, list]);

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
            return (
              <div
                key={v.key}
                role="row"
                aria-rowindex={v.index + 2}
                tabIndex={d ? 0 : -1}
                className={`doc-table__row${d ? '' : ' doc-table__row--loading'}${d?.overdue ? ' doc-table__row--overdue' : ''}`}
                style={{ gridTemplateColumns: template, height: ROW_HEIGHT, transform: `translateY(${v.start}px)` }}
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
