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
}): void {
  const { active, idleSeconds } = opts;
  const callbacks = useRef(opts);
  callbacks.current = opts;

  useEffect(() => {
    if (!active || idleSeconds <= 0) return;
    let lastActivity = Date.now();
    const mark = () => {
      lastActivity = Date.now();
    };
    for (const ev of ACTIVITY_EVENTS) window.addEventListener(ev, mark, { capture: true, passive: true });
    const idleMs = idleSeconds * 1000;
    const heartbeatMs = Math.min(60_000, Math.max(1_000, idleMs / 3));
    const timer = window.setInterval(() => {
      const now = Date.now();
      if (now - lastActivity >= idleMs) {
        callbacks.current.onIdle();
        return;
      }
      const contact = callbacks.current.lastServerContact.current ?? 0;
      if (lastActivity > contact && now - contact >= heartbeatMs) callbacks.current.onHeartbeat();
    }, Math.min(1_000, idleMs / 4));
    return () => {
      window.clearInterval(timer);
      for (const ev of ACTIVITY_EVENTS) window.removeEventListener(ev, mark, { capture: true });
    };
  }, [active, idleSeconds]);
}
