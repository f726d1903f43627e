import type { Database } from 'better-sqlite3';
import type { Role } from '../../shared/permissions';
import type { AgencyView, UnitView, UserView } from '../../shared/api/schemas';

export interface UserRow {
  id: number;
  username: string;
  full_name: string;
  title: string;
  password_hash: string;
  roles: string;
  unit_id: number | null;
  disabled: number;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionRow {
  token_hash: string;
  user_id: number;
  created_at: string;
  last_active_at: string;
  locked: number;
  ended_at: string | null;
}

export function toUserView(r: UserRow): UserView {
  return {
    id: r.id,
    username: r.username,
    fullName: r.full_name,
    title: r.title,
    roles: JSON.parse(r.roles) as Role[],
    unitId: r.unit_id,
    disabled: r.disabled === 1,
    lockedUntil: r.locked_until,
    createdAt: r.created_at,
  };
}

export class IdentityRepository {
  constructor(private readonly db: Database) {}

  agency(): AgencyView | undefined {
    return this.db.prepare('SELECT name, code, short_name AS shortName FROM agency WHERE id = 1').get() as AgencyView | undefined;
  }

  insertAgency(a: AgencyView, now: string): void {
    this.db.prepare('INSERT INTO agency (id, name, code, short_name, created_at) VALUES (1, ?, ?, ?, ?)').run(a.name, a.code, a.shortName, now);
  }

  units(): UnitView[] {
    return this.db.prepare('SELECT id, name, code FROM units ORDER BY id').all() as UnitView[];
  }

  unit(id: number): UnitView | undefined {
    return this.db.prepare('SELECT id, name, code FROM units WHERE id = ?').get(id) as UnitView | undefined;
  }

  insertUnit(name: string, code: string, now: string): UnitView {
    const info = this.db.prepare('INSERT INTO units (name, code, created_at) VALUES (?, ?, ?)').run(name, code, now);
    return { id: Number(info.lastInsertRowid), name, code };
  }

  userById(id: number): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  }

  userByName(username: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
  }

  users(includeDisabled: boolean): UserRow[] {
    return this.db.prepare(`SELECT * FROM users ${includeDisabled ? '' : 'WHERE disabled = 0'} ORDER BY id`).all() as UserRow[];
  }

  countUsers(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  insertUser(u: { username: string; fullName: string; title: string; passwordHash: string; roles: Role[]; unitId: number | null }, now: string): number {
    const info = this.db
      .prepare(
        `INSERT INTO users (username, full_name, title, password_hash, roles, unit_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(u.username, u.fullName, u.title, u.passwordHash, JSON.stringify(u.roles), u.unitId, now, now);
    return Number(info.lastInsertRowid);
  }

  updateUser(id: number, fields: Partial<Pick<UserRow, 'full_name' | 'title' | 'roles' | 'unit_id' | 'disabled' | 'failed_logins' | 'locked_until' | 'password_hash'>>, now: string): void {
    const keys = Object.keys(fields) as (keyof typeof fields)[];
    if (keys.length === 0) return;
    const set = keys.map((k) => `${k} = @${k}`).join(', ');
    this.db.prepare(`UPDATE users SET ${set}, updated_at = @updated_at WHERE id = @id`).run({ ...fields, updated_at: now, id });
  }

  insertSession(tokenHash: string, userId: number, now: string): void {
    this.db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, last_active_at) VALUES (?, ?, ?, ?)').run(tokenHash, userId, now, now);
  }

  session(tokenHash: string): SessionRow | undefined {
    return this.db.prepare('SELECT * FROM sessions WHERE token_hash = ?').get(tokenHash) as SessionRow | undefined;
  }

  touchSession(tokenHash: string, now: string): void {
    this.db.prepare('UPDATE sessions SET last_active_at = ? WHERE token_hash = ?').run(now, tokenHash);
  }

  setSessionLocked(tokenHash: string, locked: boolean): void {
    this.db.prepare('UPDATE sessions SET locked = ? WHERE token_hash = ?').run(locked ? 1 : 0, tokenHash);
  }

  endSession(tokenHash: string, now: string): void {
    this.db.prepare('UPDATE sessions SET ended_at = ? WHERE token_hash = ?').run(now, tokenHash);
  }

  endSessionsOf(userId: number, now: string): void {
    this.db.prepare('UPDATE sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL').run(now, userId);
  }

  setting(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  putSetting(key: string, value: string): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}
