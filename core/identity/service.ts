import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { AppError } from '../../shared/api/errors';
import type { AgencyView, UnitView, UserView } from '../../shared/api/schemas';
import type { SecuritySettings } from '../../shared/api/foundation';
import { permissionsOf, type Permission, type Role } from '../../shared/permissions';
import type { AuditLog } from '../audit/index';
import type { Actor } from '../api/context';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password';
import { IdentityRepository, toUserView, type UserRow } from './repository';

export const DEFAULT_SECURITY: SecuritySettings = { idleLockSeconds: 900, maxFailedLogins: 5, lockoutSeconds: 900 };

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export interface LoginResult {
  sessionToken: string;
  user: UserView;
  permissions: Permission[];
  idleLockSeconds: number;
}

export class IdentityService {
  readonly repo: IdentityRepository;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {
    this.repo = new IdentityRepository(db);
  }

  isInitialized(): boolean {
    return this.repo.agency() !== undefined;
  }

  agency(): AgencyView {
    const a = this.repo.agency();
    if (!a) throw new AppError('NOT_INITIALIZED', 'This profile has no agency yet. Run the first-run wizard or "vanthu init".');
    return a;
  }

  security(): SecuritySettings {
    const raw = this.repo.setting('security');
    return raw ? { ...DEFAULT_SECURITY, ...(JSON.parse(raw) as Partial<SecuritySettings>) } : DEFAULT_SECURITY;
  }

  updateSecurity(patch: Partial<SecuritySettings>, actor: Actor): SecuritySettings {
    return this.db.transaction(() => {
      const before = this.security();
      const after = { ...before, ...patch };
      this.repo.putSetting('security', JSON.stringify(after));
      this.audit.record({ actor: actor.label, action: 'settings.security.update', subjectType: 'settings', subjectId: 'security', before, after });
      return after;
    })();
  }

  async initialize(
    input: { agency: AgencyView; units: { name: string; code: string }[]; admin: { username: string; fullName: string; password: string } },
    actorLabel: string,
  ): Promise<{ agency: AgencyView; units: UnitView[]; admin: UserView }> {
    if (this.isInitialized()) throw new AppError('ALREADY_INITIALIZED', 'This profile is already set up; log in instead.');
    const passwordHash = await hashPassword(input.admin.password);
    return this.db.transaction(() => {
      if (this.isInitialized()) throw new AppError('ALREADY_INITIALIZED', 'This profile is already set up; log in instead.');
      const now = this.now().toISOString();
      this.repo.insertAgency(input.agency, now);
      this.audit.record({ actor: actorLabel, action: 'agency.create', subjectType: 'agency', subjectId: input.agency.code, after: input.agency });
      const units = input.units.map((u) => {
        const unit = this.repo.insertUnit(u.name, u.code, now);
        this.audit.record({ actor: actorLabel, action: 'unit.create', subjectType: 'unit', subjectId: unit.id, after: unit });
        return unit;
      });
      const adminId = this.repo.insertUser({ username: input.admin.username, fullName: input.admin.fullName, title: '', passwordHash, roles: ['admin'], unitId: null }, now);
      const admin = toUserView(this.repo.userById(adminId)!);
      this.audit.record({ actor: actorLabel, action: 'user.create', subjectType: 'user', subjectId: adminId, after: admin });
      return { agency: input.agency, units, admin };
    }).immediate();
  }

  async login(username: string, password: string): Promise<LoginResult> {
    if (!this.isInitialized()) throw new AppError('NOT_INITIALIZED', 'This profile is not set up yet.');
    const name = username.trim().toLowerCase();
    const user = this.repo.userByName(name);
    const settings = this.security();
    const nowDate = this.now();
    if (user?.locked_until && new Date(user.locked_until) > nowDate) {
      this.recordLoginFailure(name, user, 'locked');
      throw new AppError('ACCOUNT_LOCKED', `Too many failed logins. The account is locked until ${user.locked_until}; ask an administrator to unlock it sooner.`, {
        details: { lockedUntil: user.locked_until },
      });
    }
    const good = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
    if (!user || !good) {
      this.recordLoginFailure(name, user, 'bad-password');
      throw new AppError('LOGIN_FAILED', 'Wrong username or password.');
    }
    if (user.disabled) {
      this.recordLoginFailure(name, user, 'disabled');
      throw new AppError('ACCOUNT_DISABLED', 'This account is disabled; ask an administrator.');
    }
    const token = crypto.randomBytes(32).toString('base64url');
    this.db.transaction(() => {
      const now = this.now().toISOString();
      this.repo.updateUser(user.id, { failed_logins: 0, locked_until: null }, now);
      this.repo.insertSession(sha256(token), user.id, now);
      this.audit.record({ actor: `user:${user.username}`, action: 'session.login', subjectType: 'user', subjectId: user.id });
    })();
    const view = toUserView(this.repo.userById(user.id)!);
    return { sessionToken: token, user: view, permissions: [...permissionsOf(view.roles)], idleLockSeconds: settings.idleLockSeconds };
  }

