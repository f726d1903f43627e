import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateInto } from '../../../bench/data';
import type { Input, Output } from '../../../shared/api/contract';
import type { DocumentRow } from '../../../core/documents/repository';
import { errorOf, incoming, openProfile, type TestProfile, type TestUser } from '../documents/profile';

// documents.list pages by cursor: walking a register page by page, forwards or backwards, in either
// order and with any filter, returns every row the user may see exactly once — also while
// documents are being registered between the pages — and a register book jumps to an arrival number.

let p: TestProfile;
let rows: DocumentRow[];
type ListInput = Input<'documents.list'>;

beforeAll(async () => {
  p = await openProfile('2026-11-20T03:00:00Z');
  generateInto(p.core, { docs: 2_400, withBody: false, seed: 11 });
  // Some confidential documents handled by a specialist: only they (not the clerk) see those.
  p.core.db.prepare("UPDATE documents SET handler_id = ? WHERE id IN (SELECT id FROM documents WHERE confidentiality != 'normal' ORDER BY id LIMIT 15)").run(p.users.spec1.id);
  rows = p.core.db.prepare('SELECT * FROM documents').all() as DocumentRow[];
}, 60_000);
afterAll(() => p.close());

const confidentialRegisters = () => new Set(p.core.db.prepare('SELECT id FROM registers WHERE confidential = 1').pluck().all() as number[]);

/** What the list must contain, worked out independently of the SQL: filters, visibility, order. */
function expected(user: TestUser, f: ListInput): number[] {
  const secret = confidentialRegisters();
  const sort = f.sort ?? 'date';
  const key = (d: DocumentRow) => (sort === 'date' ? (d.date_issued ?? '') : d.year * 10_000_000 + (d.arrival_number ?? d.number ?? 0));
  const visible = (d: DocumentRow) => (d.confidentiality === 'normal' && !(d.register_id !== null && secret.has(d.register_id))) || d.handler_id === user.id;
  const match = (d: DocumentRow) =>
    visible(d) &&
    (f.direction === undefined || d.direction === f.direction) &&
    (f.registerId === undefined || d.register_id === f.registerId) &&
    (f.status === undefined || d.status === f.status) &&
    (f.handlerId === undefined || d.handler_id === f.handlerId) &&
    (f.typeCode === undefined || d.type_code === f.typeCode) &&
    (f.urgency === undefined || d.urgency === f.urgency) &&
    (f.confidentiality === undefined || d.confidentiality === f.confidentiality) &&
    (f.year === undefined || d.year === f.year) &&
    (f.dateFrom === undefined || (d.date_issued ?? '') >= f.dateFrom) &&
    (f.dateTo === undefined || (d.date_issued ?? '') <= f.dateTo);
  const sign = f.order === 'asc' ? 1 : -1;
  return rows
    .filter(match)
    .sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      return sign * (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id);
    })
    .map((d) => d.id);
}

async function walkForward(user: TestUser, f: ListInput, between?: () => Promise<void>): Promise<{ ids: number[]; pages: Output<'documents.list'>[] }> {
  const pages: Output<'documents.list'>[] = [];
  const ids: number[] = [];
  let after: string | undefined;
  for (let guard = 0; guard < 500; guard++) {
    const page = await user.call('documents.list', { ...f, after, offset: ids.length, count: pages.length === 0 });
    pages.push(page);
    ids.push(...page.documents.map((d) => d.id));
    if (!page.hasMore) break;
    after = page.endCursor!;
    await between?.();
  }
  return { ids, pages };
}

const FILTERS: ListInput[] = [
  { direction: 'incoming' },
  { direction: 'outgoing' },
  {},
  { status: 'completed' },
  { direction: 'incoming', typeCode: 'QĐ', urgency: 'normal' },
  { year: 2024 },
  { direction: 'incoming', dateFrom: '2023-01-01', dateTo: '2024-06-30' },
  { urgency: 'flash' },
  { direction: 'incoming', confidentiality: 'confidential' },
  { typeCode: 'CV', status: 'completed' },
  { status: 'released', urgency: 'urgent' },
];

