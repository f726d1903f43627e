import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_AGENCIES, DEMO_SEEDERS } from '../../../core/demo';
import { seedDocumentsDemo } from '../../../core/documents/demo';
import { openProfile, type TestProfile } from './profile';

// The demo seeder runs against a profile with the demo's usernames (vanthu, chuyenvien, lanhdao, thuky).
let p: TestProfile;
beforeEach(async () => {
  p = await openProfile(new Date().toISOString());
});
afterEach(() => p.close());

describe('documents demo', () => {
  it('is registered with the demo', () => {
    expect(DEMO_SEEDERS).toContain(seedDocumentsDemo);
  });

  it('gives the department incoming decisions from the province in several states, each with a readable PDF', async () => {
    await seedDocumentsDemo(p.core, DEMO_AGENCIES.find((a) => a.key === 'department')!, () => {});
    const list = await p.users.clerk.call('documents.list', { order: 'asc' });
    expect(list.documents.map((d) => [d.direction, d.numberNotation, d.status])).toEqual(expect.arrayContaining([
      ['incoming', '1296/QĐ-UBND', 'in_progress'], ['incoming', '576/QĐ-UBND', 'filed'], ['incoming', '356/KH-UBND', 'registered'], ['outgoing', '01/KH-UBND', 'numbered'],
    ]));
    expect((await p.users.spec1.call('documents.inbox', {})).counts.byKind.toHandle).toBe(1);
    const qd = list.documents.find((d) => d.numberNotation === '1296/QĐ-UBND')!;
    const att = (await p.users.clerk.call('documents.get', { id: qd.id })).document.attachments[0]!;
    expect(att).toMatchObject({ mime: 'application/pdf', warning: null });
    const pdf = Buffer.from((await p.users.clerk.call('attachments.get', { id: att.id })).contentBase64!, 'base64');
    const text = execFileSync('pdftotext', ['-l', '1', '-', '-'], { input: pdf, encoding: 'utf8' });
    expect(text).toContain('Căn cứ Nghị quyết 17/NQ-CP');
  });

  it('gives the province released, in-review and draft outgoing documents and a submitted incoming one', async () => {
    await seedDocumentsDemo(p.core, DEMO_AGENCIES.find((a) => a.key === 'province')!, () => {});
    const list = await p.users.clerk.call('documents.list', {});
    expect(list.documents.map((d) => d.status).sort()).toEqual(['draft', 'in_review', 'released', 'submitted']);
    expect(list.documents.find((d) => d.status === 'released')!.numberNotation).toBe('01/QĐ-UBND');
    expect((await p.users.leader.call('documents.inbox', {})).counts.byKind).toMatchObject({ toDirect: 1, toApprove: 1 });
    const regs = await p.users.clerk.call('registers.list', {});
    expect(regs.registers.map((r) => [r.name, r.confidential])).toEqual([['Sổ văn bản đến', false], ['Sổ văn bản đi', false], ['Sổ văn bản mật', true]]);
  });
});
