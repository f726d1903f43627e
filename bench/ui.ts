import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { launchBrowser } from '../tests/support/browser';
import os from 'node:os';
import { Core } from '../core/app';
import { startWebServer } from '../server/web/server';
import { E2E_ADMIN, ensureRendererBuilt, RENDERER_DIST, seedAgency } from '../tests/support/webapp';
import { round, stats, type BenchResult } from './types';

// The interface in web mode, in Debian's chromium: bundle size, page load to first paint and to a
// usable login form, login to the frame, and opening the audit log; each against a baseline from the
// same run. VANTHU_BENCH_RENDERER_DIST=<dir> measures another build of the renderer (to compare).

const RUNS = 7;

export async function run(): Promise<BenchResult> {
  const dist = process.env.VANTHU_BENCH_RENDERER_DIST ?? RENDERER_DIST;
  if (dist === RENDERER_DIST) ensureRendererBuilt();
  const assets = path.join(dist, 'assets');
  const entry = fs.readdirSync(assets).filter((f) => /^index-.*\.js$/.test(f));
  const js = Buffer.concat(entry.map((f) => fs.readFileSync(path.join(assets, f))));
  const lazyChunks = fs.readdirSync(assets).filter((f) => /\.m?js$/.test(f) && !entry.includes(f));
  const lazyKiB = lazyChunks.reduce((n, f) => n + fs.statSync(path.join(assets, f)).size, 0) / 1024;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-bench-ui-'));
  const core = Core.open({ dataDir: path.join(root, 'profile'), purpose: 'ui bench' });
  const server = await startWebServer({ core, staticDir: dist });
  const app = { core, server, openUrl: server.openUrl };
  const browser = await launchBrowser();
  try {
    await seedAgency(app.core);
    const call = app.core.asSystem('bench');
    for (let i = 0; i < 500; i++) await call('units.create', { name: `Đơn vị ${i}`, code: '' }); // an audit log with some history

    const load: number[] = [];
    const paint: number[] = [];
    const script: number[] = [];
    const blank: number[] = [];
    const login: number[] = [];
    const loginApi: number[] = [];
    const audit: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const scriptSeconds = async () => ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ScriptDuration')?.value ?? NaN);
      // Baseline: the same server answering a plain not-found page.
      let t0 = performance.now();
      await page.goto(`${app.server.url}/missing.txt`);
      blank.push(performance.now() - t0);
      const scriptBefore = await scriptSeconds();

      t0 = performance.now();
      await page.goto(app.openUrl);
      await page.getByLabel('Mật khẩu').waitFor();
      load.push(performance.now() - t0);
      paint.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN));
      script.push((await scriptSeconds()) * 1000 - scriptBefore * 1000);

      // Baseline: the login call itself (scrypt dominates), made from the page without the UI.
      loginApi.push(
        await page.evaluate(async ({ token, username, password }) => {
          const s = performance.now();
          await fetch('/api/call/auth.login', { method: 'POST', headers: { 'content-type': 'application/json', 'x-vanthu-token': token }, body: JSON.stringify({ username, password }) });
          return performance.now() - s;
        }, { token: app.server.token, username: E2E_ADMIN.username, password: E2E_ADMIN.password }),
      );

      await page.getByLabel('Tên đăng nhập').fill(E2E_ADMIN.username);
      await page.getByLabel('Mật khẩu').fill(E2E_ADMIN.password);
      t0 = performance.now();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Người dùng', level: 2 }).waitFor();
      login.push(performance.now() - t0);

      t0 = performance.now();
      await page.getByRole('link', { name: 'Nhật ký hệ thống' }).click();
      await page.getByText(/^1–25 trên/).waitFor();
      audit.push(performance.now() - t0);
      await context.close();
    }
    const l = stats(load);
    const fcp = stats(paint);
    const sc = stats(script);
    const b = stats(blank);
    const li = stats(login);
    const la = stats(loginApi);
    const a = stats(audit);
    return {
      name: 'ui (web mode, chromium)',
      figures: [
        { metric: 'renderer entry bundle', value: round(js.length / 1024, 1), unit: 'KiB', note: `${round(zlib.gzipSync(js).length / 1024, 1)} KiB gzipped; ${round(lazyKiB, 1)} KiB more in chunks fetched on demand (${lazyChunks.length}: pdf.js, its worker, the PDF reader…)` },
        { metric: 'first contentful paint (p50)', value: round(fcp.p50, 1), unit: 'ms', note: 'from navigation start, as chromium reports it' },
        { metric: 'script time to the login form (p50)', value: round(sc.p50, 1), unit: 'ms', note: "chromium's ScriptDuration on the page's main thread (compile + run), less sensitive to load than wall time" },
        { metric: 'page load → login form (p50)', value: round(l.p50, 1), unit: 'ms', target: '< 1500 ms', baseline: { what: 'plain 404 page', value: round(b.p50, 1), unit: 'ms' }, ratio: round(l.p50 / b.p50, 2) },
        { metric: 'login → admin page shown (p50)', value: round(li.p50, 1), unit: 'ms', target: '< 1000 ms', baseline: { what: 'auth.login over HTTP alone', value: round(la.p50, 1), unit: 'ms' }, ratio: round(li.p50 / la.p50, 2) },
        { metric: 'open audit log, 1000+ entries (p50)', value: round(a.p50, 1), unit: 'ms', target: '< 500 ms' },
      ],
      details: { runs: RUNS, dist, lazyChunks, load, paint, script, blank, login, loginApi, audit, loadAverage: os.loadavg() },
    };
  } finally {
    await browser.close();
    await server.close();
    core.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
