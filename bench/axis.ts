import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { AxisClient } from '../core/exchange/axisClient';
import { buildEdxml, sha256Hex, type ExchangeDocument } from '../core/exchange/edxml';
import { AxisStore } from '../server/axis/store';
import { round, stats, type BenchResult } from './types';

// Packages per second through the axis stub on loopback (each with a 100 KB PDF), against raw
// loopback HTTP POSTs of the same bytes to a bare Node server in the same run; then the stub's RSS
// with 1k packages stored (sent through HTTP) and with 100k stored (seeded straight into its store,
// since 100k sends with fsync per commit would take far longer than a benchmark should).

const PDF_BYTES = 100 * 1024;
const SENDS = 300;
const ROUNDS = 5;
// As many in flight as the app's sender keeps (core/exchange/sync/sender.ts SEND_CONCURRENCY).
const CONCURRENCY = 16;
const SEEDED = 100_000;

function pdf(i: number): Uint8Array {
  const head = Buffer.from(`%PDF-1.7\n% package ${i}\n`, 'latin1');
  return new Uint8Array(Buffer.concat([head, randomBytes(PDF_BYTES - head.length - 6), Buffer.from('\n%%EOF')]));
}

function document(i: number, attachmentBytes: Uint8Array | null): ExchangeDocument {
  return {
    from: { organId: 'H17.01', organName: 'Văn phòng UBND tỉnh' },
    to: [{ organId: 'H17.02', organName: 'Sở Nội vụ' }],
    documentId: `H17.01,2026/11/20,${i}/UBND-VP`,
    code: { codeNumber: String(i), codeNotation: 'UBND-VP' },
    promulgationInfo: { place: 'Ninh Bình', promulgationDate: '2026-11-20' },
    documentType: { type: 1, typeName: 'Công văn' },
    subject: `Về việc triển khai nhiệm vụ số ${i}`,
    signerInfo: { fullName: 'Nguyễn Văn A', position: 'Chánh Văn phòng' },
    toPlaces: [],
    otherInfo: { priority: 0, appendixes: [] },
    responseFor: [],
    traceHeaders: [{ organId: 'H17.01', timestamp: '2026-11-20T09:00:00+07:00' }],
    business: { docType: 0 },
    attachments: attachmentBytes ? [{ contentId: `a${i}`, name: `cv-${i}.pdf`, mimeType: 'application/pdf', bytes: attachmentBytes, sha256: '' }] : [],
  };
}

async function spawnNode(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (c) => reject(new Error(`exited ${c}`)));
    lines.once('line', (l) => resolve((JSON.parse(l) as { listening: string }).listening));
  });
  return { child, url };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

const BARE = `require('http').createServer((q, s) => { const c = []; q.on('data', (d) => c.push(d)); q.on('end', () => { const b = JSON.stringify({ ok: true, size: Buffer.concat(c).length }); s.writeHead(201, { 'content-type': 'application/json' }); s.end(b); }); }).listen(0, '127.0.0.1', function () { console.log(JSON.stringify({ listening: 'http://127.0.0.1:' + this.address().port })); });`;

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
  return (performance.now() - t0) / 1000;
}

function folderBytes(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? folderBytes(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).size;
  return n;
}

