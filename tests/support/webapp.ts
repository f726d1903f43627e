import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Core } from '../../core/app';
import { startWebServer, type WebServer } from '../../server/web/server';
import type { Role } from '../../shared/permissions';

// Web mode in-process for browser tests: a real Core on a temporary data directory behind the real
// web server, serving the built renderer.

export const REPO_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const RENDERER_DIST = path.join(REPO_ROOT, 'dist', 'renderer');
/** What the renderer bundle is built from. */
const RENDERER_SOURCES = ['renderer', 'shared', 'vite.config.ts'];

function newestMtime(p: string): number {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

/** Builds dist/renderer with vite when it is missing or older than its sources. */
export function ensureRendererBuilt(log: (m: string) => void = () => {}): void {
  const built = fs.statSync(path.join(RENDERER_DIST, 'index.html'), { throwIfNoEntry: false });
  const sources = Math.max(...RENDERER_SOURCES.map((s) => newestMtime(path.join(REPO_ROOT, s))));
  if (built && built.mtimeMs >= sources) return;
  log(built ? 'Renderer sources changed; rebuilding dist/renderer…' : 'Building dist/renderer…');
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'error'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

export const E2E_ADMIN = { username: 'admin', fullName: 'Nguyễn Văn Quản', password: 'quantri-2026' };
export const E2E_PASSWORD = 'matkhau-2026';

export interface WebApp {
  core: Core;
  readonly server: WebServer;
  dataDir: string;
  /** URL with the launch token, as web mode prints it. */
  openUrl: string;
  /** Stops the HTTP server only (the page loses its connection); `startServer` brings it back on the same port and token. */
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  close(): Promise<void>;
}

export async function startWebApp(): Promise<WebApp> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-e2e-'));
  const dataDir = path.join(root, 'profile');
  const core = Core.open({ dataDir, purpose: 'e2e test' });
  let server: WebServer | null = await startWebServer({ core, staticDir: RENDERER_DIST });
  const { port, token, openUrl } = server;
  const app: WebApp = {
    core,
    get server() {
      if (!server) throw new Error('The web server is stopped.');
      return server;
    },
    dataDir,
    openUrl,
    async stopServer() {
      await server?.close();
      server = null;
    },
    async startServer() {
      server ??= await startWebServer({ core, staticDir: RENDERER_DIST, port, token });
    },
    async close() {
      await server?.close();
      core.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
  return app;
}

/** Sets up the agency and the given users directly through the core (for tests past the wizard). */
export async function seedAgency(core: Core, users: { username: string; fullName: string; roles: Role[] }[] = []): Promise<void> {
  const call = core.asSystem('e2e');
  await call('setup.initialize', {
    agency: { name: 'Sở Nội vụ tỉnh Thử Nghiệm', code: '000.00.21.H99', shortName: 'SNV' },
    units: [{ name: 'Văn phòng Sở', code: 'VP' }],
    admin: E2E_ADMIN,
  });
  for (const u of users) await call('users.create', { ...u, password: E2E_PASSWORD });
}
