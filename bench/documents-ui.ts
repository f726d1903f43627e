import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Core } from '../core/app';
import { startWebServer } from '../server/web/server';
import { launchBrowser } from '../tests/support/browser';
import { ensureRendererBuilt, RENDERER_DIST } from '../tests/support/webapp';
import { generateStore } from './data';
import { round, stats, type BenchResult, type Figure } from './types';

// The incoming register page on a large store (default 1,000,000 documents, metadata only, cached
// in bench/.cache/documents-ui-<N>/), in Debian's chromium against web mode: time to the first
// rows, time for rows to appear after dragging the scrollbar to the end of what is counted; the API
// behind them: the first page with its count, a page deep in the register by cursor (keyset) and by
// offset, jumping to an arrival number, the inbox; and the resident memory of a fresh process with
// the store open after those calls.

export interface DocumentsUiBenchOptions {
  docs?: number;
  runs?: number;
  progress?: (m: string) => void;
}

const USER = { username: 'bench-clerk', fullName: 'Văn thư (bench)', password: 'bench-pass-2026' };

export async function run(opts: DocumentsUiBenchOptions = {}): Promise<BenchResult> {
  const docs = opts.docs ?? Number(process.env.VANTHU_BENCH_DOCS ?? 1_000_000);
  const result = await measure(opts);
  // In a fresh process, once this one has closed the profile (one process holds its lock).
  const rss = rssOfFreshProcess(path.resolve('bench', '.cache', `documents-ui-${docs}`), sessionUser());
  result.figures.push({ metric: 'main process RSS with the store open after list pages and the inbox (fresh process)', value: rss?.rssMb ?? -1, unit: 'MB', target: '< 500 MB', note: rss ? `${rss.afterOpenMb} MB right after opening` : 'probe failed' });
  result.details = { ...result.details, rss };
  return result;
}

