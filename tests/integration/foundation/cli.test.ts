import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/core';

const BIN = path.resolve('bin/vanthu.mjs');
function vanthu(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const INIT = ['init', '--agency-name', 'UBND tỉnh Thử', '--agency-code', '000.00.00.H99', '--short-name', 'UBND', '--admin-user', 'admin', '--admin-name', 'Quản trị', '--admin-password-env', 'ADMIN_PW', '--unit', 'Văn phòng:VP'];

// Each case spawns the CLI several times (a tsx start each): generous timeouts for loaded machines.
describe('vanthu command line', { timeout: 180_000 }, () => {
  it('sets up a profile, adds and lists users as JSON', () => {
    const dir = path.join(tempDir(), 'p');
    const init = vanthu([...INIT, '--data-dir', dir, '--json'], { ADMIN_PW: 'admin-pass-123' });
    expect(init.code).toBe(0);
    expect(JSON.parse(init.out).agency.code).toBe('000.00.00.H99');
    const add = vanthu(['users', 'add', '--data-dir', dir, '--username', 'vanthu1', '--full-name', 'Nguyễn Văn Thư', '--role', 'clerk', '--password-env', 'PW'], { PW: 'clerk-pass-123' });
    expect(add.code).toBe(0);
    const list = vanthu(['users', 'list', '--data-dir', dir, '--json']);
    expect(JSON.parse(list.out).map((u: { username: string }) => u.username)).toEqual(['admin', 'vanthu1']);
  });

  it('fails with one line and a non-zero exit on bad input', () => {
    const dir = path.join(tempDir(), 'p');
    const bad = vanthu([...INIT.map((a) => (a === '000.00.00.H99' ? 'g22' : a)), '--data-dir', dir], { ADMIN_PW: 'admin-pass-123' });
    expect(bad.code).not.toBe(0);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toContain('agency.code');
    const noPw = vanthu([...INIT, '--data-dir', dir]);
    expect(noPw.code).toBe(2);
    expect(noPw.err).toMatch(/ADMIN_PW/);
    const unknown = vanthu(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/Unknown command/);
    const badFlag = vanthu(['users', 'list', '--nope']);
    expect(badFlag.code).toBe(2);
  });

  it('prints errors as JSON with --json', () => {
    const r = vanthu(['users', 'add', '--data-dir', path.join(tempDir(), 'p'), '--username', 'x', '--full-name', 'X', '--role', 'wizard', '--password-env', 'PW', '--json'], { PW: 'pass-long-123' });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).error.code).toBe('VALIDATION');
  });

  it('creates the demo profiles with a user for every role', () => {
    const dir = tempDir();
    const r = vanthu(['demo', '--data-dir', dir, '--json']);
    expect(r.code).toBe(0);
    const demo = JSON.parse(r.out);
    expect(demo.profiles).toHaveLength(2);
    const users = JSON.parse(vanthu(['users', 'list', '--data-dir', demo.profiles[0].dataDir, '--json']).out);
    const roles = new Set(users.flatMap((u: { roles: string[] }) => u.roles));
    expect([...roles].sort()).toEqual(['admin', 'clerk', 'leader', 'secretary', 'specialist']);
  });

  it('backs up and restores, refusing a tampered backup', () => {
    const root = tempDir();
    const dir = path.join(root, 'p');
    vanthu([...INIT, '--data-dir', dir], { ADMIN_PW: 'admin-pass-123' });
    expect(vanthu(['backup', '--data-dir', dir, '--out', path.join(root, 'b')]).code).toBe(0);
    expect(vanthu(['restore', '--from', path.join(root, 'b'), '--data-dir', path.join(root, 'r')]).code).toBe(0);
    expect(JSON.parse(vanthu(['users', 'list', '--data-dir', path.join(root, 'r'), '--json']).out)).toHaveLength(1);
    fs.writeFileSync(path.join(root, 'b', 'vanthu.db'), 'garbage');
    const bad = vanthu(['restore', '--from', path.join(root, 'b'), '--data-dir', path.join(root, 'r2')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/BACKUP_INVALID/);
  });
});
