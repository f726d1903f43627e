import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Core } from '../../../core/app';
import type { Actor } from '../../../core/api/context';
import { exchangeOf } from '../../../core/exchange/index';
import { startAxisServer, type AxisServerHandle } from '../../../server/axis';
import type { Input, MethodName, Output } from '../../../shared/api/contract';
import { afterEach, beforeEach } from 'vitest';
import { tinyPdf } from '../../unit/exchange/fixtures';

// Two real agency profiles (province and department) and a real axis stub on loopback. Profiles are
// built once per test file and copied per test (user creation hashes passwords, copying is cheap).

export const PROVINCE = { name: 'Ủy ban nhân dân tỉnh Bình Định', code: '000.00.00.H10', shortName: 'UBND' };
export const DEPARTMENT = { name: 'Sở Thông tin và Truyền thông tỉnh Bình Định', code: '000.00.12.H10', shortName: 'STTTT' };
/** The recipient list of a release from the province to the department. */
export const toDepartment = [{ code: DEPARTMENT.code, name: DEPARTMENT.name }];

type Call = <M extends MethodName>(method: M, input: Input<M>) => Promise<Output<M>>;

export interface Agency {
  key: 'province' | 'department';
  dir: string;
  core: Core;
  call: Call;
  as: Record<'leader' | 'specialist', { actor: Actor; call: Call }>;
  ids: { leader: number; specialist: number; incomingRegister: number; outgoingRegister: number };
  creds: { systemId: string; secret: string };
  reopen(): void;
}

interface Template {
  dir: string;
  ids: Agency['ids'];
  actors: Record<'leader' | 'specialist', Actor>;
}

const templates = new Map<string, Promise<Template>>();

async function buildTemplate(agency: typeof PROVINCE): Promise<Template> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-ex-template-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const core = Core.open({ dataDir: dir, purpose: 'exchange test template' });
  try {
    const call = core.asSystem('test');
    await call('setup.initialize', { agency, units: [{ name: 'Văn phòng', code: 'VP' }], admin: { username: 'admin', fullName: 'Quản trị', password: 'adminpass1' } });
    const leader = (await call('users.create', { username: 'lanhdao', fullName: 'Lê Quang Hùng', title: 'Phó Chủ tịch', password: 'password123', roles: ['leader'] })).user;
    const spec = (await call('users.create', { username: 'chuyenvien', fullName: 'Trần Văn Minh', title: 'Chuyên viên', password: 'password123', roles: ['specialist'] })).user;
    const inc = (await call('registers.create', { name: 'Sổ văn bản đến', direction: 'incoming' })).register.id;
    const out = (await call('registers.create', { name: 'Sổ văn bản đi', direction: 'outgoing' })).register.id;
    const actor = (u: typeof leader, roles: Actor['roles']): Actor => ({ kind: 'user', userId: u.id, username: u.username, fullName: u.fullName, roles, unitId: null, label: `user:${u.username}` });
    return { dir, ids: { leader: leader.id, specialist: spec.id, incomingRegister: inc, outgoingRegister: out }, actors: { leader: actor(leader, ['leader']), specialist: actor(spec, ['specialist']) } };
  } finally {
    core.close();
  }
}

export function tempDir(prefix = 'vanthu-ex-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function openAgency(key: 'province' | 'department', root: string): Promise<Agency> {
  const agency = key === 'province' ? PROVINCE : DEPARTMENT;
  let t = templates.get(key);
  if (!t) templates.set(key, (t = buildTemplate(agency)));
  const tpl = await t;
  const dir = path.join(root, key);
  fs.cpSync(tpl.dir, dir, { recursive: true });
  const a = { key, dir, ids: tpl.ids, creds: { systemId: '', secret: '' } } as Agency;
  a.reopen = () => {
    a.core?.close();
    a.core = Core.open({ dataDir: dir, purpose: 'exchange test' });
    a.call = a.core.asSystem('test');
    const as = (actor: Actor) => ({ actor, call: ((m: MethodName, i: unknown) => a.core.call(m, i, { actor })) as Call });
    a.as = { leader: as(tpl.actors.leader), specialist: as(tpl.actors.specialist) };
    exchangeOf(a.core); // as the app does on open: the exchange module reports the queue
  };
  a.reopen();
  return a;
}

