import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { documentsOf } from '../../../core/documents/index';
import { bookToPdf, registerBook } from '../../../core/documents/book';
import { errorOf, openProfile, type TestProfile } from './profile';

let p: TestProfile;
let outReg: number;
beforeEach(async () => {
  p = await openProfile();
  outReg = (await p.system('registers.create', { name: 'Sổ văn bản đi', direction: 'outgoing', keeperIds: [p.users.clerk.id] })).register.id;
});
afterEach(() => p.close());

const b64 = (s: string) => Buffer.from(s).toString('base64');

async function approvedDraft(typeCode = 'QĐ', unitId: number | null = null) {
  const d = (await p.users.spec1.call('outgoing.createDraft', { typeCode, subject: 'Ban hành Kế hoạch chuyển đổi số', unitId, file: { fileName: 'du-thao-v1.txt', contentBase64: b64('Dự thảo 1') } })).document;
  await p.users.spec1.call('outgoing.submitForApproval', { id: d.id, steps: [{ kind: 'approve', userId: p.users.leader.id }] });
  return (await p.users.leader.call('outgoing.approve', { id: d.id })).document;
}

describe('outgoing documents', () => {
  it('go draft → versions and comments → review → rejection → approval → signed → numbered → released', async () => {
    const d = (await p.users.spec1.call('outgoing.createDraft', { typeCode: 'QĐ', subject: 'Ban hành Quy chế', unitId: p.units[1]!.id, file: { fileName: 'v1.txt', contentBase64: b64('v1') } })).document;
    expect(d).toMatchObject({ status: 'draft', issuerShort: 'UBND', number: null });
    await p.users.spec1.call('outgoing.addVersion', { id: d.id, file: { fileName: 'v2.txt', contentBase64: b64('v2') }, note: 'Sửa Điều 2' });
    await p.users.spec2.call('outgoing.comment', { id: d.id, body: 'Đề nghị bổ sung căn cứ' });
    const chain = [{ kind: 'review' as const, userId: p.users.spec2.id }, { kind: 'approve' as const, userId: p.users.leader.id }];
    // The approver cannot act before the reviewer.
    await p.users.spec1.call('outgoing.submitForApproval', { id: d.id, steps: chain });
    expect((await errorOf(p.users.leader.call('outgoing.approve', { id: d.id }))).code).toBe('FORBIDDEN');
    await p.users.spec2.call('outgoing.approve', { id: d.id, comment: 'Đạt' });
    const rejected = await p.users.leader.call('outgoing.reject', { id: d.id, reason: 'Chưa đúng thể thức' });
    expect(rejected.document.status).toBe('draft');
    expect((await p.users.spec1.call('documents.inbox', {})).items).toEqual([expect.objectContaining({ kind: 'returned', documentId: d.id })]);
    await p.users.spec1.call('outgoing.addVersion', { id: d.id, file: { fileName: 'v3.txt', contentBase64: b64('v3') } });
    await p.users.spec1.call('outgoing.submitForApproval', { id: d.id, steps: [{ kind: 'approve', userId: p.users.leader.id }] });
    const approved = await p.users.leader.call('outgoing.approve', { id: d.id });
    expect(approved.document).toMatchObject({ status: 'approved', signer: 'Lê Quang Hùng', signerPosition: 'Phó Chủ tịch' });
    expect(approved.document.draftVersions.map((v) => v.versionNo)).toEqual([1, 2, 3]);
    expect(approved.document.approvals.map((a) => [a.round, a.kind, a.status])).toEqual([[1, 'review', 'approved'], [1, 'approve', 'rejected'], [2, 'approve', 'approved']]);

    const signedHash = (await p.users.leader.call('outgoing.markSigned', { id: d.id, file: { fileName: 'signed.pdf', contentBase64: b64('%PDF-1.7 signed') } })).document;
    expect(signedHash).toMatchObject({ status: 'signed' });
    expect(signedHash.signedSha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await p.users.clerk.call('documents.inbox', {})).items).toEqual([expect.objectContaining({ kind: 'toNumber', documentId: d.id })]);
    const numbered = await p.users.clerk.call('outgoing.register', { id: d.id, registerId: outReg, withUnit: true });
    expect(numbered.document).toMatchObject({ status: 'numbered', number: 1, numberText: '01', notation: 'QĐ-UBND-VX', numberNotation: '01/QĐ-UBND-VX', dateIssued: '2026-03-10', year: 2026 });
    const released = await p.users.clerk.call('outgoing.release', {
      id: d.id, recipients: [{ kind: 'unit', unitId: p.units[0]!.id }, { kind: 'agency', agencyCode: '000.00.12.H10', name: 'Sở Thông tin và Truyền thông' }],
    });
    expect(released.document.status).toBe('released');
    expect(released.document.releaseRecipients).toEqual([
      expect.objectContaining({ kind: 'unit', name: 'Văn phòng', delivery: 'pending' }),
      expect.objectContaining({ kind: 'agency', agencyCode: '000.00.12.H10', delivery: 'pending' }),
    ]);
    const t = await p.users.clerk.call('documents.timeline', { id: d.id });
    expect(t.entries.map((e) => e.action)).toEqual([
      'outgoing.createDraft', 'outgoing.addVersion', 'document.comment', 'outgoing.submitForApproval', 'outgoing.review', 'outgoing.reject', 'outgoing.addVersion',
      'outgoing.submitForApproval', 'outgoing.approve', 'outgoing.signed', 'outgoing.register', 'outgoing.release',
    ]);
  });

  it('numbers each type in one sequence per register and year: công văn without a type part', async () => {
    const a = await approvedDraft('QĐ');
    const b = await approvedDraft('CV', p.units[1]!.id);
    const ra = await p.users.clerk.call('outgoing.register', { id: a.id, registerId: outReg });
    const rb = await p.users.clerk.call('outgoing.register', { id: b.id, registerId: outReg, withUnit: true });
    expect(ra.document.numberNotation).toBe('01/QĐ-UBND');
    expect(rb.document.numberNotation).toBe('02/UBND-VX');
    const noCode = await approvedDraft('TB');
    const e = await errorOf(p.users.clerk.call('outgoing.register', { id: noCode.id, registerId: outReg, withUnit: true }));
    expect(e.fields?.[0]).toMatchObject({ path: 'withUnit', code: 'unit.noCode' });
  });

  it('a cancelled document keeps its reserved number, which is never given again', async () => {
    const a = await approvedDraft();
    const b = await approvedDraft();
    await p.users.clerk.call('outgoing.register', { id: a.id, registerId: outReg });
    const cancelled = await p.users.clerk.call('documents.cancel', { id: a.id, reason: 'Lãnh đạo không ban hành' });
    expect(cancelled.document).toMatchObject({ status: 'cancelled', number: 1, numberNotation: '01/QĐ-UBND' });
    const next = await p.users.clerk.call('outgoing.register', { id: b.id, registerId: outReg });
    expect(next.document.number).toBe(2);
    const regs = await p.users.clerk.call('registers.list', { direction: 'outgoing' });
    expect(regs.registers[0]!.lastNumber).toBe(2);
    // The register book keeps the cancelled number on its line, marked cancelled.
    const book = registerBook(documentsOf(p.core), p.users.clerk.actor, outReg, 2026);
    expect(book.rows.map((r) => [r[0], r[5], r[6]])).toEqual([['01/QĐ-UBND', 'Đã hủy', 'Lãnh đạo không ban hành'], ['02/QĐ-UBND', 'Đã cấp số', '']]);
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(await bookToPdf(book, 'Ủy ban nhân dân tỉnh Bình Định')), encoding: 'utf8' });
    expect(text).toContain('SỔ ĐĂNG KÝ VĂN BẢN ĐI');
    expect(text).toMatch(/01\/QĐ-UBND .* Đã hủy +Lãnh đạo/);
  });

  it('a released document cannot be changed — not through the API, not even by SQL — and is corrected by a new document', async () => {
    const a = await approvedDraft();
    await p.users.clerk.call('outgoing.register', { id: a.id, registerId: outReg });
    const rel = (await p.users.clerk.call('outgoing.release', { id: a.id, recipients: [{ kind: 'unit', unitId: p.units[0]!.id }] })).document;
    expect((await errorOf(p.users.clerk.call('documents.update', { id: a.id, version: rel.version, subject: 'Sửa' }))).code).toBe('DOCUMENT_RELEASED');
    expect((await errorOf(p.users.clerk.call('documents.cancel', { id: a.id, reason: 'x' }))).code).toBe('DOCUMENT_RELEASED');
    expect((await errorOf(p.users.clerk.call('attachments.add', { documentId: a.id, file: { fileName: 'x.txt', contentBase64: b64('x') } }))).code).toBe('DOCUMENT_RELEASED');
    expect((await errorOf(p.users.spec1.call('outgoing.addVersion', { id: a.id, file: { fileName: 'x.txt', contentBase64: b64('x') } }))).code).toBe('DOCUMENT_RELEASED');
    const raw = new BetterSqlite3(path.join(p.dir, 'vanthu.db'));
    expect(() => raw.prepare('UPDATE documents SET subject = ? WHERE id = ?').run('đã sửa lén', a.id)).toThrow(/released/);
    expect(() => raw.prepare('UPDATE register_counters SET last_number = 0').run()).toThrow(/forward/);
    raw.close();
    const fix = await p.users.spec1.call('outgoing.createDraft', { typeCode: 'QĐ', subject: 'Đính chính Quyết định 01/QĐ-UBND', correctsId: a.id });
    expect(fix.document.correctsId).toBe(a.id);
    const draft = await p.users.spec1.call('outgoing.createDraft', { typeCode: 'QĐ', subject: 'x' });
    expect((await errorOf(p.users.spec1.call('outgoing.createDraft', { typeCode: 'QĐ', subject: 'y', correctsId: draft.document.id }))).fields?.[0]).toMatchObject({ code: 'corrects.notReleased' });
  });

  it('refuses an unknown type, a chain not ending in approval, an approver without the permission, and numbering before approval', async () => {
    expect((await errorOf(p.users.spec1.call('outgoing.createDraft', { typeCode: 'XX', subject: 'x' }))).fields?.[0]).toMatchObject({ path: 'typeCode', code: 'type.unknown' });
    const d = (await p.users.spec1.call('outgoing.createDraft', { typeCode: 'TB', subject: 'Thông báo' })).document;
    expect((await errorOf(p.users.spec1.call('outgoing.submitForApproval', { id: d.id, steps: [{ kind: 'review', userId: p.users.spec2.id }] }))).fields?.[0]).toMatchObject({ code: 'approval.lastMustApprove' });
    expect((await errorOf(p.users.spec1.call('outgoing.submitForApproval', { id: d.id, steps: [{ kind: 'approve', userId: p.users.spec2.id }] }))).fields?.[0]).toMatchObject({ code: 'user.lacksPermission' });
    expect((await errorOf(p.users.clerk.call('outgoing.register', { id: d.id, registerId: outReg }))).code).toBe('INVALID_STATE');
    expect((await errorOf(p.users.spec2.call('outgoing.addVersion', { id: d.id, file: { fileName: 'x.txt', contentBase64: b64('x') } }))).code).toBe('FORBIDDEN');
    expect((await errorOf(p.users.spec1.call('outgoing.register', { id: d.id, registerId: outReg }))).code).toBe('FORBIDDEN');
  });

  it('the drafter edits a draft’s metadata until it goes for approval; a stale edit is refused', async () => {
    const d = (await p.users.spec1.call('outgoing.createDraft', { typeCode: 'TB', subject: 'Thông báo họp' })).document;
    const u = await p.users.spec1.call('outgoing.updateDraft', { id: d.id, version: d.version, typeCode: 'GM', subject: 'Giấy mời họp giao ban', urgency: 'urgent', recipients: 'Các phòng' });
    expect(u.document).toMatchObject({ typeCode: 'GM', subject: 'Giấy mời họp giao ban', urgency: 'urgent', recipients: 'Các phòng', version: d.version + 1 });
    expect((await errorOf(p.users.spec1.call('outgoing.updateDraft', { id: d.id, version: d.version, subject: 'cũ' }))).code).toBe('CONFLICT');
    expect((await errorOf(p.users.spec2.call('outgoing.updateDraft', { id: d.id, version: u.document.version, subject: 'người khác' }))).code).toBe('FORBIDDEN');
    await p.users.spec1.call('outgoing.submitForApproval', { id: d.id, steps: [{ kind: 'approve', userId: p.users.leader.id }] });
    const cur = (await p.users.spec1.call('documents.get', { id: d.id })).document;
    expect((await errorOf(p.users.spec1.call('outgoing.updateDraft', { id: d.id, version: cur.version, subject: 'muộn' }))).code).toBe('INVALID_STATE');
  });

  it('a draft reply can only be started by someone handling the incoming document', async () => {
    const inReg = (await p.system('registers.create', { name: 'Sổ đến', direction: 'incoming' })).register.id;
    const inc = (await p.users.clerk.call('documents.registerIncoming', { registerId: inReg, numberNotation: '5/CV-STC', issuerName: 'Sở Tài chính', dateIssued: '2026-03-01', subject: 'Xin ý kiến' })).document;
    expect((await errorOf(p.users.spec2.call('outgoing.createDraft', { typeCode: 'CV', subject: 'Trả lời', replyToId: inc.id }))).code).toBe('FORBIDDEN');
  });
});
