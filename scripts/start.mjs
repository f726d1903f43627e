#!/usr/bin/env node
// `npm start [-- --demo] [-- --data-dir DIR]`: the desktop app in Electron where its binary is
// available, otherwise the same UI in web mode on 127.0.0.1 (said in one line). Web mode runs the
// prebuilt server bundle (dist/server/web.mjs, rebuilt here when a source it came from is newer) in
// this same process, so a launch neither compiles TypeScript nor starts a second Node.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const args = process.argv.slice(2);
const forceWeb = args.includes('--web');
const passArgs = args.filter((a) => a !== '--web');

function newestMtime(dir) {
  let newest = 0;
  for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, ent.name);
    newest = Math.max(newest, ent.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function rendererIsStale() {
  const index = path.join(root, 'dist', 'renderer', 'index.html');
  if (!fs.existsSync(index)) return true;
  const built = fs.statSync(index).mtimeMs;
  return ['renderer', 'shared'].some((d) => newestMtime(path.join(root, d)) > built);
}

/** The Electron binary path, or why there is none. */
function findElectron() {
  try {
    const bin = createRequire(import.meta.url)('electron');
    if (typeof bin === 'string' && fs.existsSync(bin)) {
      if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { why: 'no graphical display (DISPLAY is not set)' };
      return { bin };
    }
    return { why: 'the Electron binary is not installed' };
  } catch (e) {
    const msg = String(e.message);
    if (/failed to install correctly|Cannot find module 'electron'/.test(msg)) return { why: 'its binary was not downloaded when npm installed' };
    return { why: `it could not be loaded: ${msg.split('\n')[0]}` };
  }
}

if (rendererIsStale()) execFileSync(process.execPath, ['scripts/build.mjs', 'renderer'], { stdio: 'inherit' });

const electron = forceWeb ? { why: '--web was given' } : findElectron();
if (electron.bin) {
  execFileSync(process.execPath, ['scripts/build.mjs', 'electron'], { stdio: 'inherit' });
  const electronArgs = ['.'];
  const dd = passArgs.indexOf('--data-dir');
  if (dd >= 0 && passArgs[dd + 1]) electronArgs.push(`--data-dir=${path.resolve(passArgs[dd + 1])}`);
  if (passArgs.includes('--demo')) {
    const demoRoot = dd >= 0 && passArgs[dd + 1] ? path.resolve(passArgs[dd + 1]) : undefined;
    const out = execFileSync(process.execPath, ['bin/vanthu.mjs', 'demo', '--json', ...(demoRoot ? ['--data-dir', demoRoot] : [])], { encoding: 'utf8' });
    electronArgs.splice(1, electronArgs.length, `--data-dir=${JSON.parse(out).profiles[0].dataDir}`);
  }
  const child = spawn(electron.bin, electronArgs, { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(`VanThu: Electron is not available here (${electron.why}); serving the same interface in web mode instead.`);
  await startWebMode();
}

/** The server bundle, built first when missing or stale; the TypeScript sources if esbuild is absent. */
async function startWebMode() {
  let bundle;
  try {
    const { buildServer, serverBundleIsStale, SERVER_BUNDLE } = await import('./build.mjs');
    if (serverBundleIsStale()) {
      console.log('Building the web-mode server (esbuild)…');
      await buildServer();
    }
    bundle = path.join(root, SERVER_BUNDLE);
  } catch (e) {
    console.log(`VanThu: could not build the web-mode server bundle (${String(e.message).split('\n')[0]}); running the TypeScript sources instead.`);
  }
  if (!bundle) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/web/main.ts', ...passArgs], { stdio: 'inherit' });
    for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  // The bundle reads its options from process.argv, as if started as `node dist/server/web.mjs …`.
  process.argv = [process.argv[0], bundle, ...passArgs];
  await import(pathToFileURL(bundle).href);
}
