import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Core } from '../../../core/app';
import type { Actor } from '../../../core/api/context';
import type { Input, MethodName, Output } from '../../../shared/api/contract';
import type { Role } from '../../../shared/permissions';

// A fresh profile with an agency, two units and one user per role (two specialists, two leaders),
// and a clock the test can move. Calls go through the real dispatcher as each user.

export interface TestUser {
  id: number;
  actor: Actor;
  call: <M extends MethodName>(method: M, input: Input<M>) => Promise<Output<M>>;
}

export interface TestProfile {
  core: Core;
  dir: string;
  clock: { now: Date };
  system: <M extends MethodName>(method: M, input: Input<M>) => Promise<Output<M>>;
  users: Record<'clerk' | 'leader' | 'leader2' | 'spec1' | 'spec2' | 'spec3' | 'secretary', TestUser>;
  units: { id: number; code: string }[];
  close(): void;
}

const PEOPLE: { key: keyof TestProfile['users']; username: string; fullName: string; title: string; roles: Role[]; unit: number | null }[] = [
  { key: 'clerk', username: 'vanthu', fullName: 'Nguyễn Thị Lan', title: 'Văn thư', roles: ['clerk'], unit: 0 },
  { key: 'leader', username: 'lanhdao', fullName: 'Lê Quang Hùng', title: 'Phó Chủ tịch', roles: ['leader'], unit: null },
  { key: 'leader2', username: 'chutich', fullName: 'Hồ Quốc Dũng', title: 'Chủ tịch', roles: ['leader'], unit: null },
  { key: 'spec1', username: 'chuyenvien', fullName: 'Trần Văn Minh', title: 'Chuyên viên', roles: ['specialist'], unit: 1 },
  { key: 'spec2', username: 'hoa', fullName: 'Phạm Thị Hoa', title: 'Chuyên viên', roles: ['specialist'], unit: 1 },
  { key: 'spec3', username: 'nam', fullName: 'Võ Văn Nam', title: 'Chuyên viên', roles: ['specialist'], unit: 0 },
  { key: 'secretary', username: 'thuky', fullName: 'Phạm Thu Hà', title: 'Thư ký', roles: ['secretary'], unit: 0 },
];

interface Template {
  dir: string;
  units: { id: number; code: string }[];
  users: { key: keyof TestProfile['users']; id: number; actor: Actor }[];
}
let template: Promise<Template> | undefined;

/** Built once per test file: password hashing makes user creation slow, copying a folder is not. */
async function buildTemplate(): Promise<Template> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-docs-template-'));
  const core = Core.open({ dataDir: dir, purpose: 'test template' });
  try {
    const system = core.asSystem('test');
    const setup = await system('setup.initialize', {
      agency: { name: 'Ủy ban nhân dân tỉnh Bình Định', code: '000.00.00.H10', shortName: 'UBND' },
      units: [{ name: 'Văn phòng', code: 'VP' }, { name: 'Phòng Văn xã', code: 'VX' }],
      admin: { username: 'admin', fullName: 'Quản trị', password: 'adminpass1' },
    });
    const users: Template['users'] = [];
    for (const p of PEOPLE) {
      const unitId = p.unit === null ? null : setup.units[p.unit]!.id;
      const { user } = await system('users.create', { username: p.username, fullName: p.fullName, title: p.title, password: 'password123', roles: p.roles, unitId });
      users.push({ key: p.key, id: user.id, actor: { kind: 'user', userId: user.id, username: user.username, fullName: user.fullName, roles: p.roles, unitId, label: `user:${user.username}` } });
    }
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    return { dir, users, units: setup.units.map((u) => ({ id: u.id, code: u.code })) };
  } finally {
    core.close();
  }
}

export async function openProfile(start = '2026-03-10T02:00:00Z'): Promise<TestProfile> {
  const t = await (template ??= buildTemplate());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-docs-'));
  fs.cpSync(t.dir, dir, { recursive: true });
  const clock = { now: new Date(start) };
  const core = Core.open({ dataDir: dir, now: () => clock.now, purpose: 'test' });
  const system = core.asSystem('test');
  const users = {} as TestProfile['users'];
  for (const u of t.users) users[u.key] = { id: u.id, actor: u.actor, call: (method, input) => core.call(method, input, { actor: u.actor }) as never };
  return {
    core, dir, clock, system, users,
    units: t.units,
    close() {
      core.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function errorOf(p: Promise<unknown>): Promise<{ code: string; message: string; fields?: { path: string; code: string }[]; details?: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    return e as never;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export function incoming(over: Record<string, unknown> = {}) {
  return {
    numberNotation: '1296/QĐ-UBND',
    issuerName: 'Ủy ban nhân dân tỉnh Gia Lai',
    issuerCode: '000.00.00.H21',
    dateIssued: '2026-03-02',
    subject: 'Về việc ban hành Kế hoạch chuyển đổi số năm 2026',
    signer: 'Võ Ngọc Thành',
    pages: 3,
    ...over,
  };
}
