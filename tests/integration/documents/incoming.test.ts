import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { documentsOf } from '../../../core/documents/index';
import { importIncoming } from '../../../core/documents/importer';
import { errorOf, incoming, openProfile, type TestProfile } from './profile';

let p: TestProfile;
let registerId: number;

beforeEach(async () => {
  p = await openProfile();
  registerId = (await p.system('registers.create', { name: 'Sổ văn bản đến', direction: 'incoming' })).register.id;
});
afterEach(() => p.close());

describe('registering incoming documents', () => {
  it('refuses an impossible date, an unknown type and a malformed notation, each on its own field', async () => {
    const e = await errorOf(p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming({ numberNotation: 'QĐ-UBND 1296', dateIssued: '2026-02-30', typeCode: 'XYZ' }) }));
    expect(e.code).toBe('VALIDATION');
    expect(e.fields).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: 'numberNotation', code: 'notation.format' }),
      expect.objectContaining({ path: 'dateIssued', code: 'date.invalid' }),
      expect.objectContaining({ path: 'typeCode', code: 'type.unknown' }),
    ]));
    const list = await p.users.clerk.call('documents.list', {});
    expect(list.total).toBe(0);
  });

  it('refuses dates in the wrong order and a subject over 500 characters', async () => {
    const future = await errorOf(p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming({ dateIssued: '2026-04-01' }) }));
    expect(future.fields).toEqual([expect.objectContaining({ path: 'dateIssued', code: 'date.future' })]);
    const early = await errorOf(p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming({ dateIssued: '2026-03-05', arrivalAt: '2026-03-04T09:00:00+07:00' }) }));
    expect(early.fields).toEqual([expect.objectContaining({ path: 'arrivalAt', code: 'date.beforeIssue' })]);
    const deadline = await errorOf(p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming({ deadline: '2026-03-01' }) }));
    expect(deadline.fields).toEqual([expect.objectContaining({ path: 'deadline', code: 'deadline.beforeArrival' })]);
    const long = await errorOf(p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming({ subject: 'x'.repeat(501) }) }));
    expect(long.fields).toEqual([expect.objectContaining({ path: 'subject', code: 'subject.tooLong' })]);
  });

  it('refuses a specialist (no register permission) and an outgoing register', async () => {
    expect((await errorOf(p.users.spec1.call('documents.registerIncoming', { registerId, ...incoming() }))).code).toBe('FORBIDDEN');
    const out = (await p.system('registers.create', { name: 'Sổ văn bản đi', direction: 'outgoing' })).register.id;
    const e = await errorOf(p.users.clerk.call('documents.registerIncoming', { registerId: out, ...incoming() }));
    expect(e.fields?.[0]).toMatchObject({ path: 'registerId', code: 'register.wrongDirection' });
  });

  it('gives arrival numbers 1, 2, 3 … with the register padding and takes type and issuer from the notation', async () => {
    const a = await p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming({ numberNotation: '15/KH-UBND', typeCode: undefined }) });
    const b = await p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming({ numberNotation: '123/UBND-VX' }) });
    const c = await p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming({ numberNotation: 'Số: 05/QĐ-UBND-VP' }) });
    expect([a, b, c].map((r) => r.document.arrivalNumber)).toEqual([1, 2, 3]);
    expect(a.document.arrivalNumberText).toBe('01');
    expect(a.document).toMatchObject({ typeCode: 'KH', issuerShort: 'UBND', numberNotation: '15/KH-UBND', number: 15, year: 2026, status: 'registered', arrivalAt: '2026-03-10T09:00:00+07:00' });
    expect(b.document).toMatchObject({ typeCode: 'CV', issuerShort: 'UBND', notation: 'UBND-VX' });
    expect(c.document).toMatchObject({ typeCode: 'QĐ', numberText: '05', numberNotation: '05/QĐ-UBND-VP' });
    const regs = await p.users.clerk.call('registers.list', { direction: 'incoming' });
    expect(regs.registers[0]!.lastNumber).toBe(3);
  });

  it('starts again at 1 on 1 January, Vietnam time, and keeps registers apart', async () => {
    const secret = (await p.system('registers.create', { name: 'Sổ văn bản đến mật', direction: 'incoming', confidential: true, keeperIds: [p.users.clerk.id] })).register.id;
    p.clock.now = new Date('2026-12-31T16:30:00Z'); // 23:30 on 31 Dec in Hà Nội
    const late = await p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming({ dateIssued: '2026-12-30' }) });
    const s1 = await p.users.clerk.call('documents.registerIncoming', { registerId: secret, ...incoming({ numberNotation: '7/CV-M', confidentiality: 'confidential', dateIssued: '2026-12-30' }) });
    p.clock.now = new Date('2026-12-31T17:05:00Z'); // 00:05 on 1 Jan 2027 in Hà Nội, still 2026 in UTC
    const first = await p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming({ numberNotation: '1/TB-UBND', dateIssued: '2026-12-31' }) });
    expect(late.document).toMatchObject({ year: 2026, arrivalNumber: 2 - 1 });
    expect(s1.document.arrivalNumber).toBe(1);
    expect(first.document).toMatchObject({ year: 2027, arrivalNumber: 1, arrivalAt: '2027-01-01T00:05:00+07:00' });
  });

  it('warns about a probable duplicate (same issuer, number and date) and registers it only with force', async () => {
    await p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming() });
    const check = await p.users.clerk.call('documents.checkDuplicate', { numberNotation: '1296 / QĐ-UBND', issuerName: 'Ủy ban nhân dân tỉnh Gia Lai', dateIssued: '2026-03-02' });
    expect(check.duplicates).toEqual([expect.objectContaining({ reason: 'sameNumber', numberNotation: '1296/QĐ-UBND', arrivalNumber: 1 })]);
    const e = await errorOf(p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming() }));
    expect(e.code).toBe('DUPLICATE');
    expect((e.details?.duplicates as unknown[]).length).toBe(1);
    // The refused attempt did not use up a number.
    const forced = await p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming(), force: true });
    expect(forced.document.arrivalNumber).toBe(2);
    const timeline = await p.users.clerk.call('documents.timeline', { id: forced.document.id });
    expect(timeline.entries[0]).toMatchObject({ action: 'document.registerIncoming', detail: expect.objectContaining({ forced: true }) });
  });

  it('warns about the same file registered under another number', async () => {
    const file = { fileName: 'a.txt', contentBase64: Buffer.from('nội dung văn bản').toString('base64') };
    await p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming(), attachments: [file] });
    const e = await errorOf(p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming({ numberNotation: '1297/QĐ-UBND' }), attachments: [file] }));
    expect(e.code).toBe('DUPLICATE');
    expect(e.details?.duplicates).toEqual([expect.objectContaining({ reason: 'sameFile' })]);
  });

  it('refuses an update made from a stale version (CONFLICT) and keeps the first writer’s change', async () => {
    const { document: d } = await p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming() });
    const first = await p.users.clerk.call('documents.update', { id: d.id, version: d.version, subject: 'Trích yếu đã sửa' });
    expect(first.document.version).toBe(d.version + 1);
    const e = await errorOf(p.users.clerk.call('documents.update', { id: d.id, version: d.version, subject: 'Sửa lần hai' }));
    expect(e.code).toBe('CONFLICT');
    expect((await p.users.clerk.call('documents.get', { id: d.id })).document.subject).toBe('Trích yếu đã sửa');
  });

  it('re-reads the notation when it is corrected, and checks the new one', async () => {
    const { document: d } = await p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming() });
    const bad = await errorOf(p.users.clerk.call('documents.update', { id: d.id, version: d.version, numberNotation: '12/' }));
    expect(bad.fields?.[0]).toMatchObject({ path: 'numberNotation', code: 'notation.format' });
    const fixed = await p.users.clerk.call('documents.update', { id: d.id, version: d.version, numberNotation: '1269/QĐ-UBND' });
    expect(fixed.document).toMatchObject({ number: 1269, numberNotation: '1269/QĐ-UBND', arrivalNumber: 1 });
  });

  it('cancelling keeps the arrival number as cancelled; the next document gets the next number', async () => {
    const { document: d } = await p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming() });
    const c = await p.users.clerk.call('documents.cancel', { id: d.id, reason: 'Đăng ký nhầm' });
    expect(c.document).toMatchObject({ status: 'cancelled', arrivalNumber: 1, cancelledReason: 'Đăng ký nhầm' });
    const next = await p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming() });
    expect(next.document.arrivalNumber).toBe(2);
  });

  it('lists with filters, newest date first, and tells the indexer about every change', async () => {
    const seen: number[] = [];
    p.core.documentListeners.push({ documentChanged: (id) => seen.push(id) });
    const a = await p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming({ dateIssued: '2026-01-05', urgency: 'flash' }) });
    const b = await p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming({ numberNotation: '9/TB-STC', issuerName: 'Sở Tài chính', issuerCode: '', dateIssued: '2026-02-05' }) });
    await p.users.clerk.call('documents.update', { id: a.document.id, version: a.document.version, notes: 'gấp' });
    expect(seen).toEqual([a.document.id, b.document.id, a.document.id]);
    const all = await p.users.clerk.call('documents.list', {});
    expect(all.documents.map((d) => d.id)).toEqual([b.document.id, a.document.id]);
    expect(all).toMatchObject({ total: 2, totalCapped: false });
    expect((await p.users.clerk.call('documents.list', { urgency: 'flash' })).documents.map((d) => d.id)).toEqual([a.document.id]);
    expect((await p.users.clerk.call('documents.list', { issuer: 'Tài chính' })).total).toBe(1);
    expect((await p.users.clerk.call('documents.list', { typeCode: 'TB' })).total).toBe(1);
    expect((await p.users.clerk.call('documents.list', { dateFrom: '2026-02-01', dateTo: '2026-02-28' })).documents[0]!.id).toBe(b.document.id);
    expect((await p.users.clerk.call('documents.list', { limit: 1, offset: 1 })).documents.map((d) => d.id)).toEqual([a.document.id]);
  });

  it('import refuses a missing metadata file and one without the required columns, naming what is wrong', async () => {
    const m = documentsOf(p.core);
    const run = (csvPath: string) => errorOf(Promise.resolve().then(() => importIncoming(m, p.users.clerk.actor, { registerId, csvPath })));
    expect((await run(path.join(p.dir, 'none.csv'))).message).toContain('Cannot read the metadata file');
    fs.writeFileSync(path.join(p.dir, 'bad.csv'), 'so,trich_yeu\n1/QĐ-UBND,x\n');
    const e = await run(path.join(p.dir, 'bad.csv'));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain('no "numberNotation" column');
  });
});
