import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { buildStatusEdxml, parseEdxml } from '../core/exchange/edxml';
import { exchangeOf } from '../core/exchange/index';
import { sampleStatus } from '../tests/unit/exchange/fixtures';
import { SEND_CONCURRENCY } from '../core/exchange/sync/sender';
import { DEPARTMENT, openAgency, tempDir, type Agency } from '../tests/integration/exchange/world';
import { startProfiler } from './profiler';
import { round, stats, type BenchResult } from './types';

// End-to-end exchange through the axis stub on loopback: released documents (one 100 KB PDF each)
// from the sender's outbox to the receiver's intake, against the raw cost of moving the same
// package bytes over loopback HTTP (one upload and one download each, as the axis path needs)
// measured in the same run. The axis runs as its own process (`npm run axis`), as it does in the
// field, and so does each agency: the sender here, the receiver in bench/exchangeReceiver.ts
// (running the app's own background loop). The latency runs take turns in this process.
//
// Looking inside (none of these change the figures' method):
//   VANTHU_BENCH_PROF=<prefix>   V8 CPU profiles of the sender and the receiver over each timed
//                                round only: <prefix>.<round>.sender / .receiver
//   VANTHU_BENCH_MARKS=1         prints the monotonic clock at each round's start and end, for
//                                `perf record -k CLOCK_MONOTONIC -a` then `perf report --time a,b`
//   VANTHU_BENCH_AXIS_NODE_ARGS  extra node flags for the axis process (e.g. --cpu-prof)

const BATCH = Number(process.env.VANTHU_BENCH_EXCHANGE_DOCS ?? 200);
const WARMUP = Number(process.env.VANTHU_BENCH_EXCHANGE_WARMUP ?? 200);
const ROUNDS = Number(process.env.VANTHU_BENCH_EXCHANGE_ROUNDS ?? 5);
const LATENCY_SAMPLES = Number(process.env.VANTHU_BENCH_EXCHANGE_LATENCY ?? 20);
const PDF_BYTES = 100 * 1024;

