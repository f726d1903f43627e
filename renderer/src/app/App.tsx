import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient } from '../../../shared/api/client';
import type { Input, MethodName, Output } from '../../../shared/api/contract';
import { AppError, isAppError } from '../../../shared/api/errors';
import { LoginPage, type LoginNotice } from '../auth/LoginPage';
import { SetupWizard } from '../setup/SetupWizard';
import { AppContext, type AppContextValue, type CallFn, type Session, type SyncInfo, type SystemStatus } from './context';
import { LockScreen } from './LockScreen';
import { navigate } from './router';
import { Shell } from './Shell';
import { useIdleLock } from './useIdleLock';
import { LanguageSelect } from './LanguageSelect';

// The session token lives for this tab only (sessionStorage, like the launch token), so that a
// reload does not log the user out; logout, lock-out and session end remove it.
const SESSION_KEY = 'vanthu.session';
const savedSession = {
  get: (): string | undefined => {
    try {
      return sessionStorage.getItem(SESSION_KEY) ?? undefined;
    } catch {
      return undefined;
    }
  },
  set: (token: string) => {
    try {
      sessionStorage.setItem(SESSION_KEY, token);
    } catch {
      /* storage unavailable: a reload will ask for the password again */
    }
  },
  clear: () => {
    try {
      sessionStorage.removeItem(SESSION_KEY);
    } catch {
      /* nothing stored */
    }
  },
};

type Phase = 'loading' | 'unreachable' | 'setup' | 'login' | 'app';

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * The whole UI: first-run wizard, login, and the logged-in frame with its lock screen. Owns the
 * session: every page calls the core through `call`, which waits behind the lock screen when the
 * core says SESSION_LOCKED and retries once unlocked, and ends the session on UNAUTHENTICATED.
 */
