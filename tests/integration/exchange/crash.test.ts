import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import BetterSqlite3 from 'better-sqlite3';
import { build } from 'esbuild';
import { Core } from '../../../core/app';
import { AuditLog } from '../../../core/audit/index';
import { DEPARTMENT, PROVINCE, connect, numberedOutgoing, openAgency, tempDir } from './world';

// Exactly-once effect over an at-least-once channel, tested by killing things. Two app profiles
// and the axis stub run as separate processes; a random one of them is killed with SIGKILL at a
// random moment while documents and statuses are flowing, and restarted. The axis also drops
// connections, fails with 500, loses answers after committing, lists packages twice and out of
// order. At the end every released document must be in the receiver's intake exactly once,
// registered once, and both statuses (01, 03) must have reached the sender — nothing lost, nothing
// doubled. VANTHU_CRASH_KILLS (default 200), VANTHU_CRASH_SECONDS (chaos time cap, default 120)
// and VANTHU_CRASH_DOCS (default 24) scale it.

const KILLS = Number(process.env.VANTHU_CRASH_KILLS ?? 200);
const DOCS = Number(process.env.VANTHU_CRASH_DOCS ?? 24);
// A loaded machine restarts processes slower: the chaos also stops after this long (the count
// actually reached is printed, and must be a real number of kills).
const MAX_CHAOS_MS = Number(process.env.VANTHU_CRASH_SECONDS ?? 120) * 1000;
const CHAOS = { dropRate: 0.05, errorRate: 0.05, dropAfterCommitRate: 0.15, duplicateRate: 0.3, reorder: true, latencyMs: 2 };
const REPO = path.resolve(__dirname, '../../..');
// Inside node_modules so the bundles resolve packages (better-sqlite3, zod, …) from the repo.
// One folder per run, so two runs at once never read each other's half-written bundle.
const BUNDLE_DIR = path.join(REPO, 'node_modules', '.cache', 'vanthu-crash-harness', String(process.pid));