describe('documents.list keyset paging', () => {
  it('walks every filter, both sorts and both orders page by page: each visible row exactly once, in order', async () => {
    const registerId = rows.find((d) => d.direction === 'incoming' && d.confidentiality === 'normal')!.register_id!;
    const handlerId = rows.find((d) => d.handler_id !== null && d.handler_id !== p.users.spec1.id)!.handler_id!;
    const filters = [...FILTERS, { registerId }, { handlerId }];
    for (const user of [p.users.clerk, p.users.spec1]) {
      for (const f of filters) {
        for (const sort of ['date', 'number'] as const) {
          for (const order of ['desc', 'asc'] as const) {
            const input = { ...f, sort, order, limit: 97 };
            const want = expected(user, input);
            const { ids, pages } = await walkForward(user, input);
            expect(ids, JSON.stringify(input)).toEqual(want);
            expect(pages[0]!.total, JSON.stringify(input)).toBe(want.length);
          }
        }
      }
    }
  });

  it('jumping to a number says the position the oracle gives, also for someone who sees confidential documents', async () => {
    for (const user of [p.users.clerk, p.users.spec1]) {
      for (const order of ['desc', 'asc'] as const) {
        const input: ListInput = { direction: 'incoming', sort: 'number', order };
        const want = expected(user, input);
        const byId = new Map(rows.map((d) => [d.id, d]));
        const target = byId.get(want[Math.floor(want.length / 3)]!)!;
        const page = await user.call('documents.list', { ...input, atNumber: target.arrival_number!, atYear: target.year, limit: 5 });
        const key = (d: DocumentRow) => d.year * 10_000_000 + d.arrival_number!;
        const before = want.filter((id) => (order === 'desc' ? key(byId.get(id)!) > key(target) : key(byId.get(id)!) < key(target))).length;
        expect(page.position, `${user.actor.label} ${order}`).toBe(before);
        expect(page.documents.map((d) => d.id)).toEqual(want.slice(before, before + 5));
      }
    }
  });

  it('the specialist sees the confidential documents they handle; the clerk does not', async () => {
    const mine = (await walkForward(p.users.spec1, { confidentiality: 'confidential', limit: 50 })).ids;
    expect(mine.length).toBeGreaterThan(0);
    expect((await walkForward(p.users.clerk, { confidentiality: 'confidential', limit: 50 })).ids).toEqual([]);
  });

  it('walking backwards with before gives the same pages', async () => {
    const input: ListInput = { direction: 'incoming', sort: 'number', limit: 150 };
    const { pages } = await walkForward(p.users.clerk, input);
    expect(pages.length).toBeGreaterThan(3);
    for (let i = pages.length - 1; i > 0; i--) {
      const back = await p.users.clerk.call('documents.list', { ...input, before: pages[i]!.startCursor!, offset: pages[i - 1]!.position, count: false });
      expect(back.documents.map((d) => d.id)).toEqual(pages[i - 1]!.documents.map((d) => d.id));
      expect(back.endCursor).toBe(pages[i - 1]!.endCursor);
    }
  });

  it('an offset page and a cursor page at the same place are the same rows', async () => {
    const input: ListInput = { direction: 'incoming', limit: 100 };
    const { pages } = await walkForward(p.users.clerk, input);
    const byOffset = await p.users.clerk.call('documents.list', { ...input, offset: 300 });
    expect(byOffset.position).toBe(300);
    expect(byOffset.documents.map((d) => d.id)).toEqual(pages[3]!.documents.map((d) => d.id));
    expect(byOffset.startCursor).toBe(pages[3]!.startCursor);
  });

  it('registering documents while someone pages through the register neither repeats nor loses a row', async () => {
    const { register } = await p.system('registers.create', { name: 'Sổ đến (kiểm thử)', direction: 'incoming' });
    let n = 0;
    const addTwo = async () => {
      for (let i = 0; i < 2; i++) {
        n++;
        await p.users.clerk.call('documents.registerIncoming', { registerId: register.id, ...incoming({ numberNotation: `${n}/TB-STC`, dateIssued: '2026-11-19' }) });
      }
    };
    for (const input of [
      { direction: 'incoming', sort: 'date', limit: 80 },
      { direction: 'incoming', sort: 'number', order: 'asc', limit: 80 },
    ] as ListInput[]) {
      const before = expected(p.users.clerk, input);
      const { ids } = await walkForward(p.users.clerk, input, addTwo);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.filter((id) => before.includes(id))).toEqual(before);
    }
    expect(n).toBeGreaterThan(10);
    rows = p.core.db.prepare('SELECT * FROM documents').all() as DocumentRow[];
  });

  it('a register filled by bench-data gives the next arrival number, not one already used', async () => {
    const reg = rows.find((d) => d.direction === 'incoming' && d.confidentiality === 'normal' && d.year === 2026)!.register_id!;
    const last = Math.max(...rows.filter((d) => d.register_id === reg && d.year === 2026).map((d) => d.arrival_number!));
    const { document } = await p.users.clerk.call('documents.registerIncoming', { registerId: reg, ...incoming({ numberNotation: '77/TB-STC' }) });
    expect(document.arrivalNumber).toBe(last + 1);
    rows = p.core.db.prepare('SELECT * FROM documents').all() as DocumentRow[];
  });

  it('a refused cursor says to reload from the top', async () => {
    const e = await errorOf(p.users.clerk.call('documents.list', { after: 'not-a-cursor' }));
    expect(e.code).toBe('VALIDATION');
    const dateCursor = (await p.users.clerk.call('documents.list', { limit: 1 })).endCursor!;
    expect((await errorOf(p.users.clerk.call('documents.list', { sort: 'number', after: dateCursor }))).code).toBe('VALIDATION');
  });
});

