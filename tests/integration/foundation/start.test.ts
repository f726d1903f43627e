import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverBundleIsStale } from '../../../scripts/build.mjs';
import { tempDir } from '../../support/core';

// `npm start` on a machine without the Electron binary: one line saying so, then web mode, run from
// the prebuilt server bundle (built first when stale), not from the TypeScript sources.
describe('npm start', () => {
  it('falls back to web mode, says why in one line, and serves the API behind the printed token', async () => {
    const dataDir = path.join(tempDir(), 'profile');
    const child = spawn(process.execPath, ['scripts/start.mjs', '--data-dir', dataDir], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DISPLAY: '' } });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 90_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.on('exit', (c) => reject(new Error(`start exited ${c}: ${out}`)));
      });
      const notices = out.split('\n').filter((l) => l.includes('Electron is not available'));
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/web mode/);
      expect(out).not.toContain('running the TypeScript sources instead');
      expect(serverBundleIsStale()).toBe(false);
      const [base, token] = url.split('/#token=') as [string, string];
      const page = await fetch(`${base}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      const denied = await fetch(`${base}/api/call/system.status`, { method: 'POST', body: '{}' });
      expect(denied.status).toBe(401);
      const status = await (await fetch(`${base}/api/call/system.status`, { method: 'POST', headers: { 'x-vanthu-token': token }, body: '{}' })).json();
      expect(status).toMatchObject({ ok: true, result: { initialized: false } });
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }, 120_000);
});
