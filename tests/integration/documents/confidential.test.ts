import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorOf, incoming, openProfile, type TestProfile } from './profile';

let p: TestProfile;
let normalReg: number;
let secretReg: number;
beforeEach(async () => {
  p = await openProfile();
  normalReg = (await p.system('registers.create', { name: 'Sổ văn bản đến', direction: 'incoming', keeperIds: [] })).register.id;
  // The confidential register is kept by the clerk and headed by `leader`, not `leader2`.
  secretReg = (await p.system('registers.create', { name: 'Sổ văn bản mật đến', direction: 'incoming', confidential: true, keeperIds: [p.users.clerk.id, p.users.leader.id] })).register.id;
});
afterEach(() => p.close());

describe('confidential documents', () => {
  it('are visible only to the people assigned and the keepers of their register — in get, list, attachments and inbox', async () => {
    const file = { fileName: 'mat.txt', contentBase64: Buffer.from('nội dung mật').toString('base64') };
    const open = (await p.users.clerk.call('documents.registerIncoming', { registerId: normalReg, ...incoming({ numberNotation: '1/TB-UBND' }) })).document;
    const marked = (await p.users.clerk.call('documents.registerIncoming', { registerId: normalReg, ...incoming({ numberNotation: '2/CV-M', confidentiality: 'secret' }), attachments: [file] })).document;
    const inSecretReg = (await p.users.clerk.call('documents.registerIncoming', { registerId: secretReg, ...incoming({ numberNotation: '3/QĐ-UBND' }) })).document;
    const attId = marked.attachments[0]!.id;

    // Nobody assigned yet: a specialist and the other leader see only the ordinary document.
    for (const u of [p.users.spec1, p.users.leader2]) {
      expect((await u.call('documents.list', {})).documents.map((d) => d.id)).toEqual([open.id]);
      expect((await errorOf(u.call('documents.get', { id: marked.id }))).code).toBe('NOT_FOUND');
      expect((await errorOf(u.call('documents.get', { id: inSecretReg.id }))).code).toBe('NOT_FOUND');
      expect((await errorOf(u.call('attachments.get', { id: attId }))).code).toBe('NOT_FOUND');
      expect((await errorOf(u.call('documents.timeline', { id: marked.id }))).code).toBe('NOT_FOUND');
    }
    // The keeper leader sees documents of the register they keep; the marked one in the ordinary register
    // only once it is submitted to them.
    expect((await p.users.leader.call('documents.list', {})).documents.map((d) => d.id).sort()).toEqual([open.id, inSecretReg.id].sort());
    await p.users.clerk.call('documents.submit', { id: marked.id, leaderId: p.users.leader.id });
    await p.users.leader.call('documents.direct', { id: marked.id, direction: 'Đ/c Minh xử lý', mainHandlerId: p.users.spec1.id, infoIds: [] });

    expect((await p.users.spec1.call('documents.list', {})).total).toBe(2);
    expect((await p.users.spec1.call('attachments.get', { id: attId })).contentBase64).toBe(file.contentBase64);
    expect((await p.users.spec1.call('documents.inbox', {})).items.map((i) => i.documentId)).toEqual([marked.id]);
    expect((await p.users.spec2.call('documents.list', { confidentiality: 'secret' })).total).toBe(0);
    // Filtering by the hidden values reveals nothing either.
    expect((await p.users.spec2.call('documents.list', { registerId: secretReg })).total).toBe(0);

    // Once recalled, the former handler no longer sees it.
    const main = (await p.users.leader.call('documents.get', { id: marked.id })).document.assignments[0]!;
    await p.users.leader.call('documents.recallAssignment', { assignmentId: main.id, reason: 'Giao người khác' });
    expect((await errorOf(p.users.spec1.call('documents.get', { id: marked.id }))).code).toBe('NOT_FOUND');
  });

  it('a confidential outgoing draft is seen by its drafter and approvers only', async () => {
    const draft = (await p.users.spec1.call('outgoing.createDraft', { typeCode: 'BC', subject: 'Báo cáo mật', confidentiality: 'confidential' })).document;
    expect((await errorOf(p.users.spec2.call('documents.get', { id: draft.id }))).code).toBe('NOT_FOUND');
    expect((await errorOf(p.users.leader.call('documents.get', { id: draft.id }))).code).toBe('NOT_FOUND');
    await p.users.spec1.call('outgoing.submitForApproval', { id: draft.id, steps: [{ kind: 'approve', userId: p.users.leader.id }] });
    expect((await p.users.leader.call('documents.get', { id: draft.id })).document.status).toBe('in_review');
    expect((await p.users.leader.call('documents.inbox', {})).items).toEqual([expect.objectContaining({ kind: 'toApprove', documentId: draft.id })]);
    // Once approved, the clerk who keeps an outgoing register sees it to number it; others still do not.
    const outReg = (await p.system('registers.create', { name: 'Sổ văn bản đi', direction: 'outgoing', keeperIds: [p.users.clerk.id] })).register.id;
    expect((await errorOf(p.users.clerk.call('documents.get', { id: draft.id }))).code).toBe('NOT_FOUND');
    await p.users.leader.call('outgoing.approve', { id: draft.id });
    expect((await p.users.clerk.call('documents.inbox', {})).items).toEqual([expect.objectContaining({ kind: 'toNumber', documentId: draft.id })]);
    const numbered = await p.users.clerk.call('outgoing.register', { id: draft.id, registerId: outReg });
    expect(numbered.document.numberNotation).toBe('01/BC-UBND');
    expect((await errorOf(p.users.spec2.call('documents.get', { id: draft.id }))).code).toBe('NOT_FOUND');
  });
});
