import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Core } from '../core/app';
import { ApiClient, httpTransport } from '../shared/api/client';
import { startWebServer } from '../server/web/server';
import { round, stats, type BenchResult } from './types';

// Web-mode cold start (process spawn → first answered API call) against a bare Node HTTP server
// started the same way, and API round trips over HTTP against direct in-process calls.

const PASSWORD = 'bench-pass-123';

async function coldStart(cmd: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, cmd, { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<{ base: string; token: string }>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+)\/(?:#token=([\w-]+))?/.exec(out);
        if (m) resolve({ base: m[1]!, token: m[2] ?? '' });
      });
      child.on('exit', (c) => reject(new Error(`exited ${c}: ${out}`)));
    });
    const res = await fetch(`${url.base}/api/call/system.status`, { method: 'POST', headers: { 'x-vanthu-token': url.token, 'content-type': 'application/json' }, body: '{}' });
    await res.json();
    return performance.now() - t0;
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
}

const BARE_SERVER = `require('http').createServer((q, s) => { q.resume(); q.on('end', () => s.end('{"ok":true}')); }).listen(0, '127.0.0.1', function () { console.log('http://127.0.0.1:' + this.address().port + '/'); });`;

export async function run(): Promise<BenchResult> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-bench-'));
  const dataDir = path.join(root, 'profile');
  const setup = Core.open({ dataDir });
  await setup.asSystem('bench')('setup.initialize', {
    agency: { name: 'UBND tỉnh Đo Lường', code: '000.00.00.H98', shortName: 'UBND' },
    units: [],
    admin: { username: 'admin', fullName: 'Admin', password: PASSWORD },
  });
  setup.close();

  const runs = 5;
  const vanthu: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    bare.push(await coldStart(['-e', BARE_SERVER], process.env));
    vanthu.push(await coldStart(['--import', 'tsx', 'server/web/main.ts', '--data-dir', dataDir], process.env));
  }
  const cs = stats(vanthu);
  const bs = stats(bare);

  const core = Core.open({ dataDir });
  const staticDir = fs.mkdtempSync(path.join(root, 'static-'));
  const server = await startWebServer({ core, staticDir });
  const client = new ApiClient(httpTransport(server.url, server.token));
  const { sessionToken } = await client.call('auth.login', { username: 'admin', password: PASSWORD });
  const n = 2000;
  const direct: number[] = [];
  const overHttp: number[] = [];
  for (let i = 0; i < 200; i++) {
    await core.call('auth.me', {}, { sessionToken });
    await client.call('auth.me', {});
  }
  for (let i = 0; i < n; i++) {
    let t = performance.now();
    await core.call('auth.me', {}, { sessionToken });
    direct.push(performance.now() - t);
    t = performance.now();
    await client.call('auth.me', {});
    overHttp.push(performance.now() - t);
  }
  await server.close();
  core.close();
  fs.rmSync(root, { recursive: true, force: true });
  const d = stats(direct);
  const h = stats(overHttp);
  return {
    name: 'foundation',
    figures: [
      { metric: 'web-mode cold start to first answered API call (median)', value: round(cs.p50, 0), unit: 'ms', baseline: { what: 'bare Node HTTP server, same spawn', value: round(bs.p50, 0), unit: 'ms' }, ratio: round(cs.p50 / bs.p50, 2), note: `${runs} runs; includes tsx compile of the sources` },
      { metric: 'web-mode cold start (p95)', value: round(cs.p95, 0), unit: 'ms', baseline: { what: 'bare Node HTTP server', value: round(bs.p95, 0), unit: 'ms' }, ratio: round(cs.p95 / bs.p95, 2) },
      { metric: 'API round trip auth.me over HTTP (p50)', value: round(h.p50), unit: 'ms', baseline: { what: 'direct call', value: round(d.p50), unit: 'ms' }, ratio: round(h.p50 / d.p50, 1) },
      { metric: 'API round trip auth.me over HTTP (p95)', value: round(h.p95), unit: 'ms', baseline: { what: 'direct call', value: round(d.p95), unit: 'ms' }, ratio: round(h.p95 / d.p95, 1) },
    ],
    details: { coldStartMs: vanthu.map((x) => round(x, 0)), bareStartMs: bare.map((x) => round(x, 0)), calls: n },
  };
}
