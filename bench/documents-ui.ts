import fs from 'node:fs';
import path from 'node:path';
import { Core } from '../core/app';
import { startWebServer } from '../server/web/server';
import { launchBrowser } from '../tests/support/browser';
import { ensureRendererBuilt, RENDERER_DIST } from '../tests/support/webapp';
import { generateStore } from './data';
import { round, stats, type BenchResult } from './types';

// The incoming register page on a large store (default 1,000,000 documents, metadata only, cached
// in bench/.cache/documents-ui-<N>/), in Debian's chromium against web mode: time to the first
// rows, time for rows to appear after dragging the scrollbar to the end of what is counted, and
// the API page fetches behind them at the top and deep in the register (OFFSET paging).

export interface DocumentsUiBenchOptions {
  docs?: number;
  runs?: number;
  progress?: (m: string) => void;
}

const USER = { username: 'bench-clerk', fullName: 'Văn thư (bench)', password: 'bench-pass-2026' };

export async function run(opts: DocumentsUiBenchOptions = {}): Promise<BenchResult> {
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

    // API: one page of 100 as the list asks for it, at the top and deep in the register.
    const apiPage = async (offset: number) => {
      const t = performance.now();
      const r = await core.call('documents.list', { direction: 'incoming', offset, limit: 100 }, { sessionToken });
      return { ms: performance.now() - t, total: r.total, capped: r.totalCapped };
    };
    await apiPage(0);
    const top: number[] = [];
    const deep: number[] = [];
    const deepOffset = Math.floor(docs * 0.45);
    for (let i = 0; i < runs; i++) {
      top.push((await apiPage(0)).ms);
      deep.push((await apiPage(deepOffset)).ms);
    }

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
    const t = stats(top);
    const d = stats(deep);
    const f = stats(firstRows);
    const j = stats(jumps);
    return {
      name: 'documents-ui',
      figures: [
        { metric: `incoming register opened to first rows (${docs.toLocaleString('en-US')} documents, chromium)`, value: round(f.p50, 0), unit: 'ms p50', target: '< 500 ms', note: `p95 ${round(f.p95, 0)} ms` },
        { metric: 'scrollbar dragged to the end of the counted rows, rows shown', value: round(j.p50, 0), unit: 'ms p50', target: '< 500 ms', note: `p95 ${round(j.p95, 0)} ms` },
        { metric: 'documents.list page of 100 at the top', value: round(t.p50, 1), unit: 'ms p50', note: `p95 ${round(t.p95, 1)} ms` },
        {
          metric: `documents.list page of 100 at offset ${deepOffset.toLocaleString('en-US')}`,
          value: round(d.p50, 1),
          unit: 'ms p50',
          baseline: { what: 'page at the top', value: round(t.p50, 1), unit: 'ms' },
          ratio: round(d.p50 / Math.max(t.p50, 0.001), 1),
          note: 'OFFSET paging walks the skipped rows; a keyset cursor would make deep pages as quick as the first',
        },
      ],
      details: { docs, runs, firstRows, jumps, top, deep },
    };
  } finally {
    await browser.close();
    await server.close();
    core.close();
  }
}
