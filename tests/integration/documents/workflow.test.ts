import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorOf, incoming, openProfile, type TestProfile } from './profile';

let p: TestProfile;
let registerId: number;
beforeEach(async () => {
  p = await openProfile();
  registerId = (await p.system('registers.create', { name: 'Sổ văn bản đến', direction: 'incoming' })).register.id;
});
afterEach(() => p.close());

async function registered(over: Record<string, unknown> = {}) {
  return (await p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming(over) })).document;
}

async function directed(over: Record<string, unknown> = {}) {
  const d = await registered(over);
  await p.users.clerk.call('documents.submit', { id: d.id, leaderId: p.users.leader.id });
  return (await p.users.leader.call('documents.direct', {
    id: d.id, direction: 'Giao Phòng Văn xã chủ trì tham mưu', mainHandlerId: p.users.spec1.id, coHandlerIds: [p.users.spec2.id], infoIds: [p.users.secretary.id], deadline: '2026-03-20',
  })).document;
}

describe('incoming workflow', () => {
  it('runs register → submit → direction → handling → reply draft → complete → file, all in the timeline', async () => {
    const d = await registered();
    const submitted = await p.users.clerk.call('documents.submit', { id: d.id, version: d.version, leaderId: p.users.leader.id, note: 'Kính trình' });
    expect(submitted.document.status).toBe('submitted');
    expect((await p.users.leader.call('documents.inbox', {})).items).toEqual([expect.objectContaining({ kind: 'toDirect', documentId: d.id })]);
    const dir = await p.users.leader.call('documents.direct', {
      id: d.id, direction: 'Giao Phòng Văn xã chủ trì', mainHandlerId: p.users.spec1.id, coHandlerIds: [p.users.spec2.id], infoIds: [p.users.secretary.id], deadline: '2026-03-20',
    });
    expect(dir.document).toMatchObject({ status: 'in_progress', handlerId: p.users.spec1.id, deadline: '2026-03-20' });
    expect(dir.document.assignments.map((a) => [a.userId, a.role])).toEqual([[p.users.spec1.id, 'main'], [p.users.spec2.id, 'co'], [p.users.secretary.id, 'info']]);
    expect(dir.document.comments).toEqual([expect.objectContaining({ kind: 'note' }), expect.objectContaining({ kind: 'direction', body: 'Giao Phòng Văn xã chủ trì' })]);

    const inbox = await p.users.spec1.call('documents.inbox', {});
    expect(inbox.counts).toMatchObject({ total: 1, overdue: 0, byKind: { toHandle: 1 } });
    expect((await p.users.secretary.call('documents.inbox', {})).counts.byKind).toEqual({ toRead: 1 });
    await p.users.secretary.call('documents.markRead', { id: d.id });
    expect((await p.users.secretary.call('documents.inbox', {})).counts.total).toBe(0);

    await p.users.spec1.call('documents.note', { id: d.id, body: 'Đã liên hệ Sở Tài chính' });
    const reply = await p.users.spec1.call('outgoing.createDraft', { typeCode: 'CV', subject: 'V/v trả lời Quyết định 1296', replyToId: d.id, unitId: p.units[1]!.id });
    expect(reply.document).toMatchObject({ direction: 'outgoing', status: 'draft', replyToId: d.id, handlerId: p.users.spec1.id });

    await p.users.spec2.call('documents.complete', { id: d.id, result: 'Đã góp ý phần kinh phí' });
    const stillOpen = await p.users.spec1.call('documents.get', { id: d.id });
    expect(stillOpen.document.status).toBe('in_progress');
    const done = await p.users.spec1.call('documents.complete', { id: d.id, result: 'Đã tham mưu văn bản trả lời' });
    expect(done.document).toMatchObject({ status: 'completed', result: 'Đã tham mưu văn bản trả lời' });
    const filed = await p.users.spec1.call('documents.file', { id: d.id, dossierRef: 'HS-2026-VX-05' });
    expect(filed.document).toMatchObject({ status: 'filed', dossierRef: 'HS-2026-VX-05' });

    const t = await p.users.clerk.call('documents.timeline', { id: d.id });
    expect(t.entries.map((e) => e.action)).toEqual([
      'document.registerIncoming', 'document.submit', 'document.direct', 'document.read', 'document.note', 'document.replyDrafted', 'document.completePart', 'document.complete', 'document.file',
    ]);
    expect(t.entries.map((e) => e.actor)).toContain('user:lanhdao');
  });

  it('refuses steps out of order and by the wrong people', async () => {
    const d = await registered();
    expect((await errorOf(p.users.leader.call('documents.direct', { id: d.id, direction: 'x', mainHandlerId: p.users.spec1.id }))).code).toBe('INVALID_STATE');
    expect((await errorOf(p.users.clerk.call('documents.submit', { id: d.id, leaderId: p.users.spec1.id }))).fields?.[0]).toMatchObject({ path: 'leaderId', code: 'user.lacksPermission' });
    await p.users.clerk.call('documents.submit', { id: d.id, leaderId: p.users.leader.id });
    // Another leader cannot direct what was submitted to a colleague; a specialist has no direct permission.
    expect((await errorOf(p.users.leader2.call('documents.direct', { id: d.id, direction: 'x', mainHandlerId: p.users.spec1.id }))).code).toBe('FORBIDDEN');
    expect((await errorOf(p.users.spec1.call('documents.direct', { id: d.id, direction: 'x', mainHandlerId: p.users.spec1.id }))).code).toBe('FORBIDDEN');
    const past = await errorOf(p.users.leader.call('documents.direct', { id: d.id, direction: 'x', mainHandlerId: p.users.spec1.id, deadline: '2026-03-01' }));
    expect(past.fields?.[0]).toMatchObject({ path: 'deadline', code: 'deadline.past' });
    await p.users.leader.call('documents.direct', { id: d.id, direction: 'x', mainHandlerId: p.users.spec1.id });
    expect((await errorOf(p.users.spec2.call('documents.complete', { id: d.id, result: 'xong' }))).code).toBe('FORBIDDEN');
  });

  it('a leader returns a submitted document to the clerk, who corrects and resubmits it', async () => {
    const d = await registered();
    await p.users.clerk.call('documents.submit', { id: d.id, leaderId: p.users.leader.id });
    const r = await p.users.leader.call('documents.return', { id: d.id, reason: 'Sai trích yếu, đề nghị kiểm tra lại' });
    expect(r.document.status).toBe('returned');
    expect((await p.users.clerk.call('documents.inbox', {})).items).toEqual([expect.objectContaining({ kind: 'returned', documentId: d.id })]);
    await p.users.clerk.call('documents.update', { id: d.id, version: r.document.version, subject: 'Trích yếu đúng' });
    expect((await p.users.clerk.call('documents.submit', { id: d.id, leaderId: p.users.leader.id })).document.status).toBe('submitted');
  });

  it('the main handler returns the work to the leader, who reassigns it', async () => {
    const d = await directed();
    const back = await p.users.spec1.call('documents.return', { id: d.id, reason: 'Không thuộc lĩnh vực phụ trách' });
    expect(back.document).toMatchObject({ status: 'submitted', handlerId: null });
    expect((await p.users.spec1.call('documents.inbox', {})).counts.byKind.toHandle ?? 0).toBe(0);
    const again = await p.users.leader.call('documents.direct', { id: d.id, direction: 'Giao đồng chí Nam', mainHandlerId: p.users.spec3.id });
    expect(again.document.handlerId).toBe(p.users.spec3.id);
  });

  it('the leader recalls and reassigns assignments', async () => {
    const d = await directed();
    const co = d.assignments.find((a) => a.role === 'co')!;
    const main = d.assignments.find((a) => a.role === 'main')!;
    const recalled = await p.users.leader.call('documents.recallAssignment', { assignmentId: co.id, reason: 'Không cần phối hợp' });
    expect(recalled.document.assignments.find((a) => a.id === co.id)!.status).toBe('recalled');
    expect((await p.users.spec2.call('documents.inbox', {})).counts.total).toBe(0);
    const re = await p.users.leader.call('documents.reassign', { assignmentId: main.id, userId: p.users.spec3.id, reason: 'Đồng chí Minh đi công tác' });
    expect(re.document.handlerId).toBe(p.users.spec3.id);
    expect((await p.users.spec3.call('documents.inbox', {})).items[0]).toMatchObject({ kind: 'toHandle', deadline: '2026-03-20' });
    expect((await errorOf(p.users.spec1.call('documents.complete', { id: d.id, result: 'x' }))).code).toBe('FORBIDDEN');
    expect((await errorOf(p.users.leader.call('documents.recallAssignment', { assignmentId: main.id, reason: 'again' }))).code).toBe('INVALID_STATE');
  });

  it('a handler can pass the work on only up to the forwarding limit', async () => {
    await p.system('documents.updateSettings', { maxForwardDepth: 1 });
    const d = await directed();
    const main = d.assignments.find((a) => a.role === 'main')!;
    expect((await errorOf(p.users.spec2.call('documents.forward', { assignmentId: main.id, userId: p.users.spec3.id }))).code).toBe('FORBIDDEN');
    const f = await p.users.spec1.call('documents.forward', { assignmentId: main.id, userId: p.users.spec3.id, note: 'Nhờ anh Nam xử lý' });
    expect(f.document.handlerId).toBe(p.users.spec3.id);
    const second = f.document.assignments.find((a) => a.forwardedFrom === main.id)!;
    const e = await errorOf(p.users.spec3.call('documents.forward', { assignmentId: second.id, userId: p.users.spec2.id }));
    expect(e.code).toBe('FORWARD_LIMIT');
    expect(e.message).toContain('limit is 1');
  });

  it('counts overdue work and flags it as the days pass', async () => {
    await directed({ urgency: 'urgent' });
    await directed({ numberNotation: '77/TB-UBND' });
    let inbox = await p.users.spec1.call('documents.inbox', {});
    expect(inbox.counts).toMatchObject({ total: 2, overdue: 0 });
    p.clock.now = new Date('2026-03-21T03:00:00Z');
    inbox = await p.users.spec1.call('documents.inbox', {});
    expect(inbox.counts).toMatchObject({ total: 2, overdue: 2 });
    expect(inbox.items[0]!.urgency).toBe('urgent');
    const list = await p.users.spec1.call('documents.list', { handlerId: p.users.spec1.id });
    expect(list.documents.every((x) => x.overdue)).toBe(true);
  });

  it('works the same through a real login session, and refuses a call without one', async () => {
    const { sessionToken } = await p.core.call('auth.login', { username: 'vanthu', password: 'password123' }, {});
    const d = (await p.core.call('documents.registerIncoming', { registerId, ...incoming() }, { sessionToken })).document;
    expect(d.createdBy).toBe('user:vanthu');
    expect((await errorOf(p.core.call('documents.get', { id: d.id }, {}))).code).toBe('UNAUTHENTICATED');
  });

  it('refuses a workflow step made from a stale version', async () => {
    const d = await registered();
    await p.users.clerk.call('documents.update', { id: d.id, version: d.version, notes: 'x' });
    expect((await errorOf(p.users.clerk.call('documents.submit', { id: d.id, version: d.version, leaderId: p.users.leader.id }))).code).toBe('CONFLICT');
  });
});
