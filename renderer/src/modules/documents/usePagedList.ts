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
}

export interface PageResult<T> {
  items: T[];
  total: number;
  capped?: boolean;
  startCursor?: string | null;
  endCursor?: string | null;
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

  const request = useCallback((pageIndex: number) => {
    if (pageIndex < 0 || pages.current.has(pageIndex) || inFlight.current.has(pageIndex)) return;
    const gen = generation.current;
    inFlight.current.add(pageIndex);
    const previous = pages.current.get(pageIndex - 1);
    const next = pages.current.get(pageIndex + 1);
    const offset = pageIndex * PAGE_SIZE;
    const req: PageRequest =
      previous?.end && previous.items.length === PAGE_SIZE ? { offset, limit: PAGE_SIZE, after: previous.end, count: false }
      : next?.start ? { offset, limit: PAGE_SIZE, before: next.start, count: false }
      : { offset, limit: PAGE_SIZE, count: true };
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
  }, []);

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
    }
    const [start, end] = lastRange.current;
    for (let p = Math.floor(start / PAGE_SIZE); p <= Math.floor(end / PAGE_SIZE); p++) request(p);
  }, [key, reloads, request]);

  const ensure = useCallback(
    (start: number, end: number) => {
      lastRange.current = [start, end];
      for (let p = Math.floor(Math.max(0, start) / PAGE_SIZE); p <= Math.floor(Math.max(0, end) / PAGE_SIZE); p++) request(p);
    },
    [request],
  );

  const item = useCallback((index: number) => {
    const p = Math.floor(index / PAGE_SIZE);
    return (pages.current.get(p) ?? stale.current.get(p))?.items[index % PAGE_SIZE];
  }, []);

  return { total: count?.total ?? null, capped: count?.capped ?? false, item, ensure, error, reload: useCallback(() => setReloads((n) => n + 1), []) };
}
