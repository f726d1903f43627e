import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { addUser, initAgency, login, openCore } from '../../support/core';

function tamper(core: ReturnType<typeof openCore>, sql: string): void {
  // An attacker with the file: drops the append-only triggers and edits rows directly.
  core.db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
  core.db.exec(sql);
}

describe('audit log', { timeout: 60_000 }, () => {
  it('records every state change with who, what and before/after', async () => {
    const core = openCore();
    await initAgency(core);
    const id = await addUser(core, 'clerk1', ['clerk']);
    const admin = await login(core, 'admin');
    await core.call('users.update', { id, roles: ['clerk', 'leader'] }, { sessionToken: admin });
    const { entries } = await core.call('audit.list', { limit: 50 }, { sessionToken: admin });
    const actions = entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['agency.create', 'unit.create', 'user.create', 'session.login', 'user.update']));
    const update = entries.find((e) => e.action === 'user.update')!;
    expect(update.actor).toBe('user:admin');
    expect((update.before as { roles: string[] }).roles).toEqual(['clerk']);
    expect((update.after as { roles: string[] }).roles).toEqual(['clerk', 'leader']);
  });

  it('cannot be edited or deleted through SQL while its triggers stand', async () => {
    const core = openCore();
    await initAgency(core);
    expect(() => core.db.exec("UPDATE audit_log SET actor = 'x' WHERE seq = 1")).toThrow(/append-only/);
    expect(() => core.db.exec('DELETE FROM audit_log WHERE seq = 1')).toThrow(/append-only/);
  });

  it('verify finds an edited entry', async () => {
    const core = openCore();
    await initAgency(core);
    await addUser(core, 'clerk1', ['clerk']);
    expect(core.audit.verify().ok).toBe(true);
    tamper(core, "UPDATE audit_log SET actor = 'system:someone-else' WHERE seq = 2");
    const r = core.audit.verify();
    expect(r.ok).toBe(false);
    expect(r.problems).toContainEqual({ seq: 2, problem: expect.stringContaining('changed') });
  });

  it('verify finds an entry deleted from the middle and entries cut from the end', async () => {
    const core = openCore();
    await initAgency(core);
    for (const u of ['a1', 'a2', 'a3']) await addUser(core, u, ['clerk']);
    const total = core.audit.verify().entries;
    tamper(core, 'DELETE FROM audit_log WHERE seq = 3');
    expect(core.audit.verify().problems.map((p) => p.seq)).toContain(3);
    tamper(core, `DELETE FROM audit_log WHERE seq = ${total}`);
    expect(core.audit.verify().problems.some((p) => p.problem.includes('newest'))).toBe(true);
  });

  it('`vanthu audit verify` exits 1 and names the entry when the log was edited', async () => {
    const core = openCore();
    await initAgency(core);
    tamper(core, "UPDATE audit_log SET after_json = '{}' WHERE seq = 1");
    const dataDir = core.dataDir;
    core.close();
    const r = spawnSync(process.execPath, [path.resolve('bin/vanthu.mjs'), 'audit', 'verify', '--data-dir', dataDir], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/BROKEN[\s\S]*entry 1/);
  });
});
