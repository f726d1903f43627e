import type { Permission, Role } from '../../shared/permissions';
import { permissionsOf } from '../../shared/permissions';
import { AppError } from '../../shared/api/errors';

/** Who is making a call. The CLI acts as a system actor with every permission. */
export interface Actor {
  kind: 'user' | 'system';
  userId: number | null;
  username: string;
  fullName: string;
  roles: readonly Role[];
  unitId: number | null;
  /** Written into audit entries: `user:<username>` or `system:<name>`. */
  label: string;
}

export interface CallContext {
  actor: Actor;
  /** The caller's session token, when the call came through a session. */
  sessionToken?: string;
}

export function systemActor(name: string): Actor {
  return { kind: 'system', userId: null, username: name, fullName: name, roles: ['admin', 'clerk', 'specialist', 'leader', 'secretary'], unitId: null, label: `system:${name}` };
}

export function can(actor: Actor, p: Permission): boolean {
  return actor.kind === 'system' || permissionsOf(actor.roles).has(p);
}

export function requirePermission(actor: Actor, p: Permission): void {
  if (!can(actor, p)) throw new AppError('FORBIDDEN', `You do not have the "${p}" permission.`, { details: { permission: p } });
}

/** For reads that serve two kinds of user (e.g. registers: clerks choose one, admins manage them). */
export function requireAnyPermission(actor: Actor, ps: readonly Permission[]): void {
  if (!ps.some((p) => can(actor, p))) {
    throw new AppError('FORBIDDEN', `You need one of the permissions ${ps.map((p) => `"${p}"`).join(', ')}.`, { details: { permission: ps[0], anyOf: ps } });
  }
}
