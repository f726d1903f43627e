import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { Core } from '../../core/app';
import type { Role } from '../../shared/permissions';

// Real cores on real temporary data directories; everything opened is closed after each test.

const opened: Core[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const c of opened.splice(0)) c.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix = 'vanthu-test-'): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/** A clock tests can move forward. */
export class TestClock {
  constructor(public t = new Date('2026-03-02T08:00:00+07:00').getTime()) {}
  now = (): Date => new Date(this.t);
  advance(seconds: number): void {
    this.t += seconds * 1000;
  }
}

export function openCore(opts: { dataDir?: string; clock?: TestClock } = {}): Core {
  const core = Core.open({ dataDir: opts.dataDir ?? path.join(tempDir(), 'profile'), now: opts.clock?.now });
  opened.push(core);
  return core;
}

export const ADMIN_PASSWORD = 'admin-pass-123';
export const USER_PASSWORD = 'user-pass-123';

export async function initAgency(core: Core): Promise<void> {
  await core.asSystem('test')('setup.initialize', {
    agency: { name: 'Ủy ban nhân dân tỉnh Thử Nghiệm', code: '000.00.00.H99', shortName: 'UBND' },
    units: [{ name: 'Văn phòng', code: 'VP' }],
    admin: { username: 'admin', fullName: 'Quản trị', password: ADMIN_PASSWORD },
  });
}

export async function addUser(core: Core, username: string, roles: Role[]): Promise<number> {
  const { user } = await core.asSystem('test')('users.create', { username, fullName: username, password: USER_PASSWORD, roles });
  return user.id;
}

export async function login(core: Core, username: string, password = username === 'admin' ? ADMIN_PASSWORD : USER_PASSWORD): Promise<string> {
  const r = await core.call('auth.login', { username, password }, {});
  return r.sessionToken;
}

/** Expects a promise to fail with an AppError of this code; returns the error. */
export async function failsWith(p: Promise<unknown>, code: string): Promise<{ code: string; message: string; fields?: { path: string }[] }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code?: string; message: string };
    if (err.code !== code) throw new Error(`expected ${code}, got ${err.code}: ${err.message}`);
    return err as { code: string; message: string; fields?: { path: string }[] };
  }
  throw new Error(`expected ${code}, but the call succeeded`);
}
