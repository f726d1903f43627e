import { useCallback, useEffect, useRef, useState } from 'react';
import { useApp } from '../app/context';

/** Loads data for a page; `reload` fetches again (after a change). */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): { data: T | undefined; error: unknown; loading: boolean; reload: () => void } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const stableLoad = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    setLoading(true);
    stableLoad().then(
      (d) => {
        if (!live) return;
        setData(d);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [stableLoad, tick]);
  return { data, error, loading, reload: () => setTick((n) => n + 1) };
}

/** Runs `reload` whenever the core reports a change to one of `subjects` (from any window or user). */
export function useReloadOn(subjects: readonly string[], reload: () => void): void {
  const { onChanged } = useApp();
  const latest = useRef(reload);
  latest.current = reload;
  const key = subjects.join(',');
  useEffect(() => onChanged((subject) => key.split(',').includes(subject) && latest.current()), [onChanged, key]);
}