function pdfOf(size: number, label: string): Uint8Array {
  const head = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n% ${label}\n`;
  const tail = 'trailer<</Root 1 0 R>>\n%%EOF\n';
  // Incompressible filler in a comment: the package carries the full 100 KB.
  const filler = '%' + randomBytes(Math.ceil((size - head.length - tail.length) * 0.75)).toString('base64').slice(0, size - head.length - tail.length - 2) + '\n';
  return new Uint8Array(Buffer.from(head + filler + tail, 'latin1'));
}

async function numbered(a: Agency, i: number): Promise<number> {
  const b64 = Buffer.from(pdfOf(PDF_BYTES, `bench ${i} ${randomBytes(4).toString('hex')}`)).toString('base64');
  const d = (await a.call('outgoing.createDraft', { typeCode: 'CV', subject: `V/v đo hiệu năng trao đổi số ${i}` })).document;
  await a.call('outgoing.submitForApproval', { id: d.id, steps: [{ kind: 'approve', userId: a.ids.leader }] });
  await a.call('outgoing.approve', { id: d.id });
  await a.call('outgoing.markSigned', { id: d.id, file: { fileName: 'cong-van.pdf', contentBase64: b64 } });
  await a.call('outgoing.register', { id: d.id, registerId: a.ids.outgoingRegister });
  return d.id;
}

const release = (a: Agency, id: number) => a.call('outgoing.release', { id, recipients: [{ kind: 'agency', agencyCode: DEPARTMENT.code, name: DEPARTMENT.name }] });
const intakeCount = (a: Agency) => (a.core.db.prepare('SELECT count(*) AS n FROM exchange_intake').get() as { n: number }).n;

/** One profile after another: a send pass, then a receive pass (the latency runs). */
async function pump(sender: Agency, receiver: Agency, until: () => boolean): Promise<void> {
  while (!until()) {
    await exchangeOf(sender.core).syncNow();
    await exchangeOf(receiver.core).syncNow();
  }
}

/**
 * The receiving agency in its own process (bench/exchangeReceiver.ts), as another office's app is:
 * it long-polls the axis and reports its intake count after each pass.
 */
interface ReceiverProcess {
  child: ChildProcess;
  intake: number;
  /** Resolves once the receiver's intake holds at least `n` packages. */
  reach(n: number): Promise<void>;
  /** User + system CPU the receiver process has used so far, µs. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

let profiled = 0;

async function startReceiverProcess(dataDir: string): Promise<ReceiverProcess> {
  const child = fork(path.resolve('bench', 'exchangeReceiver.ts'), [dataDir], { execArgv: [...(process.env.VANTHU_BENCH_RECEIVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiters: { n: number; resolve(): void }[] = [];
  let cpuReply: ((micros: number) => void) | undefined;
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const r: ReceiverProcess = {
    child,
    intake: -1,
    reach: (n) => (r.intake >= n ? Promise.resolve() : new Promise<void>((resolve, reject) => {
      waiters.push({ n, resolve });
      void exited.then((code) => reject(new Error(`the receiver process exited (${code}) before its intake reached ${n}`)));
    })),
    cpuMicros: () => new Promise<number>((resolve) => {
      cpuReply = resolve;
      child.send({ type: 'cpu' });
    }),
    stop: async () => {
      child.send({ type: 'stop' });
      await exited;
    },
  };
  let started: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (started = resolve));
  child.on('message', (m: { type: string; intake?: number; micros?: number }) => {
    if (m.type === 'cpu') cpuReply?.(m.micros!);
    if (m.type !== 'progress') return;
    r.intake = m.intake!;
    started();
    for (const w of [...waiters]) if (r.intake >= w.n) waiters.splice(waiters.indexOf(w), 1)[0]!.resolve();
  });
  await Promise.race([ready, exited.then((code) => Promise.reject(new Error(`the receiver process exited (${code}) at start`)))]);
  return r;
}

/** The sending agency's loop (this process): sends until its queue is empty. */
async function sendAll(sender: Agency): Promise<void> {
  const queued = () => (sender.core.db.prepare("SELECT count(*) AS n FROM exchange_outbox WHERE state = 'queued'").get() as { n: number }).n;
  while (queued() > 0) {
    const t = performance.now();
    const r = await exchangeOf(sender.core).syncNow();
    if (process.env.VANTHU_BENCH_TRACE) console.error(`sender pass ${Math.round(performance.now() - t)} ms: sent ${r.sent}, received ${JSON.stringify(r.received)}`);
  }
}

interface AxisProcess {
  child: ChildProcess;
  url: string;
  token: string;
}

async function startAxisProcess(dataDir: string): Promise<AxisProcess> {
  const extra = process.env.VANTHU_BENCH_AXIS_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', 'server/axis/main.ts', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (c) => reject(new Error(`the axis exited with ${c}`)));
    createInterface({ input: child.stdout! }).once('line', (l) => resolve((JSON.parse(l) as { listening: string }).listening));
  });
  return { child, url, token: fs.readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim() };
}

async function admin<T>(axis: AxisProcess, method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(axis.url + route, { method, headers: { authorization: `Bearer ${axis.token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${route}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

async function connectTo(axis: AxisProcess, a: Agency): Promise<void> {
  a.creds = await admin(axis, 'POST', '/admin/systems', { name: a.key });
  await a.call('exchange.configure', { axisUrl: axis.url, systemId: a.creds.systemId, secret: a.creds.secret, enabled: true, registerAgency: true });
}

type AxisStats = { cpuMicros: number; rssBytes: number; groupCommits: { commits: number; writes: number }; requests: Record<string, number> };

/** A bare Node server in its own process (as the axis is): keeps each upload in memory, serves it back. */
const BARE_SERVER = `const kept = new Map(); require('http').createServer((q, s) => { const c = []; q.on('data', (d) => c.push(d)); q.on('end', () => {
  if (q.method === 'POST') { const id = String(kept.size); kept.set(id, Buffer.concat(c)); s.end(id); }
  else { const b = kept.get(q.url.slice(1)); s.writeHead(200, { 'content-length': b.length }); s.end(b); } }); })
  .listen(0, '127.0.0.1', function () { console.log(JSON.stringify({ listening: 'http://127.0.0.1:' + this.address().port })); });`;

/** The same bytes over plain loopback HTTP: upload to a server that keeps them, download them back. */
async function rawHttp(packages: Buffer[]): Promise<number> {
  const child = spawn(process.execPath, ['-e', BARE_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise<string>((resolve, reject) => {
    child.once('exit', (c) => reject(new Error(`the bare server exited with ${c}`)));
    createInterface({ input: child.stdout! }).once('line', (l) => resolve(`${(JSON.parse(l) as { listening: string }).listening}/`));
  });
  // node:http with kept-alive connections, as the axis client uses; as many in flight as the sender keeps.
  const agent = new http.Agent({ keepAlive: true, maxSockets: SEND_CONCURRENCY });
  const exchange = (method: string, p: string, body?: Buffer) =>
    new Promise<Buffer>((resolve, reject) => {
      const req = http.request(base + p, { method, agent, headers: body ? { 'content-length': body.length, 'content-type': 'application/xml' } : {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks)));
      });
      req.on('error', reject);
      req.end(body);
    });
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: SEND_CONCURRENCY }, async () => {
    while (next < packages.length) {
      const p = packages[next++]!;
      const id = (await exchange('POST', '', p)).toString();
      await exchange('GET', id);
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  return packages.length / seconds;
}

/** The first document package and the first status package the sender's outbox holds. */
function packages0(a: Agency): { document: Buffer; status: Buffer } {
  const row = a.core.db.prepare("SELECT id FROM exchange_outbox WHERE kind = 'document' LIMIT 1").get() as { id: number };
  const document = Buffer.from(exchangeOf(a.core).outboxPackage(row.id)!);
  return { document, status: Buffer.from(buildStatusEdxml(sampleStatus()), 'utf8') };
}

/** What reading a package costs, against fast-xml-parser (validator + tree) on the same text. */
function readingCost(p: { document: Buffer; status: Buffer }): { ours: number; fxp: number; statusOurs: number; statusFxp: number; n: number } {
  const n = 300;
  const fxp = new XMLParser({ preserveOrder: true, ignoreAttributes: false, processEntities: false, parseTagValue: false, trimValues: false });
  const time = (f: () => unknown) => {
    for (let i = 0; i < 30; i++) f();
    const samples: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      f();
      samples.push(performance.now() - t);
    }
    return stats(samples).p50;
  };
  const viaFxp = (b: Buffer) => () => {
    const text = b.toString('utf8');
    if (XMLValidator.validate(text) !== true) throw new Error('not valid');
    return fxp.parse(text);
  };
  return {
    ours: time(() => parseEdxml(p.document)),
    fxp: time(viaFxp(p.document)),
    statusOurs: time(() => parseEdxml(p.status)),
    statusFxp: time(viaFxp(p.status)),
    n,
  };
}

export async function run(): Promise<BenchResult> {
  const root = tempDir('vanthu-bench-exchange-');
  const axis = await startAxisProcess(path.join(root, 'axis'));
  const province = await openAgency('province', root);
  const department = await openAgency('department', root);
  try {
    await connectTo(axis, province);
    await connectTo(axis, department);

    // Throughput: release a batch, then deliver it. A warm-up batch the size of a round first (a
    // running office app has its code compiled and its connections open; after 50 packages, kernel
    // profiles still showed the JIT compiling during the timed rounds), then ROUNDS timed batches,
    // each against the raw loopback baseline measured right after it; the medians are reported
    // (5 rounds: single rounds vary by ±20 % on these machines).
    const deliver = async (size: number, from: number) => {
      const batch: number[] = [];
      for (let i = 0; i < size; i++) batch.push(await numbered(province, from + i));
      for (const id of batch) await release(province, id);
      const target = receiver.intake + size;
      const axisBefore = await admin<AxisStats>(axis, 'GET', '/admin/stats');
      const receiverBefore = await receiver.cpuMicros();
      const cpuBefore = process.cpuUsage();
      const t0 = performance.now();
      // For kernel profiles of the timed part only (perf record -k CLOCK_MONOTONIC, then --time).
      const mark = (what: string) => process.env.VANTHU_BENCH_MARKS && console.error(`${what} ${(Number(process.hrtime.bigint()) / 1e9).toFixed(6)}`);
      mark('round-start');
      const profileTo = process.env.VANTHU_BENCH_PROF && size === BATCH ? `${process.env.VANTHU_BENCH_PROF}.${++profiled}` : undefined;
      const profiling = profileTo ? await startProfiler() : undefined;
      if (profileTo) receiver.child.send({ type: 'profile-start' });
      await Promise.all([sendAll(province), receiver.reach(target)]);
      if (profileTo) receiver.child.send({ type: 'profile-stop', file: `${profileTo}.receiver` });
      if (profiling) fs.writeFileSync(`${profileTo}.sender`, JSON.stringify(await profiling()));
      mark('round-end');
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      const receiverMicros = (await receiver.cpuMicros()) - receiverBefore;
      const axisAfter = await admin<AxisStats>(axis, 'GET', '/admin/stats');
      return {
        rate: size / seconds,
        seconds,
        appCpuMs: (cpu.user + cpu.system + receiverMicros) / 1000 / size,
        senderCpuMs: (cpu.user + cpu.system) / 1000 / size,
        receiverCpuMs: receiverMicros / 1000 / size,
        appSystemShare: cpu.system / Math.max(1, cpu.user + cpu.system),
        axisCpuMs: (axisAfter.cpuMicros - axisBefore.cpuMicros) / 1000 / size,
        commits: axisAfter.groupCommits.commits - axisBefore.groupCommits.commits,
        writes: axisAfter.groupCommits.writes - axisBefore.groupCommits.writes,
        requests: Object.fromEntries(Object.entries(axisAfter.requests).map(([k, n]) => [k, n - (axisBefore.requests[k] ?? 0)])),
      };
    };
    // The receiving office runs in its own process for the throughput rounds.
    department.core.close();
    const receiver = await startReceiverProcess(department.dir);
    await deliver(WARMUP, 5_000);
    const rounds: (Awaited<ReturnType<typeof deliver>> & { raw: number })[] = [];
    let avgPackage = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const round1 = await deliver(BATCH, 10_000 * (r + 1));
      const packages = (province.core.db.prepare("SELECT id FROM exchange_outbox WHERE kind = 'document' ORDER BY id DESC LIMIT ?").all(BATCH) as { id: number }[]).map(
        (row) => Buffer.from(exchangeOf(province.core).outboxPackage(row.id)!),
      );
      avgPackage = packages.reduce((sum, p) => sum + p.length, 0) / packages.length;
      rounds.push({ ...round1, raw: await rawHttp(packages) });
    }
    await receiver.stop();
    department.reopen();
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const mid = [...rounds].sort((a, b) => a.rate - b.rate)[Math.floor(rounds.length / 2)]!;
    const e2eRate = mid.rate;
    const rawRate = median(rounds.map((x) => x.raw));
    const appCpuMs = median(rounds.map((x) => x.appCpuMs));
    const axisCpuMs = median(rounds.map((x) => x.axisCpuMs));
    const appSystemShare = mid.appSystemShare;
    const e2eSeconds = mid.seconds;
    const commits = rounds.reduce((sum, x) => sum + x.commits, 0);
    const writes = rounds.reduce((sum, x) => sum + x.writes, 0);
    const requestsByKind = mid.requests;
    const each = (f: (x: (typeof rounds)[number]) => number, digits = 1) => rounds.map((x) => round(f(x), digits)).join(' / ');

    // Latency: one document at a time, release → in the receiver's intake.
    const single: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) single.push(await numbered(province, 1000 + i));
    const latencies: number[] = [];
    for (const id of single) {
      const before = intakeCount(department);
      const t = performance.now();
      await release(province, id);
      await pump(province, department, () => intakeCount(department) > before);
      latencies.push(performance.now() - t);
    }
    const lat = stats(latencies);
    const reading = readingCost(packages0(province));
    return {
      name: 'exchange',
      figures: [
        {
          metric: 'read one received package (safe edXML reader, 100 KB PDF)', value: round(reading.ours, 3), unit: 'ms',
          baseline: { what: 'fast-xml-parser validate + parse of the same package as text (a general reader; no pre-scan, no Base64 decoding, no hash)', value: round(reading.fxp, 3), unit: 'ms' }, ratio: round(reading.ours / reading.fxp, 3),
          note: `median of ${reading.n} reads; ours includes the pre-scan, Base64 decoding and the SHA-256 check of the attachment, the baseline only builds a tree; a status message: ${round(reading.statusOurs * 1000, 0)} µs (baseline ${round(reading.statusFxp * 1000, 0)} µs)`,
        },
        {
          metric: 'end-to-end packages/s (outbox → axis → intake, 100 KB PDF each)', value: round(e2eRate, 1), unit: 'packages/s',
          baseline: { what: `raw loopback HTTP upload+download of the same bytes, ${SEND_CONCURRENCY} in flight`, value: round(rawRate, 1), unit: 'packages/s' }, ratio: round(e2eRate / rawRate, 3),
          target: '≥ 200 packages/s',
          note: `median of ${ROUNDS} rounds (${each((x) => x.rate)} packages/s; baseline ${each((x) => x.raw)}) after a warm-up of ${WARMUP}; ${BATCH} packages of ${Math.round(avgPackage / 1024)} KB per round, the median one in ${round(e2eSeconds, 2)} s; the axis and each agency in its own process; load average ${os.loadavg()[0]!.toFixed(1)} at the end`,
        },
        { metric: 'send → intake latency p95', value: round(lat.p95, 1), unit: 'ms', target: '< 1000 ms on loopback', note: `p50 ${round(lat.p50, 1)} ms over ${lat.n} single releases (release, send pass, receive pass)` },
        { metric: 'CPU per package, both profiles (build, send, receive, verify, store)', value: round(appCpuMs, 2), unit: 'ms', note: `median of the rounds (${each((x) => x.appCpuMs, 2)}): sender ${each((x) => x.senderCpuMs, 2)} + receiver ${each((x) => x.receiverCpuMs, 2)}; user+system CPU of the two agency processes during the throughput run (sender ${Math.round(appSystemShare * 100)} % system); less sensitive to other load than the rates` },
        { metric: 'CPU per package, axis stub (accept, store, list, serve, acknowledge)', value: round(axisCpuMs, 2), unit: 'ms', note: `median of the rounds (${each((x) => x.axisCpuMs, 2)})` },
        {
          metric: 'axis requests per package', value: round((requestsByKind.total ?? 0) / BATCH, 2), unit: 'requests',
          note: `signed /v1 requests during the median round, by kind: ${Object.entries(requestsByKind).filter(([k]) => k !== 'total').map(([k, n]) => `${k} ${n}`).join(', ')}`,
        },
        { metric: 'axis writes per commit (group commit)', value: round(writes / Math.max(1, commits), 1), unit: 'writes', note: `${writes} sends and acknowledgements in ${commits} transactions` },
      ],
      details: { batch: BATCH, warmup: WARMUP, rounds, latencySamples: LATENCY_SAMPLES, packageBytes: Math.round(avgPackage), e2eSeconds, axisCommits: commits, axisWrites: writes, loadAverage: os.loadavg() },
    };
  } finally {
    province.core.close();
    department.core.close();
    const exited = new Promise((r) => axis.child.once('exit', r));
    axis.child.kill('SIGTERM');
    await exited;
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run().then((r) => console.log(JSON.stringify(r, null, 2)), (e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