describe('jump to an arrival number', () => {
  let registerId: number;
  beforeAll(async () => {
    ({ register: { id: registerId } } = await p.system('registers.create', { name: 'Sổ đến (tra số)', direction: 'incoming' }));
    for (let i = 1; i <= 30; i++) {
      await p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming({ numberNotation: `${100 + i}/KH-UBND`, dateIssued: '2026-11-18' }) });
    }
    const twelve = (await p.users.clerk.call('documents.list', { registerId, sort: 'number', atNumber: 12, limit: 1 })).documents[0]!;
    await p.users.clerk.call('documents.cancel', { id: twelve.id, reason: 'Vào sổ nhầm' });
  });

  it('newest first: the page starts at that number, says where it is, and pages on downwards', async () => {
    const page = await p.users.clerk.call('documents.list', { registerId, sort: 'number', atNumber: 17, limit: 5 });
    expect(page.documents.map((d) => d.arrivalNumber)).toEqual([17, 16, 15, 14, 13]);
    expect(page.position).toBe(13);
    expect(page.total).toBe(30);
    const next = await p.users.clerk.call('documents.list', { registerId, sort: 'number', after: page.endCursor!, limit: 5 });
    expect(next.documents.map((d) => d.arrivalNumber)).toEqual([12, 11, 10, 9, 8]);
    expect(next.documents[0]!.status).toBe('cancelled');
    const previous = await p.users.clerk.call('documents.list', { registerId, sort: 'number', before: page.startCursor!, limit: 5 });
    expect(previous.documents.map((d) => d.arrivalNumber)).toEqual([22, 21, 20, 19, 18]);
  });

  it('oldest first, another year, and a number not given yet', async () => {
    const asc = await p.users.clerk.call('documents.list', { registerId, sort: 'number', order: 'asc', atNumber: 29, limit: 5 });
    expect(asc.documents.map((d) => d.arrivalNumber)).toEqual([29, 30]);
    expect(asc).toMatchObject({ position: 28, hasMore: false, total: 30, totalCapped: false });
    const beyond = await p.users.clerk.call('documents.list', { registerId, sort: 'number', atNumber: 500, limit: 3 });
    expect(beyond.documents.map((d) => d.arrivalNumber)).toEqual([30, 29, 28]);
    expect(beyond.position).toBe(0);
    const lastYear = await p.users.clerk.call('documents.list', { registerId, sort: 'number', atNumber: 5, atYear: 2025, limit: 3 });
    expect(lastYear.documents).toEqual([]);
    const dateOrder = await errorOf(p.users.clerk.call('documents.list', { registerId, atNumber: 5 }));
    expect(dateOrder.code).toBe('VALIDATION');
  });
});