async function admin(url: string, token: string, method: string, route: string, body?: unknown): Promise<unknown> {
  const res = await fetch(url + route, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${route}: ${res.status}`);
  return res.json();
}

async function connect(url: string, token: string, name: string, organId: string): Promise<AxisClient> {
  const { systemId, secret } = (await admin(url, token, 'POST', '/admin/systems', { name })) as { systemId: string; secret: string };
  const c = new AxisClient({ baseUrl: url, systemId, secret });
  await c.registerAgency({ organId, organName: name });
  return c;
}

export async function run(): Promise<BenchResult> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-bench-axis-'));
  try {
    const packages = Array.from({ length: SENDS }, (_, i) => Buffer.from(buildEdxml(document(i, pdf(i)))));
    // Warm-up packages (JIT, connection pools) for both sides, not counted.
    const warmup = Array.from({ length: 20 }, (_, i) => Buffer.from(buildEdxml(document(800_000 + i, pdf(800_000 + i)))));
    // Everything is built before the first request: building blocks this process, and a blocked
    // client hands stale keep-alive sockets to fetch.
    const more = Array.from({ length: 1000 - SENDS - warmup.length }, (_, i) => Buffer.from(buildEdxml(document(SENDS + i, pdf(SENDS + i)))));
    const extra = Array.from({ length: 100 }, (_, i) => Buffer.from(buildEdxml(document(900_000 + i, pdf(900_000 + i)))));
    const packageBytes = packages[0]!.length;

    // Baseline: the same bytes POSTed to a bare Node HTTP server, same client, same concurrency.
    // Both servers run side by side and the two are measured in alternating rounds, so a burst of
    // load from other work on the machine hits both alike; the ratio is the median of the rounds.
    const bare = await spawnNode(['-e', BARE]);
    // node:http with kept-alive connections, as AxisClient uses.
    const bareAgent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const postBare = (p: Buffer) =>
      new Promise<void>((resolve, reject) => {
        const req = http.request(`${bare.url}/`, { method: 'POST', agent: bareAgent, headers: { 'content-type': 'application/xml', 'content-length': p.length } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => (JSON.parse(Buffer.concat(chunks).toString()) as { ok: boolean }).ok ? resolve() : reject(new Error('bare server refused')));
        });
        req.on('error', reject);
        req.end(p);
      });
    const dataDir = path.join(root, 'stub');
    let axis = await spawnNode(['--import', 'tsx', 'server/axis/main.ts', '--port', '0', '--data-dir', dataDir]);
    const token = fs.readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim();
    const idle = (await admin(axis.url, token, 'GET', '/admin/stats')) as { rssBytes: number };
    const sender = await connect(axis.url, token, 'Văn phòng UBND tỉnh', 'H17.01');
    const receiver = await connect(axis.url, token, 'Sở Nội vụ', 'H17.02');
    await pool(warmup, CONCURRENCY, postBare);
    await pool(warmup, CONCURRENCY, async (p) => void (await sender.sendEdoc(p)));
    const sendLatency: number[] = [];
    type Stats = { edocs: number; rssBytes: number; cpuMicros: number; groupCommits: { commits: number; writes: number } };
    const statsBeforeSends = (await admin(axis.url, token, 'GET', '/admin/stats')) as Stats;
    const cpuBeforeSends = statsBeforeSends.cpuMicros;
    const rounds: { bare: number; stub: number }[] = [];
    const perRound = SENDS / ROUNDS;
    for (let r = 0; r < ROUNDS; r++) {
      const slice = packages.slice(r * perRound, (r + 1) * perRound);
      const bareSeconds = await pool(slice, CONCURRENCY, postBare);
      const stubSeconds = await pool(slice, CONCURRENCY, async (p) => {
        const t0 = performance.now();
        await sender.sendEdoc(p);
        sendLatency.push(performance.now() - t0);
      });
      rounds.push({ bare: slice.length / bareSeconds, stub: slice.length / stubSeconds });
    }
    bareAgent.destroy();
    await stop(bare.child);
    const cpuAfterSends = ((await admin(axis.url, token, 'GET', '/admin/stats')) as Stats).cpuMicros;
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

    // Receive side: list, download, acknowledge.
    const received: string[] = [];
    const t0 = performance.now();
    const cpuBeforeReceive = cpuAfterSends;
    for (;;) {
      const { documents } = await receiver.getReceivedEdocList({ limit: 100 });
      if (documents.length === 0) break;
      await pool(documents, CONCURRENCY, async (d) => {
        const bytes = await receiver.getEdoc(d.edocId);
        if (sha256Hex(bytes) !== d.sha256) throw new Error('downloaded package does not match its hash');
        await receiver.updateStatus(d.edocId, { status: 'done' });
        received.push(d.edocId);
      });
    }
    const receiveSeconds = (performance.now() - t0) / 1000;
    const statsAfterReceive = (await admin(axis.url, token, 'GET', '/admin/stats')) as Stats;
    const cpuAfterReceive = statsAfterReceive.cpuMicros;
    const groupCommits = statsAfterReceive.groupCommits.commits - statsBeforeSends.groupCommits.commits;
    const groupWrites = statsAfterReceive.groupCommits.writes - statsBeforeSends.groupCommits.writes;

    // Fill to 1k stored packages through HTTP, then read the stub's RSS.
    await pool(more, CONCURRENCY, async (p) => void (await sender.sendEdoc(p)));
    const listAt1k = performance.now();
    await receiver.getReceivedEdocList({ limit: 100 });
    const list1kMs = performance.now() - listAt1k;
    const stats1k = (await admin(axis.url, token, 'GET', '/admin/stats')) as { edocs: number; rssBytes: number };
    await stop(axis.child);

    // 100k: seed small packages (no attachment, ~3 KB) directly into the store, then restart the stub.
    const seedStart = performance.now();
    const store = new AxisStore(dataDir);
    const senderSystem = store.agency('H17.01')!.systemId;
    const insert = store.db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const bytes = Buffer.from(buildEdxml(document(10_000 + i, null)));
        // Seeding only: files are not flushed one by one (a real send flushes each before answering).
        store.storeEdoc({ kind: 'document', senderSystem, fromOrgan: 'H17.01', documentId: `H17.01,2026/11/20,${10_000 + i}/UBND-VP`, subject: 'seed', bodySha256: sha256Hex(bytes), sha256: sha256Hex(bytes), packageBytes: bytes, recipients: ['H17.02'] }, { durable: false });
      }
    });
    const target = SEEDED - stats1k.edocs;
    for (let i = 0; i < target; i += 5000) insert(i, Math.min(target, i + 5000));
    store.close();
    const seedSeconds = (performance.now() - seedStart) / 1000;
    axis = await spawnNode(['--import', 'tsx', 'server/axis/main.ts', '--port', '0', '--data-dir', dataDir]);
    const receiver100k = new AxisClient({ ...(receiver as unknown as { opts: { systemId: string; secret: string } }).opts, baseUrl: axis.url });
    const sender100k = new AxisClient({ ...(sender as unknown as { opts: { systemId: string; secret: string } }).opts, baseUrl: axis.url });
    const listTimes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const s = performance.now();
      await receiver100k.getReceivedEdocList({ limit: 100 });
      listTimes.push(performance.now() - s);
    }
    const send100kSeconds = await pool(extra, CONCURRENCY, async (p) => void (await sender100k.sendEdoc(p)));
    const stats100k = (await admin(axis.url, token, 'GET', '/admin/stats')) as { edocs: number; rssBytes: number };
    await stop(axis.child);
    const dbBytes = ['axis.db', 'axis.db-wal'].reduce((n, f) => n + (fs.existsSync(path.join(dataDir, f)) ? fs.statSync(path.join(dataDir, f)).size : 0), 0);
    const fileBytes = folderBytes(path.join(dataDir, 'packages'));

    const stubRate = median(rounds.map((r) => r.stub));
    const bareRate = median(rounds.map((r) => r.bare));
    const ratio = median(rounds.map((r) => r.stub / r.bare));
    const lat = stats(sendLatency);
    return {
      name: 'axis',
      figures: [
        { metric: 'sendEdoc throughput (100 KB PDF each)', value: round(stubRate, 1), unit: 'packages/s', baseline: { what: 'raw loopback POST of the same bytes', value: round(bareRate, 1), unit: 'req/s' }, ratio: round(ratio, 3), note: `median of ${ROUNDS} alternating rounds; ${CONCURRENCY} in flight, ${SENDS} packages of ${packageBytes} bytes; load average ${os.loadavg()[0]!.toFixed(1)} at the end` },
        { metric: 'sendEdoc latency p50 / p95', value: round(lat.p50, 1), unit: 'ms', note: `p95 ${round(lat.p95, 1)} ms` },
        { metric: 'stub CPU per sendEdoc', value: round((cpuAfterSends - cpuBeforeSends) / 1000 / SENDS, 2), unit: 'ms', note: 'user+system CPU of the stub process; unlike wall-clock rates, not inflated by other load on the machine' },
        { metric: 'stub CPU per receive (list share + getEdoc + ack)', value: round((cpuAfterReceive - cpuBeforeReceive) / 1000 / received.length, 2), unit: 'ms' },
        { metric: 'receive (list + getEdoc + ack done)', value: round(received.length / receiveSeconds, 1), unit: 'packages/s' },
        { metric: 'stub RSS idle (empty store)', value: round(idle.rssBytes / 2 ** 20, 1), unit: 'MiB', note: 'Node + tsx + SQLite, before any package' },
        { metric: 'stub RSS at 1k stored packages', value: round(stats1k.rssBytes / 2 ** 20, 1), unit: 'MiB', note: `${stats1k.edocs} packages, all sent over HTTP; list of 100 took ${round(list1kMs, 1)} ms` },
        { metric: 'stub RSS at 100k stored packages', value: round(stats100k.rssBytes / 2 ** 20, 1), unit: 'MiB', note: `${stats100k.edocs} packages (1k via HTTP + seeded in ${round(seedSeconds, 1)} s straight into the store), after 20 lists and 100 sends` },
        { metric: 'getReceivedEdocList p50 at 100k', value: round(stats(listTimes).p50, 2), unit: 'ms', note: 'limit 100, ~99k waiting for the receiver' },
        { metric: 'sendEdoc throughput at 100k stored', value: round(100 / send100kSeconds, 1), unit: 'packages/s' },
        { metric: 'store size at 100k', value: round((dbBytes + fileBytes) / 2 ** 20, 1), unit: 'MiB', note: `SQLite ${round(dbBytes / 2 ** 20, 1)} MiB (rows, and packages under 16 KB) + package segment log ${round(fileBytes / 2 ** 20, 1)} MiB` },
        { metric: 'sends per commit (group commit)', value: round(groupWrites / Math.max(1, groupCommits), 1), unit: 'sends', note: `${groupWrites} sends and acknowledgements in ${groupCommits} transactions during the timed rounds and the receive` },
      ],
      details: { rounds, receiveSeconds, packageBytes, seeded: target, loadAverage: os.loadavg() },
    };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
