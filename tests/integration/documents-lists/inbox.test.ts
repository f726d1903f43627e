import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateInto } from '../../../bench/data';
import { incoming, openProfile, type TestProfile } from '../documents/profile';

// The inbox (việc cần xử lý) among thousands of finished documents: each person sees exactly their
// open work with the right counts and overdue flags, whatever else the store holds.

let p: TestProfile;
let registerId: number;

beforeAll(async () => {
  p = await openProfile('2026-03-10T02:00:00Z');
  generateInto(p.core, { docs: 2_000, withBody: false, seed: 5 });
  // Finished work of the same people must not count: handled and filed long ago.
  p.core.db.prepare("UPDATE documents SET handler_id = ?, leader_id = ? WHERE id % 7 = 0 AND status IN ('completed', 'filed')").run(p.users.spec1.id, p.users.leader.id);
  registerId = (await p.system('registers.create', { name: 'Sổ đến (việc cần xử lý)', direction: 'incoming' })).register.id;
}, 60_000);
afterAll(() => p.close());

async function registered(n: number, over: Record<string, unknown> = {}) {
  return (await p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming({ numberNotation: `${n}/KH-UBND`, ...over }) })).document;
}

describe('inbox counts on a large store', () => {
  it('counts each person’s open work by kind and flags what is overdue', async () => {
    const submitted = [await registered(1), await registered(2), await registered(3)];
    for (const d of submitted) await p.users.clerk.call('documents.submit', { id: d.id, leaderId: p.users.leader.id });
    const urgent = await registered(4, { urgency: 'flash' });
    await p.users.clerk.call('documents.submit', { id: urgent.id, leaderId: p.users.leader.id });
    // Two directed: one due before "today" (overdue once the clock moves), one later.
    await p.users.leader.call('documents.direct', { id: submitted[0]!.id, direction: 'Giao chủ trì', mainHandlerId: p.users.spec1.id, coHandlerIds: [p.users.spec2.id], infoIds: [p.users.secretary.id], deadline: '2026-03-12' });
    await p.users.leader.call('documents.direct', { id: submitted[1]!.id, direction: 'Giao chủ trì', mainHandlerId: p.users.spec1.id, coHandlerIds: [], infoIds: [p.users.secretary.id], deadline: '2026-04-30' });
    await p.users.spec1.call('outgoing.createDraft', { typeCode: 'CV', subject: 'V/v trả lời', replyToId: submitted[1]!.id });
    p.clock.now = new Date('2026-03-15T02:00:00Z');

    const leader = await p.users.leader.call('documents.inbox', {});
    expect(leader.counts).toEqual({ total: 2, overdue: 0, byKind: { toDirect: 2 } });
    expect(leader.items.map((i) => i.documentId)).toEqual([urgent.id, submitted[2]!.id]); // hỏa tốc first

    const spec1 = await p.users.spec1.call('documents.inbox', {});
    expect(spec1.counts).toEqual({ total: 3, overdue: 1, byKind: { toHandle: 2, draft: 1 } });
    expect(spec1.items[0]).toMatchObject({ kind: 'toHandle', documentId: submitted[0]!.id, overdue: true, deadline: '2026-03-12' });

    expect((await p.users.spec2.call('documents.inbox', {})).counts).toEqual({ total: 1, overdue: 1, byKind: { toHandle: 1 } });
    const secretary = await p.users.secretary.call('documents.inbox', {});
    expect(secretary.counts.byKind).toEqual({ toRead: 2 });
    await p.users.secretary.call('documents.markRead', { id: submitted[0]!.id });
    expect((await p.users.secretary.call('documents.inbox', {})).counts.byKind).toEqual({ toRead: 1 });

    await p.users.spec1.call('documents.complete', { id: submitted[0]!.id, result: 'Xong' });
    expect((await p.users.spec1.call('documents.inbox', {})).counts).toEqual({ total: 2, overdue: 0, byKind: { toHandle: 1, draft: 1 } });
    expect((await p.users.clerk.call('documents.inbox', {})).counts.total).toBe(0);
  });
});