const root = tempDir('vanthu-crash-');
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(BUNDLE_DIR, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rand = (lo: number, hi: number) => lo + Math.random() * (hi - lo);

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Bundled once: a tsx start costs ~2 s, a bundled one ~0.5 s, which is what makes hundreds of restarts fit. */
async function bundle(): Promise<{ agent: string; axis: string }> {
  await build({
    entryPoints: { agent: path.join(REPO, 'tests/integration/exchange/crashAgent.ts'), axis: path.join(REPO, 'server/axis/main.ts') },
    bundle: true, platform: 'node', format: 'esm', packages: 'external', outdir: BUNDLE_DIR, logLevel: 'warning', target: 'node20',
  });
  return { agent: path.join(BUNDLE_DIR, 'agent.js'), axis: path.join(BUNDLE_DIR, 'axis.js') };
}

interface Proc {
  name: 'province' | 'department' | 'axis';
  child?: ChildProcess;
  ready: boolean;
  starts: number;
  kills: number;
  unexpectedExits: string[];
  errors: string[];
  start(): void;
}

function managed(name: Proc['name'], args: () => string[], env: () => Record<string, string>, readyWhen: (line: string) => boolean): Proc {
  const p: Proc = {
    name, ready: false, starts: 0, kills: 0, unexpectedExits: [], errors: [],
    start() {
      p.starts++;
      p.ready = false;
      const child = spawn(process.execPath, args(), { cwd: REPO, env: { ...process.env, ...env() }, stdio: ['ignore', 'pipe', 'pipe'] });
      p.child = child;
      createInterface({ input: child.stdout! }).on('line', (l) => {
        if (readyWhen(l)) p.ready = true;
      });
      createInterface({ input: child.stderr! }).on('line', (l) => {
        if (l.trim()) p.errors.push(l);
      });
      child.on('exit', (code, signal) => {
        if (signal !== 'SIGKILL') p.unexpectedExits.push(`${name} exited with ${code ?? signal}`);
      });
    },
  };
  return p;
}

function kill9(p: Proc): Promise<void> {
  const child = p.child!;
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

async function waitReady(p: Proc, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!p.ready) {
    if (Date.now() > until) throw new Error(`${p.name} did not start: ${p.errors.slice(-5).join(' | ')}`);
    await sleep(20);
  }
}

function readonly<T>(dir: string, fn: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(path.join(dir, 'vanthu.db'), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

describe('exactly-once exchange under kill -9', () => {
  it(`delivers ${DOCS} documents and their statuses exactly once while the sender, the receiver and the axis are killed up to ${KILLS} times`, async () => {
    const bundles = await bundle();
    const port = await freePort();
    const axisDir = path.join(root, 'axis');
    let chaos = true;
    const axis = managed('axis', () => [bundles.axis, '--port', String(port), '--data-dir', axisDir], (): Record<string, string> => (chaos ? { AXIS_FAULTS: JSON.stringify(CHAOS) } : {}), (l) => l.includes('"listening"'));
    const url = `http://127.0.0.1:${port}`;

    // Set up both profiles against a quiet axis, then close them: from here on only the agents run.
    chaos = false;
    axis.start();
    await waitReady(axis);
    const adminToken = fs.readFileSync(path.join(axisDir, 'admin-token'), 'utf8').trim();
    const createSystem = async (name: string) => {
      const res = await fetch(`${url}/admin/systems`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
      return (await res.json()) as { systemId: string; secret: string };
    };
    const province = await openAgency('province', root);
    const department = await openAgency('department', root);
    for (const a of [province, department]) {
      const creds = await createSystem(a.key);
      await connect(a, { url, createSystem: () => creds }, { maxTries: 100, backoffBaseMs: 10, backoffMaxMs: 150 });
    }
    // Every third document carries a 40 KB PDF, so its package goes through the segment logs (the
    // sender's outbox log and the axis's package log) rather than into a database row.
    for (let i = 1; i <= DOCS; i++) await numberedOutgoing(province, `V/v văn bản kiểm thử số ${i}`, { pdfLabel: i % 3 === 0 ? `crash ${i} ${'0'.repeat(40_000)}` : `crash ${i}` });
    province.core.close();
    department.core.close();
    await kill9(axis);
    chaos = true;

    const agentArgs = (a: typeof province, peer: typeof PROVINCE) => () => [bundles.agent, a.key, a.dir, peer.code, peer.name, String(a.ids.incomingRegister)];
    const procs = [
      axis,
      managed('province', agentArgs(province, DEPARTMENT), () => ({}), (l) => l === 'ready'),
      managed('department', agentArgs(department, PROVINCE), () => ({}), (l) => l === 'ready'),
    ];
    for (const p of procs) p.start();
    for (const p of procs) await waitReady(p);

    // The chaos: kill a random running process at a random moment, restart it at once.
    const startedAt = Date.now();
    let kills = 0;
    while (kills < KILLS && Date.now() - startedAt < MAX_CHAOS_MS) {
      await sleep(rand(10, 160));
      const live = procs.filter((p) => p.ready);
      if (live.length === 0) continue;
      const victim = live[Math.floor(Math.random() * live.length)]!;
      await kill9(victim);
      victim.kills++;
      kills++;
      victim.start();
    }

    // Calm: the axis without faults, the agents left alone until everything has settled.
    const axisKill = axis.kills;
    await kill9(axis);
    chaos = false;
    axis.start();
    const settled = () =>
      readonly(province.dir, (db) => {
        const accepted = (db.prepare("SELECT count(*) AS n FROM exchange_recipients WHERE status = 'accepted'").get() as { n: number }).n;
        const queued = (db.prepare("SELECT count(*) AS n FROM exchange_outbox WHERE state = 'queued'").get() as { n: number }).n;
        return accepted === DOCS && queued === 0;
      }) && readonly(department.dir, (db) => (db.prepare("SELECT count(*) AS n FROM exchange_outbox WHERE state = 'queued'").get() as { n: number }).n === 0);
    const deadline = Date.now() + 60_000;
    while (!settled() && Date.now() < deadline) await sleep(200);
    for (const p of procs) await kill9(p);
    const chaosSeconds = (Date.now() - startedAt) / 1000;
    console.log(
      `crash harness: ${kills} kill -9 points in ${chaosSeconds.toFixed(1)} s (province ${procs[1]!.kills}, department ${procs[2]!.kills}, axis ${axisKill}); ${DOCS} documents`,
    );

    expect(kills).toBeGreaterThanOrEqual(Math.min(KILLS, 60));
    const agentErrors = procs.flatMap((p) => p.errors.filter((e) => e.startsWith('agent error') || e.startsWith('crash agent')));
    expect(agentErrors).toEqual([]);
    expect(procs.flatMap((p) => p.unexpectedExits)).toEqual([]);

    // Sender: every document released once, each recipient accepted (03 arrived), both statuses recorded once.
    const sender = readonly(province.dir, (db) => ({
      released: (db.prepare("SELECT count(*) AS n FROM documents WHERE direction = 'outgoing' AND status = 'released'").get() as { n: number }).n,
      outbox: db.prepare("SELECT state, count(*) AS n FROM exchange_outbox GROUP BY state").all(),
      recipients: db.prepare('SELECT status, count(*) AS n FROM exchange_recipients GROUP BY status').all(),
      statuses: db.prepare('SELECT status_code, count(*) AS n FROM exchange_status_received GROUP BY status_code ORDER BY status_code').all(),
      statusEvents: db.prepare("SELECT status_code, count(*) AS n FROM exchange_events WHERE event = 'status' GROUP BY status_code ORDER BY status_code").all(),
    }));
    expect(sender).toEqual({
      released: DOCS,
      outbox: [{ state: 'sent', n: DOCS }],
      recipients: [{ status: 'accepted', n: DOCS }],
      statuses: [{ status_code: '01', n: DOCS }, { status_code: '03', n: DOCS }],
      statusEvents: [{ status_code: '01', n: DOCS }, { status_code: '03', n: DOCS }],
    });

    // Receiver: each document once in intake, registered once, nothing quarantined.
    const receiver = readonly(department.dir, (db) => ({
      intake: (db.prepare('SELECT count(DISTINCT exchange_document_id) AS d, count(*) AS n FROM exchange_intake').get() as { d: number; n: number }),
      registered: (db.prepare("SELECT count(*) AS n FROM exchange_intake WHERE state = 'registered'").get() as { n: number }).n,
      incomingDocs: (db.prepare("SELECT count(*) AS n, count(DISTINCT number_notation) AS d FROM documents WHERE direction = 'incoming'").get() as { n: number; d: number }),
      quarantined: (db.prepare('SELECT count(*) AS n FROM exchange_quarantine').get() as { n: number }).n,
      outbox: db.prepare("SELECT status_code, state, count(*) AS n FROM exchange_outbox GROUP BY status_code, state ORDER BY status_code").all(),
    }));
    expect(receiver).toEqual({
      intake: { d: DOCS, n: DOCS },
      registered: DOCS,
      incomingDocs: { n: DOCS, d: DOCS },
      quarantined: 0,
      outbox: [{ status_code: '01', state: 'sent', n: DOCS }, { status_code: '03', state: 'sent', n: DOCS }],
    });

    // The axis holds each package once per sender: lost answers were retried with identical bytes.
    const onAxis = new BetterSqlite3(path.join(axisDir, 'axis.db'), { readonly: true });
    try {
      expect(onAxis.prepare('SELECT kind, count(*) AS n FROM edocs GROUP BY kind ORDER BY kind').all()).toEqual([{ kind: 'document', n: DOCS }, { kind: 'status', n: 2 * DOCS }]);
    } finally {
      onAxis.close();
    }

    // Both audit chains are intact after all the kills.
    for (const dir of [province.dir, department.dir]) {
      const core = Core.open({ dataDir: dir, purpose: 'crash check' });
      try {
        expect(new AuditLog(core.db, core.now).verify().ok).toBe(true);
      } finally {
        core.close();
      }
    }
  }, 420_000);
});