async function measure(opts: DocumentsUiBenchOptions): Promise<BenchResult> {
  const docs = opts.docs ?? Number(process.env.VANTHU_BENCH_DOCS ?? 1_000_000);
  const runs = opts.runs ?? 5;
  const log = opts.progress ?? ((m: string) => console.log(`    ${m}`));
  const dataDir = path.resolve('bench', '.cache', `documents-ui-${docs}`);
  if (!fs.existsSync(path.join(dataDir, 'documents-ui.ready'))) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    log(`generating ${docs.toLocaleString('en-US')} documents (once; cached)…`);
    const g = await generateStore({ dataDir, docs, withBody: false, progress: log });
    log(`generated in ${g.seconds} s`);
    fs.writeFileSync(path.join(dataDir, 'documents-ui.ready'), '');
  }
  ensureRendererBuilt();
  const core = Core.open({ dataDir, purpose: 'bench documents-ui' });
  const server = await startWebServer({ core, staticDir: RENDERER_DIST });
  const browser = await launchBrowser();
  try {
    const sys = core.asSystem('bench');
    const users = await sys('users.list', {});
    if (!users.users.some((u) => u.username === USER.username)) await sys('users.create', { ...USER, roles: ['clerk'] });
    const { sessionToken } = await core.call('auth.login', { username: USER.username, password: USER.password }, {});

    // API: pages of 100 as the list asks for them, at the top and deep in the register.
    const call = <T>(fn: () => Promise<T>) => async () => {
      const c0 = process.cpuUsage();
      const t = performance.now();
      const r = await fn();
      const c = process.cpuUsage(c0);
      return { ms: performance.now() - t, cpu: (c.user + c.system) / 1000, r };
    };
    const list = (input: Record<string, unknown>) => call(() => core.call('documents.list', { direction: 'incoming', limit: 100, ...input }, { sessionToken }));
    const deepOffset = Math.floor(docs * 0.45);
    const deepPage = await core.call('documents.list', { direction: 'incoming', offset: deepOffset, limit: 100, count: false }, { sessionToken });
    const registerId = core.db.prepare("SELECT id FROM registers WHERE direction = 'incoming' AND confidential = 0 ORDER BY id LIMIT 1").pluck().get() as number;
    const jumpYear = 2024;
    const handler = core.db.prepare("SELECT id FROM users WHERE username = 'bench3'").pluck().get() as number | undefined;
    const handlerActor = handler ? { kind: 'user' as const, userId: handler, username: 'bench3', fullName: 'bench3', roles: ['specialist' as const], unitId: null, label: 'user:bench3' } : null;
    const probes = {
      top: list({}),
      deepCursor: list({ after: deepPage.endCursor, offset: deepOffset + 100, count: false }),
      deepCursorCounted: list({ after: deepPage.endCursor, offset: deepOffset + 100 }),
      deepOffset: list({ offset: deepOffset, count: false }),
      registerByNumber: list({ registerId, sort: 'number' }),
      jump: list({ registerId, sort: 'number', atNumber: 12_345, atYear: jumpYear }),
      inboxClerk: call(() => core.call('documents.inbox', {}, { sessionToken })),
      inboxHandler: call(() => core.call('documents.inbox', {}, { actor: handlerActor ?? undefined, sessionToken: handlerActor ? undefined : sessionToken })),
    };
    const samples: Record<string, { ms: number[]; cpu: number[] }> = {};
    for (const [name, probe] of Object.entries(probes)) {
      await probe(); // first call: statements compiled, pages read from disk
      samples[name] = { ms: [], cpu: [] };
      for (let i = 0; i < Math.max(runs, 5); i++) {
        const m = await probe();
        samples[name]!.ms.push(m.ms);
        samples[name]!.cpu.push(m.cpu);
      }
    }
    const jumped = (await probes.jump()).r as { position: number; documents: { arrivalNumber: number | null }[] };

    // Browser: log in once, then open the register and drag to the end of the counted rows.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(server.openUrl);
    await page.getByLabel('Tên đăng nhập').fill(USER.username);
    await page.getByLabel('Mật khẩu').fill(USER.password);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Phân hệ' }).waitFor();
    const firstRows: number[] = [];
    const jumps: number[] = [];
    for (let i = 0; i < runs; i++) {
      await page.evaluate(() => (window.location.hash = '#/outgoing/inbox'));
      await page.getByRole('heading', { name: 'Văn bản đi', level: 1 }).waitFor();
      const t0 = Date.now();
      await page.evaluate(() => (window.location.hash = '#/incoming'));
      await page.locator('.doc-table__row[tabindex="0"]').first().waitFor();
      firstRows.push(Date.now() - t0);
      // Drag to the last counted row: its page loads and the count grows.
      const t1 = Date.now();
      const index = await page.evaluate(() => {
        const el = document.querySelector<HTMLElement>('.doc-table__scroll')!;
        el.scrollTop = el.scrollHeight;
        return null;
      });
      void index;
      await page.waitForFunction(() => {
        const rows = [...document.querySelectorAll<HTMLElement>('.doc-table__scroll [role="row"]')];
        const last = rows[rows.length - 1];
        return rows.length > 0 && last?.getAttribute('tabindex') === '0' && Number(last.dataset.index) > 5_000;
      });
      jumps.push(Date.now() - t1);
    }
    await context.close();
    const f = stats(firstRows);
    const j = stats(jumps);
    const st = (name: string) => ({ ...stats(samples[name]!.ms), cpu: stats(samples[name]!.cpu) });
    const fig = (metric: string, name: string, extra: Partial<Figure> = {}): Figure => {
      const s = st(name);
      return { metric, value: round(s.p50, 1), unit: 'ms p50', note: `p95 ${round(s.p95, 1)} ms; CPU p50 ${round(s.cpu.p50, 1)} ms`, ...extra };
    };
    const top = st('top');
    const load = os.loadavg().map((x) => round(x, 1)).join('/');
    return {
      name: 'documents-ui',
      figures: [
        { metric: `incoming register opened to first rows (${docs.toLocaleString('en-US')} documents, chromium)`, value: round(f.p50, 0), unit: 'ms p50', target: '< 500 ms', note: `p95 ${round(f.p95, 0)} ms; load average ${load}` },
        { metric: 'scrollbar dragged to the end of the counted rows, rows shown', value: round(j.p50, 0), unit: 'ms p50', target: '< 500 ms', note: `p95 ${round(j.p95, 0)} ms` },
        fig('documents.list first page of 100 with its count (capped 10,000 past the page)', 'top', { target: 'a few ms' }),
        fig(`documents.list page of 100 at row ${(deepOffset + 100).toLocaleString('en-US')} by cursor`, 'deepCursor', {
          target: 'a few ms', baseline: { what: 'first page', value: round(top.p50, 1), unit: 'ms' }, ratio: round(st('deepCursor').p50 / Math.max(top.p50, 0.001), 2),
        }),
        fig('same, with a count 10,000 past the page', 'deepCursorCounted'),
        fig(`documents.list page of 100 at offset ${deepOffset.toLocaleString('en-US')} (scrollbar dragged, no neighbouring page)`, 'deepOffset', {
          baseline: { what: 'same place by cursor', value: round(st('deepCursor').p50, 1), unit: 'ms' }, ratio: round(st('deepOffset').p50 / Math.max(st('deepCursor').p50, 0.001), 1),
          note: `p95 ${round(st('deepOffset').p95, 1)} ms; skips index entries, not rows`,
        }),
        fig('register in number order (register book), first page', 'registerByNumber'),
        fig(`jump to arrival number 12,345 of ${jumpYear} (page + its position)`, 'jump', { note: `p95 ${round(st('jump').p95, 1)} ms; landed at row ${jumped.position.toLocaleString('en-US')} on number ${jumped.documents[0]?.arrivalNumber ?? '—'}; the position is counted` }),
        fig('documents.inbox, clerk', 'inboxClerk'),
        fig('documents.inbox, a handler with tens of thousands of documents', 'inboxHandler'),
      ],
      details: { docs, runs, firstRows, jumps, samples, loadAverage: os.loadavg() },
    };
  } finally {
    await browser.close();
    await server.close();
    core.close();
  }
}

