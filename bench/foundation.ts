import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Core } from '../core/app';
import { ApiClient, httpTransport } from '../shared/api/client';
import { startWebServer } from '../server/web/server';
import { ensureRendererBuilt } from '../tests/support/webapp';
import { round, stats, type BenchResult } from './types';
import { buildServer, SERVER_BUNDLE, serverBundleIsStale } from '../scripts/build.mjs';

// Web-mode cold start (process spawn → first answered API call) against a bare Node HTTP server
// started the same way (the prebuilt bundle, through scripts/start.mjs, and the old tsx way), and API round trips over HTTP against direct in-process calls.

const PASSWORD = 'bench-pass-123';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;

/** CPU time (user + system, all threads) a running process has used so far, in ms; NaN off Linux. */
function cpuMsOf(pid: number | undefined): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

interface Start {
  ms: number;
  cpuMs: number;
}

/** Spawns the command and times it to the first answered API call; CPU time read at that moment. */
async function coldStart(cmd: string[], env: NodeJS.ProcessEnv): Promise<Start> {
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
    return { ms: performance.now() - t0, cpuMs: cpuMsOf(child.pid) };
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

  // What `npm start` runs in web mode: the prebuilt bundle (built here first if stale, as start does).
  if (serverBundleIsStale()) await buildServer();
  const runs = 7;
  const bare: Start[] = [];
  const bundled: Start[] = [];
  const viaStart: Start[] = [];
  const sources: Start[] = [];
  const noDisplay = { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' };
  // start.mjs rebuilds a stale renderer first; time it only when that build is current and builds.
  let startSkipped = '';
  try {
    ensureRendererBuilt();
  } catch (e) {
    startSkipped = `not measured: the renderer does not build now (${(e as Error).message.split('\n')[0]})`;
  }
  for (let i = 0; i < runs; i++) {
    bare.push(await coldStart(['-e', BARE_SERVER], process.env));
    bundled.push(await coldStart([SERVER_BUNDLE, '--data-dir', dataDir], process.env));
    if (!startSkipped) viaStart.push(await coldStart(['scripts/start.mjs', '--web', '--data-dir', dataDir], noDisplay));
    // Before: the TypeScript sources through tsx (kept as the comparison; fewer runs, it is slow).
    if (i < 3) sources.push(await coldStart(['--import', 'tsx', 'server/web/main.ts', '--data-dir', dataDir], process.env));
  }
  const ms = (xs: Start[]) => stats(xs.map((x) => x.ms));
  const cpu = (xs: Start[]) => stats(xs.map((x) => x.cpuMs));
  const bs = ms(bare);
  const cs = ms(bundled);
  const ss = ms(viaStart);
  const ts = ms(sources);

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
      { metric: 'web-mode cold start to first answered API call (median)', value: round(cs.p50, 0), unit: 'ms', baseline: { what: 'bare Node HTTP server, same spawn', value: round(bs.p50, 0), unit: 'ms' }, ratio: round(cs.p50 / bs.p50, 2), note: `${runs} runs of node ${SERVER_BUNDLE} (prebuilt bundle), embedded axis included; load average ${os.loadavg()[0]!.toFixed(1)} at the end` },
      { metric: 'web-mode cold start (p95)', value: round(cs.p95, 0), unit: 'ms', baseline: { what: 'bare Node HTTP server', value: round(bs.p95, 0), unit: 'ms' }, ratio: round(cs.p95 / bs.p95, 2) },
      { metric: 'web-mode cold start, CPU time to first answer (median)', value: round(cpu(bundled).p50, 0), unit: 'ms', baseline: { what: 'bare Node HTTP server', value: round(cpu(bare).p50, 0), unit: 'ms' }, ratio: round(cpu(bundled).p50 / cpu(bare).p50, 2), note: 'user+system, all threads, 10 ms resolution; less sensitive to other load than wall time' },
      ...(startSkipped
        ? []
        : [{ metric: 'cold start through scripts/start.mjs --web (median)', value: round(ss.p50, 0), unit: 'ms', baseline: { what: 'bare Node HTTP server', value: round(bs.p50, 0), unit: 'ms' }, ratio: round(ss.p50 / bs.p50, 2), note: 'what `npm start` runs without npm itself: staleness checks, then the bundle in the same process' }]),
      { metric: 'cold start from the TypeScript sources via tsx (median, before)', value: round(ts.p50, 0), unit: 'ms', baseline: { what: 'bare Node HTTP server', value: round(bs.p50, 0), unit: 'ms' }, ratio: round(ts.p50 / bs.p50, 2), note: `${sources.length} runs; how npm start used to launch web mode` },
      { metric: 'API round trip auth.me over HTTP (p50)', value: round(h.p50), unit: 'ms', baseline: { what: 'direct call', value: round(d.p50), unit: 'ms' }, ratio: round(h.p50 / d.p50, 1) },
      { metric: 'API round trip auth.me over HTTP (p95)', value: round(h.p95), unit: 'ms', baseline: { what: 'direct call', value: round(d.p95), unit: 'ms' }, ratio: round(h.p95 / d.p95, 1) },
    ],
    details: { coldStartMs: bundled.map((x) => round(x.ms, 0)), coldStartCpuMs: bundled.map((x) => x.cpuMs), viaStartMs: viaStart.map((x) => round(x.ms, 0)), tsxStartMs: sources.map((x) => round(x.ms, 0)), bareStartMs: bare.map((x) => round(x.ms, 0)), bareCpuMs: bare.map((x) => x.cpuMs), ...(startSkipped ? { startSkipped } : {}), loadAverage: os.loadavg().map((x) => round(x, 2)), calls: n },
  };
}