  private recordLoginFailure(name: string, user: UserRow | undefined, reason: string): void {
    const settings = this.security();
    this.db.transaction(() => {
      const now = this.now();
      let lockedUntil: string | null = null;
      if (user && reason === 'bad-password') {
        const failures = user.failed_logins + 1;
        lockedUntil = failures >= settings.maxFailedLogins ? new Date(now.getTime() + settings.lockoutSeconds * 1000).toISOString() : null;
        this.repo.updateUser(user.id, { failed_logins: failures, locked_until: lockedUntil }, now.toISOString());
      }
      this.audit.record({
        actor: `anonymous:${name.slice(0, 64)}`,
        action: lockedUntil ? 'session.login-failed.account-locked' : 'session.login-failed',
        subjectType: 'user',
        subjectId: user?.id ?? name.slice(0, 64),
        after: { reason },
      });
    })();
  }

  /** Resolves a session token to its actor; enforces logout, disabled users and the idle lock. */
  authenticate(token: string | undefined, opts: { allowLocked?: boolean } = {}): Actor {
    if (!token) throw new AppError('UNAUTHENTICATED', 'Please log in.');
    const hash = sha256(token);
    const s = this.repo.session(hash);
    if (!s || s.ended_at) throw new AppError('UNAUTHENTICATED', 'Your session has ended; please log in again.');
    const user = this.repo.userById(s.user_id);
    if (!user || user.disabled) throw new AppError('UNAUTHENTICATED', 'This account is no longer active.');
    const { idleLockSeconds } = this.security();
    const now = this.now();
    const idleMs = now.getTime() - new Date(s.last_active_at).getTime();
    let locked = s.locked === 1;
    if (!locked && idleLockSeconds > 0 && idleMs > idleLockSeconds * 1000) {
      this.repo.setSessionLocked(hash, true);
      locked = true;
    }
    if (locked && !opts.allowLocked) throw new AppError('SESSION_LOCKED', 'The screen is locked after inactivity; enter your password to continue.');
    // Activity is recorded at most every few seconds: every call would otherwise cost an fsync.
    const touchEveryMs = Math.min(15_000, Math.max(250, (idleLockSeconds * 1000) / 4));
    if (!locked && idleMs > touchEveryMs) this.repo.touchSession(hash, now.toISOString());
    const view = toUserView(user);
    return { kind: 'user', userId: user.id, username: user.username, fullName: user.full_name, roles: view.roles, unitId: user.unit_id, label: `user:${user.username}` };
  }

  me(actor: Actor): { user: UserView; permissions: Permission[]; idleLockSeconds: number } {
    const user = this.user(actor.userId ?? -1);
    return { user, permissions: [...permissionsOf(user.roles)], idleLockSeconds: this.security().idleLockSeconds };
  }

  logout(token: string, actor: Actor): void {
    this.db.transaction(() => {
      this.repo.endSession(sha256(token), this.now().toISOString());
      this.audit.record({ actor: actor.label, action: 'session.logout', subjectType: 'user', subjectId: actor.userId ?? actor.username });
    })();
  }

  lock(token: string, actor: Actor): void {
    this.db.transaction(() => {
      this.repo.setSessionLocked(sha256(token), true);
      this.audit.record({ actor: actor.label, action: 'session.lock', subjectType: 'user', subjectId: actor.userId ?? actor.username });
    })();
  }

  async unlock(token: string | undefined, password: string): Promise<void> {
    const actor = this.authenticate(token, { allowLocked: true });
    const user = this.repo.userById(actor.userId!)!;
    if (!(await verifyPassword(password, user.password_hash))) {
      this.recordLoginFailure(user.username, user, 'bad-password');
      const after = this.repo.userById(user.id)!;
      if (after.locked_until) {
        this.repo.endSessionsOf(user.id, this.now().toISOString());
        throw new AppError('ACCOUNT_LOCKED', 'Too many wrong passwords: the account is locked and the session ended.');
      }
      throw new AppError('LOGIN_FAILED', 'Wrong password.');
    }
    this.db.transaction(() => {
      const now = this.now().toISOString();
      this.repo.setSessionLocked(sha256(token!), false);
      this.repo.touchSession(sha256(token!), now);
      this.repo.updateUser(user.id, { failed_logins: 0 }, now);
      this.audit.record({ actor: actor.label, action: 'session.unlock', subjectType: 'user', subjectId: user.id });
    })();
  }

