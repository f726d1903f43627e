import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorOf, incoming, openProfile, type TestProfile } from '../documents/profile';

// documents.import: many incoming documents in one call. Valid rows take the next arrival numbers
// in order, each with its audit entry; refused rows come back with their reasons; a write that
// fails part-way leaves no number used up.

let p: TestProfile;
let registerId: number;
beforeEach(async () => {
  p = await openProfile('2026-11-20T03:00:00Z');
  registerId = (await p.system('registers.create', { name: 'Sổ văn bản đến', direction: 'incoming' })).register.id;
});
afterEach(() => p.close());

const row = (n: number, over: Record<string, unknown> = {}) => incoming({ numberNotation: `${n}/KH-UBND`, subject: `Kế hoạch số ${n}`, dateIssued: '2026-11-02', ...over });

describe('documents.import', () => {
  it('numbers the valid rows in order without gaps, refuses the others with reasons, and records each in the timeline', async () => {
    const rows = [row(1), row(2), row(3, { dateIssued: '2026-02-30' }), row(4), row(2), row(5)];
    const r = await p.users.clerk.call('documents.import', { registerId, rows });
    expect(r.imported).toBe(4);
    expect(r.rejected.map((x) => [x.row, x.code])).toEqual([[2, 'VALIDATION'], [4, 'DUPLICATE']]);
    expect(r.rejected[0]!.fields?.[0]).toMatchObject({ path: 'dateIssued', code: 'date.invalid' });
    const docs = await Promise.all(r.ids.map(async (id) => (await p.users.clerk.call('documents.get', { id })).document));
    expect(docs.map((d) => [d.numberNotation, d.arrivalNumber])).toEqual([['1/KH-UBND', 1], ['2/KH-UBND', 2], ['4/KH-UBND', 3], ['5/KH-UBND', 4]]);
    const timeline = await p.users.clerk.call('documents.timeline', { id: r.ids[2]! });
    expect(timeline.entries.map((e) => [e.action, e.actor])).toEqual([['document.registerIncoming', 'user:vanthu']]);
    expect((await p.users.clerk.call('documents.list', { registerId })).total).toBe(4);
  });

  it('a write that fails part-way through a chunk leaves nothing of it and no number used up', async () => {
    await p.users.clerk.call('documents.import', { registerId, rows: [row(1), row(2)] });
    // Stands in for a failure after validation (a full disk): the third row of the chunk cannot be written.
    p.core.db.exec(`CREATE TRIGGER test_refuse BEFORE INSERT ON documents WHEN NEW.subject = 'Kế hoạch số 5' BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const e = await errorOf(p.users.clerk.call('documents.import', { registerId, rows: [row(3), row(4), row(5), row(6)] }));
    expect(e.message).toContain('disk full');
    expect((await p.users.clerk.call('documents.list', { registerId })).total).toBe(2);
    p.core.db.exec('DROP TRIGGER test_refuse');
    const again = await p.users.clerk.call('documents.import', { registerId, rows: [row(3), row(4)] });
    const numbers = await Promise.all(again.ids.map(async (id) => (await p.users.clerk.call('documents.get', { id })).document.arrivalNumber));
    expect(numbers).toEqual([3, 4]);
  });

  it('needs the register permission and an incoming register', async () => {
    expect((await errorOf(p.users.spec1.call('documents.import', { registerId, rows: [row(1)] }))).code).toBe('FORBIDDEN');
    const outgoing = (await p.system('registers.create', { name: 'Sổ văn bản đi', direction: 'outgoing' })).register.id;
    expect((await errorOf(p.users.clerk.call('documents.import', { registerId: outgoing, rows: [row(1)] }))).code).toBe('VALIDATION');
  });
});
