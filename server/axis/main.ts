// `npm run axis -- --port 8787 --data-dir ./axis-data [--host 127.0.0.1] [--admin-token T]`
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startAxisServer } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      'data-dir': { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'admin-token': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help || !values['data-dir']) {
    process.stdout.write('Usage: axis --data-dir DIR [--port 8787] [--host 127.0.0.1] [--admin-token TOKEN]\n');
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be 0–65535');
  const dataDir = path.resolve(values['data-dir']);
  const axis = await startAxisServer({ dataDir, port, host: values.host, adminToken: values['admin-token'] });
  // One machine-readable line so scripts and tests can find the port when --port 0 is used.
  process.stdout.write(JSON.stringify({ listening: axis.url, dataDir, adminTokenFile: values['admin-token'] ? null : path.join(dataDir, 'admin-token') }) + '\n');
  const stop = () => {
    void axis.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e) => {
  process.stderr.write(`axis: ${(e as Error).message}\n`);
  process.exit(1);
});
