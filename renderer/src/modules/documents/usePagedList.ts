import { useCallback, useEffect, useRef, useState } from 'react';

// A window onto a long server-side list: pages are fetched only when rows near them are shown,
// kept in memory while the filters stay the same, and dropped when they change. The list never
// asks for everything, so it stays quick on a register with a million entries.

export const PAGE_SIZE = 100;

export interface PagedList<T> {
  /** Rows in the whole list (null until the first page arrives); a lower bound while `capped`. */
  total: number | null;
  /** The server stopped counting: there are at least `total` rows (it grows as pages further on load). */
  capped: boolean;
  /** The row at `index`, or undefined while its page is loading. */
  item(index: number): T | undefined;
  /** Makes sure the pages covering rows start..end are loaded or loading. */
  ensure(start: number, end: number): void;
  error: unknown;
  /** Drops everything and loads again (after a change). */
  reload(): void;
  /**
   * Opens the list at a place the server finds (`at`, e.g. a register number) instead of an offset:
   * the pages are realigned so that place starts one, and the neighbours on both sides page on by
   * cursor from it. Resolves with the index of the first row found there and that row (undefined
   * when nothing lies at or past that place), or null when a newer jump or list change overtook it.
   */
  jump(at: JumpTarget): Promise<{ index: number; item: T | undefined } | null>;
}

/** Where to open the list: a number of a year (register number order). */
export interface JumpTarget {
  number: number;
  year: number;
}

/**
 * One page to fetch. A page next to one already loaded continues from that page's edge row
 * (`after` its last row, or `before` the next page's first), so paging on is an index seek on the
 * server however deep it is, and rows registered meanwhile neither repeat nor go missing between
 * the two. A page far from any loaded one (the scrollbar dragged) is asked for by `offset`.
 */
export interface PageRequest {
  offset: number;
  limit: number;
  after?: string;
  before?: string;
  /** Whether the server should count past the page (only when no neighbouring page gave the count). */
  count: boolean;
  /** Start at this place instead (a jump); the result then says its `position`. */
  at?: JumpTarget;
}

export interface PageResult<T> {
  items: T[];
  total: number;
  capped?: boolean;
  startCursor?: string | null;
  endCursor?: string | null;
  /** Index of the first row (answers a jump). */
  position?: number;
}

interface Page<T> {
  items: T[];
  start: string | null;
  end: string | null;
}

export function usePagedList<T>(fetchPage: (request: PageRequest) => Promise<PageResult<T>>, key: string): PagedList<T> {
  const pages = useRef(new Map<number, Page<T>>());
  // After a reload the old rows stay on screen until their fresh page arrives (no flicker, no jump).
  const stale = useRef(new Map<number, Page<T>>());
  const lastRange = useRef<[number, number]>([0, 0]);
  const lastKey = useRef<string | null>(null);
  const inFlight = useRef(new Set<number>());
  const generation = useRef(0);
  const [count, setCount] = useState<{ total: number; capped: boolean } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [, setVersion] = useState(0);
  const [reloads, setReloads] = useState(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  // Pages start at `base` plus a multiple of PAGE_SIZE. A jump moves base so the row jumped to
  // starts a page (its page then comes whole from the jump, with both edge cursors); the short
  // page before base (rows 0..base-1) is page -1.
  const base = useRef(0);
  const pageOf = useCallback((index: number) => Math.floor((index - base.current) / PAGE_SIZE), []);
  const bounds = useCallback((pageIndex: number): [number, number] => [Math.max(0, base.current + pageIndex * PAGE_SIZE), base.current + (pageIndex + 1) * PAGE_SIZE], []);

  const request = useCallback((pageIndex: number) => {
    if (pageIndex < pageOf(0) || pages.current.has(pageIndex) || inFlight.current.has(pageIndex)) return;
    const gen = generation.current;
    inFlight.current.add(pageIndex);
    const previous = pages.current.get(pageIndex - 1);
    const next = pages.current.get(pageIndex + 1);
    const [offset, end] = bounds(pageIndex);
    const limit = end - offset;
    const [previousStart, previousEnd] = bounds(pageIndex - 1);
    const req: PageRequest =
      previous?.end && previous.items.length === previousEnd - previousStart ? { offset, limit, after: previous.end, count: false }
      : next?.start ? { offset, limit, before: next.start, count: false }
      : { offset, limit, count: true };
    fetchRef.current(req).then(
      (r) => {
        if (gen !== generation.current) return;
        inFlight.current.delete(pageIndex);
        pages.current.set(pageIndex, { items: r.items, start: r.startCursor ?? null, end: r.endCursor ?? null });
        stale.current.delete(pageIndex);
        // A capped count only says "at least": keep the largest seen, and an exact count that is
        // already larger (a page fetched by cursor only knows the rows up to its end); an exact
        // one replaces it.
        setCount((old) => {
          if (!r.capped) return { total: r.total, capped: false };
          if (old && !old.capped && old.total >= r.total) return old;
          return { total: Math.max(r.total, old?.capped ? old.total : 0), capped: true };
        });
        setError(null);
        setVersion((v) => v + 1);
      },
      (e: unknown) => {
        if (gen !== generation.current) return;
        inFlight.current.delete(pageIndex);
        setError(e);
      },
    );
  }, [bounds, pageOf]);

  useEffect(() => {
    generation.current++;
    const sameList = lastKey.current === key;
    lastKey.current = key;
    stale.current = sameList ? new Map([...stale.current, ...pages.current]) : new Map();
    pages.current = new Map();
    inFlight.current = new Set();
    setError(null);
    if (!sameList) {
      setCount(null);
      lastRange.current = [0, 0];
      base.current = 0;
    }
    const [start, end] = lastRange.current;
    for (let p = pageOf(start); p <= pageOf(end); p++) request(p);
  }, [key, reloads, request, pageOf]);

  const ensure = useCallback(
    (start: number, end: number) => {
      lastRange.current = [start, end];
      for (let p = pageOf(Math.max(0, start)); p <= pageOf(Math.max(0, end)); p++) request(p);
    },
    [request, pageOf],
  );

  const item = useCallback(
    (index: number) => {
      const p = pageOf(index);
      return (pages.current.get(p) ?? stale.current.get(p))?.items[index - bounds(p)[0]];
    },
    [pageOf, bounds],
  );

  const jump = useCallback(async (at: JumpTarget) => {
    const gen = ++generation.current;
    let r: PageResult<T>;
    try {
      r = await fetchRef.current({ offset: 0, limit: PAGE_SIZE, count: true, at });
    } catch (e) {
      // The pages asked for meanwhile were dropped with the old generation: load them again.
      if (gen === generation.current) setReloads((n) => n + 1);
      throw e;
    }
    if (gen !== generation.current) return null;
    const position = r.position ?? 0;
    // Everything loaded so far sits on the old page grid: drop it (the page found replaces it).
    generation.current++;
    base.current = position % PAGE_SIZE;
    pages.current = new Map([[pageOf(position), { items: r.items, start: r.startCursor ?? null, end: r.endCursor ?? null }]]);
    stale.current = new Map();
    inFlight.current = new Set();
    lastRange.current = [position, position];
    setCount({ total: Math.max(r.total, position + r.items.length), capped: r.capped ?? false });
    setError(null);
    setVersion((v) => v + 1);
    return { index: position, item: r.items[0] };
  }, [pageOf]);

  return { total: count?.total ?? null, capped: count?.capped ?? false, item, ensure, error, reload: useCallback(() => setReloads((n) => n + 1), []), jump };
}
