import { useEffect, useRef } from 'react';

const ACTIVITY_EVENTS = ['mousemove', 'mousedown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Tracks mouse and keyboard activity. After `idleSeconds` without any it calls `onIdle`. While the
 * user is active it calls `onHeartbeat` now and then, so the core (which only sees API calls)
 * does not lock a session that someone is reading or typing in.
 */
export function useIdleLock(opts: {
  active: boolean;
  idleSeconds: number;
  lastServerContact: React.RefObject<number>;
  onIdle: () => void;
  onHeartbeat: () => void;
  /** Seconds left before the lock during the last stretch (up to 30 s), or null when not close. */
  onWarn?: (secondsLeft: number | null) => void;
}): void {
  const { active, idleSeconds } = opts;
  const callbacks = useRef(opts);
  callbacks.current = opts;

  useEffect(() => {
    if (!active || idleSeconds <= 0) return;
    let lastActivity = Date.now();
    let lastBeat = 0;
    let warned = false;
    const idleMs = idleSeconds * 1000;
    const heartbeatMs = Math.min(60_000, Math.max(1_000, idleMs / 3));
    const warnMs = Math.min(30_000, idleMs / 3);

    const tick = () => {
      const now = Date.now();
      const left = idleMs - (now - lastActivity);
      if (left <= 0) {
        if (warned) callbacks.current.onWarn?.(null);
        warned = false;
        callbacks.current.onIdle();
        return;
      }
      if (left <= warnMs && idleMs >= 3_000) {
        warned = true;
        callbacks.current.onWarn?.(Math.ceil(left / 1000));
      } else if (warned) {
        warned = false;
        callbacks.current.onWarn?.(null);
      }
      const contact = callbacks.current.lastServerContact.current ?? 0;
      if (lastActivity > contact && now - contact >= heartbeatMs && now - lastBeat >= heartbeatMs) {
        lastBeat = now;
        callbacks.current.onHeartbeat();
      }
    };
    // Activity after a quiet spell is reported at once, not at the next tick: the core's own idle
    // clock may be close to running out.
    const mark = () => {
      lastActivity = Date.now();
      const contact = callbacks.current.lastServerContact.current ?? 0;
      if (warned || lastActivity - contact >= heartbeatMs) tick();
    };
    for (const ev of ACTIVITY_EVENTS) window.addEventListener(ev, mark, { capture: true, passive: true });
    const timer = window.setInterval(tick, Math.min(1_000, idleMs / 4));
    return () => {
      if (warned) callbacks.current.onWarn?.(null);
      window.clearInterval(timer);
      for (const ev of ACTIVITY_EVENTS) window.removeEventListener(ev, mark, { capture: true });
    };
  }, [active, idleSeconds]);
}