export function App({ client, statusPollMs = 10_000 }: { client: ApiClient; statusPollMs?: number }) {
  const { t } = useTranslation();
  const [phase, setPhase] = useState<Phase>('loading');
  const [status, setStatus] = useState<SystemStatus | null>(null);
  const [sync, setSync] = useState<SyncInfo | null>(null);
  const [reachable, setReachable] = useState(true);
  const [session, setSession] = useState<Session | null>(null);
  const [locked, setLocked] = useState(false);
  const [notice, setNotice] = useState<LoginNotice | null>(null);
  const [loginName, setLoginName] = useState('');
  const [generation, setGeneration] = useState(0);
  const [idleWarning, setIdleWarning] = useState<number | null>(null);
  const lastServerContact = useRef(Date.now());
  const waiters = useRef<Waiter[]>([]);
  const changeListeners = useRef(new Set<(subject: string, id?: string) => void>());
  const lockedRef = useRef(false);
  lockedRef.current = locked;

  const loadStatus = useCallback(async () => {
    try {
      const s = await client.call('system.status', {});
      // Polled every few seconds: keep the same objects when nothing changed, so pages do not re-render.
      setStatus((old) => (old && JSON.stringify(old) === JSON.stringify(s) ? old : s));
      setSync((old) => (old && JSON.stringify(old) === JSON.stringify(s.sync) ? old : s.sync));
      setReachable(true);
      return s;
    } catch (e) {
      if (isAppError(e) && e.code === 'OFFLINE') setReachable(false);
      return null;
    }
  }, [client]);

  const boot = useCallback(async () => {
    setPhase('loading');
    const s = await loadStatus();
    if (!s) return setPhase('unreachable');
    if (!s.initialized) return setPhase('setup');
    // A reload (F5 in web mode) keeps an open, unlocked session of this tab; anything else logs in again.
    const saved = savedSession.get();
    if (saved) {
      client.setSession(saved);
      try {
        const me = await client.call('auth.me', {});
        lastServerContact.current = Date.now();
        setSession({ user: me.user, permissions: new Set(me.permissions), idleLockSeconds: me.idleLockSeconds });
        return setPhase('app');
      } catch {
        client.setSession(undefined);
        savedSession.clear();
      }
    }
    setPhase('login');
  }, [client, loadStatus]);

  useEffect(() => {
    void boot();
  }, [boot]);

  // Connection and exchange state: polled (also tells us when the core is unreachable) and pushed.
  useEffect(() => {
    if (phase === 'loading' || phase === 'unreachable') return;
    const timer = window.setInterval(() => void loadStatus(), statusPollMs);
    return () => window.clearInterval(timer);
  }, [phase, loadStatus, statusPollMs]);

  const endSession = useCallback(
    (why: LoginNotice) => {
      client.setSession(undefined);
      savedSession.clear();
      for (const w of waiters.current.splice(0)) w.reject(new AppError('UNAUTHENTICATED', 'The session ended.'));
      setSession(null);
      lockedRef.current = false;
      setLocked(false);
      setNotice(why);
      setPhase('login');
      navigate('/');
    },
    [client],
  );

  const waitForUnlock = useCallback(() => {
    lockedRef.current = true;
    setLocked(true);
    return new Promise<void>((resolve, reject) => waiters.current.push({ resolve, reject }));
  }, []);

  const call = useCallback(
    async <M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> => {
      for (let attempt = 0; ; attempt++) {
        if (lockedRef.current) await waitForUnlock();
        try {
          const result = await client.call(method, input);
          lastServerContact.current = Date.now();
          setReachable(true);
          return result;
        } catch (e) {
          if (isAppError(e)) {
            if (e.code === 'OFFLINE') setReachable(false);
            if (e.code === 'SESSION_LOCKED' && attempt === 0) {
              lockedRef.current = true; // the next turn shows the lock screen, waits, retries once
              continue;
            }
            if (e.code === 'UNAUTHENTICATED' && client.hasSession) endSession({ kind: 'info', key: 'login.sessionEnded' });
          }
          throw e;
        }
      }
    },
    [client, endSession, waitForUnlock],
  ) as CallFn;

  const refreshSession = useCallback(async () => {
    const me = await call('auth.me', {});
    setSession({ user: me.user, permissions: new Set(me.permissions), idleLockSeconds: me.idleLockSeconds });
  }, [call]);

  useEffect(() => {
    return client.subscribe((e) => {
      if (e.type === 'sync.state') setSync({ state: e.state, queued: e.queued, detail: e.detail });
      else if (e.type === 'changed') {
        if (e.subject === 'agency') void loadStatus();
        for (const l of [...changeListeners.current]) l(e.subject, e.id);
      }
      // Some session was locked by the core: ask whether it is ours (the call then shows the lock).
      else if (e.type === 'session.locked' && client.hasSession && !lockedRef.current) void refreshSession().catch(() => {});
    });
  }, [client, loadStatus, refreshSession]);

  const lockNow = useCallback(() => {
    if (lockedRef.current || !client.hasSession) return;
    lockedRef.current = true;
    setLocked(true);
    client.call('auth.lock', {}).catch(() => {
      /* already locked by the core, or offline: the screen is locked either way */
    });
  }, [client]);

  const unlock = useCallback(
    async (password: string) => {
      try {
        await client.call('auth.unlock', { password });
      } catch (e) {
        if (isAppError(e) && e.code === 'ACCOUNT_LOCKED') return endSession({ kind: 'error', error: e });
        if (isAppError(e) && e.code === 'UNAUTHENTICATED') return endSession({ kind: 'info', key: 'login.sessionEnded' });
        throw e;
      }
      lastServerContact.current = Date.now();
      lockedRef.current = false;
      setLocked(false);
      for (const w of waiters.current.splice(0)) w.resolve();
      void refreshSession().catch(() => {});
    },
    [client, endSession, refreshSession],
  );

  const logout = useCallback(() => {
    const name = session?.user.username ?? '';
    client.call('auth.logout', {}).catch(() => {
      /* a locked or ended session: forgetting the token is what matters here */
    });
    setLoginName(name);
    endSession({ kind: 'info', key: 'login.loggedOut' });
  }, [client, endSession, session]);

  useIdleLock({
    active: phase === 'app' && !locked && session !== null,
    idleSeconds: session?.idleLockSeconds ?? 0,
    lastServerContact,
    onIdle: lockNow,
    onHeartbeat: () => void refreshSession().catch(() => {}),
    onWarn: setIdleWarning,
  });

  const onChanged = useCallback((listener: (subject: string, id?: string) => void) => {
    changeListeners.current.add(listener);
    return () => void changeListeners.current.delete(listener);
  }, []);

  const ctx = useMemo<AppContextValue | null>(
    () => (session && status && sync ? { call, session, status, reachable, sync, lockNow, logout, refreshSession, onChanged } : null),
    [call, session, status, reachable, sync, lockNow, logout, refreshSession, onChanged],
  );

  if (phase === 'loading') {
    return (
      <div className="center-screen" role="status">
        {t('app.loading')}
      </div>
    );
  }
  if (phase === 'unreachable') {
    return (
      <main className="center-screen">
        <div className="card card--narrow">
          <h1>{t('app.unreachableTitle')}</h1>
          <p>{t('app.unreachableBody')}</p>
          <div className="card__actions">
            <LanguageSelect />
            <button type="button" className="btn btn--primary" onClick={() => void boot()}>
              {t('app.retry')}
            </button>
          </div>
        </div>
      </main>
    );
  }
  if (phase === 'setup') {
    return (
      <SetupWizard
        call={(m, i) => client.call(m, i)}
        appVersion={status?.appVersion ?? ''}
        onDone={(username) => {
          setLoginName(username);
          setNotice({ kind: 'info', key: 'login.setupDone' });
          void loadStatus().then(() => setPhase('login'));
        }}
        onAlreadyInitialized={() => {
          setNotice({ kind: 'error', error: new AppError('ALREADY_INITIALIZED', 'Already set up.') });
          void loadStatus().then(() => setPhase('login'));
        }}
      />
    );
  }
  if (phase === 'login' || !ctx) {
    return (
      <LoginPage
        client={client}
        agency={status?.agency ?? null}
        appVersion={status?.appVersion ?? ''}
        notice={notice}
        initialUsername={loginName}
        onLoggedIn={(r) => {
          savedSession.set(r.sessionToken);
          lastServerContact.current = Date.now();
          setSession({ user: r.user, permissions: new Set(r.permissions), idleLockSeconds: r.idleLockSeconds });
          setNotice(null);
          setLocked(false);
          setGeneration((g) => g + 1);
          setPhase('app');
        }}
      />
    );
  }
  return (
    <AppContext.Provider value={ctx}>
      <Shell key={generation} inert={locked} />
      {idleWarning !== null && !locked && (
        <div className="idle-warning" role="status">
          {t('lock.idleWarning', { seconds: idleWarning })}
        </div>
      )}
      {locked && <LockScreen name={ctx.session.user.fullName} onUnlock={unlock} onLogout={logout} />}
    </AppContext.Provider>
  );
}