function sessionUser(): { username: string; password: string } {
  return { username: USER.username, password: USER.password };
}

/** Opens the store in a fresh process, logs in, reads list pages and the inbox, reports its RSS. */
export async function rssProbe(dataDir: string, user: { username: string; password: string }): Promise<{ rssMb: number; afterOpenMb: number }> {
  const core = Core.open({ dataDir, purpose: 'bench rss probe' });
  try {
    const afterOpen = process.memoryUsage().rss;
    const { sessionToken } = await core.call('auth.login', user, {});
    let page = await core.call('documents.list', { direction: 'incoming', limit: 100 }, { sessionToken });
    for (let i = 0; i < 50 && page.endCursor; i++) page = await core.call('documents.list', { direction: 'incoming', limit: 100, after: page.endCursor, count: false }, { sessionToken });
    await core.call('documents.list', { direction: 'outgoing', limit: 100, offset: 200_000 }, { sessionToken });
    await core.call('documents.inbox', {}, { sessionToken });
    return { rssMb: Math.round(process.memoryUsage().rss / 2 ** 20), afterOpenMb: Math.round(afterOpen / 2 ** 20) };
  } finally {
    core.close();
  }
}

function rssOfFreshProcess(dataDir: string, user: { username: string; password: string }): { rssMb: number; afterOpenMb: number } | null {
  const probe = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', `const m = await import(${JSON.stringify(pathToFileURL(path.resolve('bench', 'documents-ui.ts')).href)}); console.log(JSON.stringify(await m.rssProbe(${JSON.stringify(dataDir)}, ${JSON.stringify(user)})));`],
    { encoding: 'utf8', cwd: process.cwd() },
  );
  if (probe.status !== 0) {
    console.error(probe.stderr.slice(-2000));
    return null;
  }
  return JSON.parse(probe.stdout.trim().split('\n').pop()!) as { rssMb: number; afterOpenMb: number };
}
