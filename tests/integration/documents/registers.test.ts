import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../../core/api/context';
import { errorOf, openProfile, type TestProfile } from './profile';

// Registers are managed by administrators, who do not read documents, and chosen by clerks.
// Names must tell registers apart: two of one direction may not differ only in case, spacing or accents.

let p: TestProfile;
let admin: Actor;
beforeEach(async () => {
  p = await openProfile();
  const { users } = await p.system('users.list', {});
  const a = users.find((u) => u.username === 'admin')!;
  admin = { kind: 'user', userId: a.id, username: a.username, fullName: a.fullName, roles: ['admin'], unitId: null, label: 'user:admin' };
});
afterEach(() => p.close());

const asAdmin = <M extends Parameters<TestProfile['core']['call']>[0]>(method: M, input: Parameters<TestProfile['core']['call']>[1]) =>
  p.core.call(method, input as never, { actor: admin });

describe('registers', () => {
  it('an administrator without the document-reading permission lists the registers they manage and still cannot read documents', async () => {
    await asAdmin('registers.create', { name: 'Sổ văn bản đến mật', direction: 'incoming', confidential: true });
    const listed = (await asAdmin('registers.list', {})) as { registers: { name: string; confidential: boolean }[] };
    expect(listed.registers).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Sổ văn bản đến mật', confidential: true })]));
    expect((await p.users.clerk.call('registers.list', { direction: 'incoming' })).registers.map((r) => r.name)).toContain('Sổ văn bản đến mật');
    // The admin still cannot read documents.
    expect((await errorOf(asAdmin('documents.list', { direction: 'incoming' }))).code).toBe('FORBIDDEN');
  });

  it('a second register whose name differs only in case, spacing or diacritics is refused at the name field; the other direction may reuse it', async () => {
    const first = (await asAdmin('registers.create', { name: 'Sổ văn bản mật', direction: 'incoming' })) as { register: { id: number } };
    for (const name of ['sổ văn bản mật', '  Sổ  văn bản   mật ', 'So van ban mat']) {
      const e = await errorOf(asAdmin('registers.create', { name, direction: 'incoming' }));
      expect(e.code).toBe('VALIDATION');
      expect(e.fields).toEqual([expect.objectContaining({ path: 'name', code: 'taken' })]);
      expect(e.message).toContain('Sổ văn bản mật');
    }
    await asAdmin('registers.create', { name: 'Sổ văn bản mật', direction: 'outgoing' });
    // Renaming onto another register's name is refused too; keeping one's own name is fine.
    const other = (await asAdmin('registers.create', { name: 'Sổ công văn', direction: 'incoming' })) as { register: { id: number } };
    expect((await errorOf(asAdmin('registers.update', { id: other.register.id, name: 'SỔ VĂN BẢN MẬT' }))).fields).toEqual([expect.objectContaining({ path: 'name', code: 'taken' })]);
    await asAdmin('registers.update', { id: first.register.id, name: 'Sổ văn bản MẬT' });
    const names = ((await asAdmin('registers.list', { direction: 'incoming' })) as { registers: { name: string }[] }).registers.map((r) => r.name);
    expect(names.filter((n) => n.toLowerCase().includes('mật'))).toEqual(['Sổ văn bản MẬT']);
  });
});