  async changePassword(actor: Actor, current: string, next: string): Promise<void> {
    const user = this.repo.userById(actor.userId ?? -1);
    if (!user) throw new AppError('UNAUTHENTICATED', 'Please log in.');
    if (!(await verifyPassword(current, user.password_hash))) throw new AppError('LOGIN_FAILED', 'The current password is wrong.');
    const hash = await hashPassword(next);
    this.db.transaction(() => {
      this.repo.updateUser(user.id, { password_hash: hash }, this.now().toISOString());
      this.audit.record({ actor: actor.label, action: 'user.password.change', subjectType: 'user', subjectId: user.id });
    })();
  }

  user(id: number): UserView {
    const r = this.repo.userById(id);
    if (!r) throw new AppError('NOT_FOUND', `No user with id ${id}.`);
    return toUserView(r);
  }

  listUsers(includeDisabled: boolean): UserView[] {
    return this.repo.users(includeDisabled).map(toUserView);
  }

  async createUser(
    input: { username: string; fullName: string; title: string; password: string; roles: Role[]; unitId: number | null },
    actor: Actor,
  ): Promise<UserView> {
    const username = input.username.toLowerCase();
    if (this.repo.userByName(username)) throw new AppError('USERNAME_TAKEN', `The username "${username}" is taken.`, { fields: [{ path: 'username', code: 'username.taken', message: 'taken' }] });
    if (input.unitId !== null && !this.repo.unit(input.unitId)) throw new AppError('NOT_FOUND', `No unit with id ${input.unitId}.`);
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction(() => {
      if (this.repo.userByName(username)) throw new AppError('USERNAME_TAKEN', `The username "${username}" is taken.`);
      const id = this.repo.insertUser({ ...input, username, roles: [...new Set(input.roles)], passwordHash }, this.now().toISOString());
      const user = toUserView(this.repo.userById(id)!);
      this.audit.record({ actor: actor.label, action: 'user.create', subjectType: 'user', subjectId: id, after: user });
      return user;
    }).immediate();
  }

  async updateUser(
    input: { id: number; fullName?: string; title?: string; roles?: Role[]; unitId?: number | null; disabled?: boolean; unlock?: boolean; newPassword?: string },
    actor: Actor,
  ): Promise<UserView> {
    const passwordHash = input.newPassword ? await hashPassword(input.newPassword) : undefined;
    return this.db.transaction(() => {
      const before = this.user(input.id);
      if (input.unitId != null && !this.repo.unit(input.unitId)) throw new AppError('NOT_FOUND', `No unit with id ${input.unitId}.`);
      const removingAdmin = (input.roles && !input.roles.includes('admin')) || input.disabled === true;
      if (before.roles.includes('admin') && removingAdmin && this.activeAdminCount() <= 1) {
        throw new AppError('CONFLICT', 'This is the last active administrator; give another user the admin role first.');
      }
      const now = this.now().toISOString();
      this.repo.updateUser(
        input.id,
        {
          ...(input.fullName !== undefined && { full_name: input.fullName }),
          ...(input.title !== undefined && { title: input.title }),
          ...(input.roles !== undefined && { roles: JSON.stringify([...new Set(input.roles)]) }),
          ...(input.unitId !== undefined && { unit_id: input.unitId }),
          ...(input.disabled !== undefined && { disabled: input.disabled ? 1 : 0 }),
          ...(input.unlock && { failed_logins: 0, locked_until: null }),
          ...(passwordHash && { password_hash: passwordHash }),
        },
        now,
      );
      if (input.disabled || passwordHash) this.repo.endSessionsOf(input.id, now);
      const after = this.user(input.id);
      this.audit.record({ actor: actor.label, action: 'user.update', subjectType: 'user', subjectId: input.id, before, after: { ...after, passwordReset: !!passwordHash } });
      return after;
    }).immediate();
  }

  private activeAdminCount(): number {
    return this.repo.users(false).filter((u) => (JSON.parse(u.roles) as Role[]).includes('admin')).length;
  }

  units(): UnitView[] {
    return this.repo.units();
  }

  createUnit(name: string, code: string, actor: Actor): UnitView {
    return this.db.transaction(() => {
      const unit = this.repo.insertUnit(name, code, this.now().toISOString());
      this.audit.record({ actor: actor.label, action: 'unit.create', subjectType: 'unit', subjectId: unit.id, after: unit });
      return unit;
    })();
  }
}