/** Connects a profile to the axis: a system, its agency in the directory, fast retries for tests. */
export async function connect(a: Agency, axis: { url: string; createSystem(name: string): { systemId: string; secret: string } }, over: Record<string, number> = {}): Promise<void> {
  a.creds = axis.createSystem(a.key);
  await a.call('exchange.configure', { axisUrl: axis.url, systemId: a.creds.systemId, secret: a.creds.secret, enabled: true, backoffBaseMs: 20, backoffMaxMs: 100, maxTries: 6, registerAgency: true, ...over });
}

export interface World {
  root: string;
  axis: AxisServerHandle;
  province: Agency;
  department: Agency;
  restartAxis(): Promise<void>;
  stopAxis(): Promise<void>;
  close(): Promise<void>;
}

/** Each test gets its own world (both agencies and a fresh axis), closed after it; `use` receives it. */
export function freshWorldEachTest(use: (w: World) => void): void {
  let current: World | undefined;
  beforeEach(async () => {
    current = await openWorld();
    use(current);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
}

export async function openWorld(): Promise<World> {
  const root = tempDir();
  const axisDir = path.join(root, 'axis');
  let axis = await startAxisServer({ dataDir: axisDir, port: 0 });
  const port = axis.port;
  const province = await openAgency('province', root);
  const department = await openAgency('department', root);
  await connect(province, axis);
  await connect(department, axis);
  const w: World = {
    root, axis, province, department,
    async stopAxis() {
      await w.axis.close();
    },
    async restartAxis() {
      await w.axis.close();
      axis = await startAxisServer({ dataDir: axisDir, port });
      w.axis = axis;
    },
    async close() {
      province.core.close();
      department.core.close();
      await w.axis.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
  return w;
}

/** A numbered, signed outgoing document ready to release (system actor, real workflow). */
export async function numberedOutgoing(a: Agency, subject: string, over: { confidentiality?: 'normal' | 'confidential' | 'secret' | 'top_secret'; pdfLabel?: string } = {}): Promise<number> {
  const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
  const d = (await a.call('outgoing.createDraft', { typeCode: 'CV', subject, confidentiality: over.confidentiality ?? 'normal', file: { fileName: 'du-thao.pdf', contentBase64: b64(tinyPdf('draft ' + subject)) } })).document;
  await a.call('outgoing.submitForApproval', { id: d.id, steps: [{ kind: 'approve', userId: a.ids.leader }] });
  await a.call('outgoing.approve', { id: d.id });
  await a.call('outgoing.markSigned', { id: d.id, file: { fileName: 'cong-van.pdf', contentBase64: b64(tinyPdf(over.pdfLabel ?? 'signed ' + subject)) } });
  await a.call('outgoing.register', { id: d.id, registerId: a.ids.outgoingRegister });
  return d.id;
}

export async function releaseTo(a: Agency, documentId: number, to: { code: string; name: string }[]): Promise<void> {
  await a.call('outgoing.release', { id: documentId, recipients: to.map((t) => ({ kind: 'agency' as const, agencyCode: t.code, name: t.name })) });
}

/** Runs sync passes on the given profiles until `done()` or the pass budget runs out. */
export async function syncUntil(agencies: Agency[], done: () => boolean, passes = 40, pauseMs = 30): Promise<boolean> {
  for (let i = 0; i < passes; i++) {
    for (const a of agencies) await exchangeOf(a.core).syncNow();
    if (done()) return true;
    await new Promise((r) => setTimeout(r, pauseMs));
  }
  return done();
}

export function outboxRows(a: Agency): { id: number; kind: string; state: string; tries: number; last_error: string | null; status_code: string | null; recipient_code: string; document_id: number | null }[] {
  return a.core.db.prepare('SELECT id, kind, state, tries, last_error, status_code, recipient_code, document_id FROM exchange_outbox ORDER BY id').all() as never;
}

export function intakeRows(a: Agency): { id: number; exchange_document_id: string; state: string; subject: string; business_type: number; notice: string }[] {
  return a.core.db.prepare('SELECT id, exchange_document_id, state, subject, business_type, notice FROM exchange_intake ORDER BY id').all() as never;
}

export function recipientStatus(a: Agency, documentId: number): { recipient_code: string; status: string; status_code: string | null }[] {
  return a.core.db.prepare('SELECT recipient_code, status, status_code FROM exchange_recipients WHERE document_id = ? ORDER BY recipient_code').all(documentId) as never;
}
