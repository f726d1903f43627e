import { z } from 'zod';
import { method } from './define';
import { agencyCode, agencyView, id, isoTime, nonEmpty, page, password, role, shortName, unitView, userView, username } from './schemas';
import { PERMISSIONS } from '../permissions';

// Methods of the foundation: first-run setup, sessions, users, agency, settings, audit.

const ok = z.object({ ok: z.literal(true) });

export const securitySettings = z.object({
  /** Seconds of inactivity after which a session locks (0 = never). */
  idleLockSeconds: z.number().int().min(0).max(86_400),
  /** Failed logins in a row that lock an account. */
  maxFailedLogins: z.number().int().min(1).max(100),
  /** How long an account stays locked after too many failures. */
  lockoutSeconds: z.number().int().min(1).max(86_400),
});
export type SecuritySettings = z.infer<typeof securitySettings>;

export const foundationMethods = {
  'system.status': method({
    summary: 'Whether the profile is set up, its agency, versions and connection state.',
    auth: 'none',
    mutates: false,
    input: z.object({}),
    output: z.object({
      initialized: z.boolean(),
      agency: agencyView.nullable(),
      appVersion: z.string(),
      schemaVersion: z.number().int(),
      sync: z.object({ state: z.enum(['offline', 'online', 'syncing', 'error', 'disabled']), queued: z.number().int(), detail: z.string() }),
    }),
  }),
  'setup.initialize': method({
    summary: 'First-run wizard: create the agency, its units and the first admin.',
    auth: 'none',
    mutates: true,
    input: z.object({
      agency: z.object({ name: nonEmpty.max(200), code: agencyCode, shortName }),
      units: z.array(z.object({ name: nonEmpty.max(200), code: z.string().trim().max(20).default('') })).max(200).default([]),
      admin: z.object({ username, fullName: nonEmpty.max(120), password }),
    }),
    output: z.object({ agency: agencyView, units: z.array(unitView), admin: userView }),
  }),
  'auth.login': method({
    summary: 'Log in with username and password; returns a session token.',
    auth: 'none',
    mutates: true,
    input: z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) }),
    output: z.object({
      sessionToken: z.string(),
      user: userView,
      permissions: z.array(z.enum(PERMISSIONS)),
      idleLockSeconds: z.number().int(),
    }),
  }),
  // 'none' so that a session locked by inactivity can still be ended from the lock screen.
  'auth.logout': method({ summary: 'End the session (also a locked one).', auth: 'none', mutates: true, input: z.object({}), output: ok }),
  'auth.me': method({
    summary: 'The logged-in user and permissions.',
    auth: 'session',
    mutates: false,
    input: z.object({}),
    output: z.object({ user: userView, permissions: z.array(z.enum(PERMISSIONS)), idleLockSeconds: z.number().int() }),
  }),
  'auth.lock': method({ summary: 'Lock the session now (screen lock).', auth: 'session', mutates: true, input: z.object({}), output: ok }),
  'auth.unlock': method({
    summary: 'Unlock an idle-locked session with the password.',
    auth: 'none',
    mutates: true,
    input: z.object({ password: z.string().min(1).max(256) }),
    output: ok,
  }),
  'auth.changePassword': method({
    summary: 'Change own password.',
    auth: 'session',
    mutates: true,
    input: z.object({ currentPassword: z.string().min(1).max(256), newPassword: password }),
    output: ok,
  }),
  'users.list': method({
    summary: 'All users of the agency.',
    auth: 'session',
    permission: 'users.read',
    mutates: false,
    input: z.object({ includeDisabled: z.boolean().default(false) }),
    output: z.object({ users: z.array(userView) }),
  }),
  'users.create': method({
    summary: 'Add a user.',
    auth: 'session',
    permission: 'users.manage',
    mutates: true,
    input: z.object({
      username,
      fullName: nonEmpty.max(120),
      title: z.string().trim().max(120).default(''),
      password,
      roles: z.array(role).min(1, { message: 'roles.required' }),
      unitId: id.nullable().default(null),
    }),
    output: z.object({ user: userView }),
  }),
  'users.update': method({
    summary: 'Change a user’s name, title, roles, unit or disabled flag; unlock a locked account.',
    auth: 'session',
    permission: 'users.manage',
    mutates: true,
    input: z.object({
      id,
      fullName: nonEmpty.max(120).optional(),
      title: z.string().trim().max(120).optional(),
      roles: z.array(role).min(1).optional(),
      unitId: id.nullable().optional(),
      disabled: z.boolean().optional(),
      unlock: z.boolean().optional(),
      newPassword: password.optional(),
    }),
    output: z.object({ user: userView }),
  }),
  'agency.get': method({
    summary: 'The agency and its units.',
    auth: 'session',
    mutates: false,
    input: z.object({}),
    output: z.object({ agency: agencyView, units: z.array(unitView) }),
  }),
  'units.create': method({
    summary: 'Add a unit (phòng/ban).',
    auth: 'session',
    permission: 'agency.manage',
    mutates: true,
    input: z.object({ name: nonEmpty.max(200), code: z.string().trim().max(20).default('') }),
    output: z.object({ unit: unitView }),
  }),
  'settings.getSecurity': method({
    summary: 'Session and lock-out settings.',
    auth: 'session',
    mutates: false,
    input: z.object({}),
    output: securitySettings,
  }),
  'settings.updateSecurity': method({
    summary: 'Change session and lock-out settings.',
    auth: 'session',
    permission: 'agency.manage',
    mutates: true,
    input: securitySettings.partial(),
    output: securitySettings,
  }),
  'audit.list': method({
    summary: 'Audit log entries, newest first.',
    auth: 'session',
    permission: 'audit.read',
    mutates: false,
    input: page.extend({ subjectType: z.string().optional(), subjectId: z.string().optional() }),
    output: z.object({
      entries: z.array(
        z.object({
          seq: z.number().int(),
          at: isoTime,
          actor: z.string(),
          action: z.string(),
          subjectType: z.string(),
          subjectId: z.string(),
          before: z.unknown(),
          after: z.unknown(),
        }),
      ),
      total: z.number().int(),
    }),
  }),
  'audit.verify': method({
    summary: 'Check the audit hash chain; reports the first broken entry.',
    auth: 'session',
    permission: 'audit.read',
    mutates: false,
    input: z.object({}),
    output: z.object({ ok: z.boolean(), entries: z.number().int(), problems: z.array(z.object({ seq: z.number().int(), problem: z.string() })) }),
  }),
};
