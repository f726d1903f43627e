import { createContext, useContext } from 'react';
import type { Input, MethodName, Output } from '../../../shared/api/contract';
import type { UserView } from '../../../shared/api/schemas';
import type { Permission } from '../../../shared/permissions';

export type SystemStatus = Output<'system.status'>;
export type SyncInfo = SystemStatus['sync'];

export interface Session {
  user: UserView;
  permissions: ReadonlySet<Permission>;
  idleLockSeconds: number;
}

/** Typed API call that also handles the session: waits through a lock, ends on logout. */
export type CallFn = <M extends MethodName>(method: M, input: Input<M>) => Promise<Output<M>>;

export interface AppContextValue {
  call: CallFn;
  session: Session;
  status: SystemStatus;
  /** Connection to the core (false after a call or status poll could not reach it). */
  reachable: boolean;
  sync: SyncInfo;
  lockNow(): void;
  logout(): void;
  /** Re-read the user, permissions and idle-lock time (after settings or role changes). */
  refreshSession(): Promise<void>;
  /** Called when the core reports a change (`changed` events: subject `users`, `units`, …). */
  onChanged(listener: (subject: string, id?: string) => void): () => void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const v = useContext(AppContext);
  if (!v) throw new Error('useApp outside a logged-in app frame');
  return v;
}
