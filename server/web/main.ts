import path from 'node:path';
import { parseArgs } from 'node:util';
import { Core } from '../../core/app';
import { createDemo, DEMO_PASSWORD } from '../../core/demo';
import { appRoot, defaultDataDir } from '../../core/paths';
import { isAppError } from '../../shared/api/errors';
import { attachEmbeddedAxis, startExchange, type EmbeddedAxis } from '../../core/exchange/index';
import { startAxisServer, type AxisServerHandle } from '../axis';
import { startWebServer, type WebServer } from './server';

// Web mode: serves the React UI and the API on loopback for one profile, or for both demo
// profiles with --demo. Prints the URL (with the per-launch token) to open.
// An exchange axis stub runs embedded (own store in <profiles folder>/axis) so agencies on this
// machine can send each other documents with no setup; --no-axis leaves it out.

export const DEFAULT_STATIC_DIR = path.join(appRoot(), 'dist', 'renderer');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      demo: { type: 'boolean', default: false },
      'static-dir': { type: 'string' },
      'no-axis': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const host = values.host!;
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    throw new Error('Web mode listens on loopback only (127.0.0.1); the LAN hub mode is separate.');
  }
  const staticDir = values['static-dir'] ?? DEFAULT_STATIC_DIR;
  const basePort = values.port ? Number(values.port) : 0;
  const started: { core: Core; server: WebServer; label: string }[] = [];
  const demoRoot = path.resolve(values['data-dir'] ?? path.join(defaultDataDir(), 'demo'));
  const singleDir = path.resolve(values['data-dir'] ?? defaultDataDir());
  let axis: AxisServerHandle | undefined;
  let embedded: EmbeddedAxis | undefined;
  if (!values['no-axis']) {
    axis = await startAxisServer({ dataDir: values.demo ? path.join(demoRoot, 'axis') : path.join(singleDir, '..', 'VanThu-axis'), port: 0, host: '127.0.0.1' });
    const handle = axis;
    embedded = { url: handle.url, createSystem: (name, id) => handle.createSystem(name, id), secretOf: (id) => handle.store.systemSecret(id) };
    console.log(`Exchange axis (embedded stub): ${handle.url}`);
  }
  const profiles = values.demo
    ? (await createDemo(demoRoot, (m) => console.log(m), embedded)).map((p) => ({ dataDir: p.dataDir, label: p.agency.name }))
    : [{ dataDir: singleDir, label: '' }];
  for (const [i, p] of profiles.entries()) {
    const core = Core.open({ dataDir: p.dataDir, purpose: 'VanThu web mode' });
    if (embedded) {
      try {
        await attachEmbeddedAxis(startExchange(core), embedded);
      } catch (e) {
        console.error(`Exchange: could not connect to the embedded axis: ${(e as Error).message}`);
      }
    } else {
      startExchange(core);
    }
    const server = await startWebServer({ core, host, port: basePort ? basePort + i : 0, staticDir });
    started.push({ core, server, label: p.label || (core.identity.isInitialized() ? core.identity.agency().name : 'new profile (first-run wizard)') });
  }
  for (const s of started) console.log(`VanThu web mode — ${s.label}: ${s.server.openUrl}`);
  if (values.demo) console.log(`Demo users: admin, vanthu, chuyenvien, lanhdao, thuky — password "${DEMO_PASSWORD}".`);
  console.log('Press Ctrl+C to stop.');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    for (const s of started) {
      await s.server.close();
      s.core.close();
    }
    await axis?.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`vanthu: ${isAppError(e) ? `${e.code}: ${e.message}` : (e as Error).message}`);
  process.exit(1);
});
