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

export function usePagedList<T>(fetchPage: (offset: number, limit: number) => Promise<{ items: T[]; total: number; capped?: boolean }>, key: string): PagedList<T> {
  const pages = useRef(new Map<number, T[]>());
  // After a reload the old rows stay on screen until their fresh page arrives (no flicker, no jump).
  const stale = useRef(new Map<number, T[]>());
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
    fetchRef.current(pageIndex * PAGE_SIZE, PAGE_SIZE).then(
      (r) => {
        if (gen !== generation.current) return;
        inFlight.current.delete(pageIndex);
        pages.current.set(pageIndex, r.items);
        stale.current.delete(pageIndex);
        // A capped count only says "at least": keep the largest seen; an exact one replaces it.
        setCount((old) => (r.capped ? { total: Math.max(r.total, old?.capped ? old.total : 0), capped: true } : { total: r.total, capped: false }));
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
    return (pages.current.get(p) ?? stale.current.get(p))?.[index % PAGE_SIZE];
  }, []);

  return { total: count?.total ?? null, capped: count?.capped ?? false, item, ensure, error, reload: useCallback(() => setReloads((n) => n + 1), []) };
}
