#!/usr/bin/env node
// Builds what the app runs: the renderer (vite), the Electron main + preload (esbuild, CommonJS) and
// the web-mode server (esbuild, one ESM file, so `npm start` need not compile TypeScript at launch).
// `node scripts/build.mjs [renderer] [electron] [server] [cli]` builds the named parts (all by default).
//
// Bundling moves code away from its source folder, so two kinds of path break: files a module finds
// beside its source (`path.resolve(dirname(import.meta.url), '../../resources/fonts')`) and worker
// scripts (`new URL('./worker.mjs', import.meta.url)`). The sourceLocations plugin keeps both right:
// each repo module's import.meta.url becomes its source path under the app folder (found at run time
// from the bundle's own place), and each worker script is bundled to dist/workers/, loaded from
// app.asar.unpacked in a packaged app because worker threads cannot start from inside an asar.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// esbuild is loaded only to build: start.mjs imports this file for the staleness check alone.
// Outputs are written to a temporary name and renamed into place, so a process starting the app
// while another rebuilds it (two `npm start`s, a test beside a benchmark) never reads half a file.
async function build(options) {
  const result = await (await import('esbuild')).build({ ...options, write: false });
  for (const out of result.outputFiles) writeAtomically(out.path, out.contents);
  return result;
}

function writeAtomically(file, contents) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, contents);
  fs.renameSync(tmp, file);
}

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Native or large packages loaded from node_modules at run time instead of being bundled. */
export const NODE_EXTERNALS = ['electron', 'better-sqlite3', 'pkcs11js', 'pdfjs-dist'];
export const SERVER_BUNDLE = 'dist/server/web.mjs';
/** What the server bundle was built from (paths relative to the repo), to tell when it is stale. */
export const SERVER_INPUTS = 'dist/server/web.inputs.json';
/** The CLI (`npx vanthu`) as one ESM file exporting runCli, and what it was built from. */
export const CLI_BUNDLE = 'dist/cli/vanthu.mjs';
export const CLI_INPUTS = 'dist/cli/vanthu.inputs.json';

const WORKER_REF = /new URL\(\s*(['"])(\.{1,2}\/[^'"]+\.[cm]?js)\1\s*,\s*import\.meta\.url\s*\)/g;
const NODE_BUILTINS = new Set(builtinModules);
const LOADERS = { '.ts': 'ts', '.tsx': 'tsx', '.mjs': 'js', '.js': 'js', '.cjs': 'js' };

function sourceLocations(workers) {
  return {
    name: 'vanthu-source-locations',
    setup(b) {
      b.onLoad({ filter: /\.(ts|tsx|mjs|cjs|js)$/ }, (args) => {
        const rel = path.relative(REPO_ROOT, args.path);
        if (rel.startsWith('..') || rel.split(path.sep).includes('node_modules')) return undefined;
        let code = fs.readFileSync(args.path, 'utf8');
        if (!code.includes('import.meta.url')) return undefined;
        code = code.replace(WORKER_REF, (_m, _q, spec) => {
          const file = path.resolve(path.dirname(args.path), spec);
          const name = path.basename(file).replace(/\.[cm]?js$/, '.mjs');
          const other = workers.get(name);
          if (other && other !== file) throw new Error(`Two worker scripts are both named ${name}: ${other} and ${file}`);
          workers.set(name, file);
          return `__vanthuWorkerUrl(${JSON.stringify(name)})`;
        });
        code = code.replaceAll('import.meta.url', `__vanthuSourceUrl(${JSON.stringify(rel.split(path.sep).join('/'))})`);
        return { contents: code, loader: LOADERS[path.extname(args.path)], resolveDir: path.dirname(args.path) };
      });
    },
  };
}

/** Run-time helpers the plugin's rewrites call; `selfUrl` is the bundle's own file URL. */
function locationBanner(selfUrl, depth) {
  return [
    `const __vanthuRoot = new URL(${JSON.stringify('../'.repeat(depth))}, ${selfUrl});`,
    `const __vanthuSourceUrl = (rel) => new URL(rel, __vanthuRoot).href;`,
    // Worker threads cannot start from inside app.asar: electron-builder unpacks dist/workers/.
    `const __vanthuWorkerUrl = (name) => new URL('dist/workers/' + name, __vanthuRoot.href.replace(/\\.asar\\/$/, '.asar.unpacked/'));`,
  ].join('\n');
}

function depthOf(appDir, outfile) {
  return path.relative(appDir, path.dirname(outfile)).split(path.sep).length;
}

/** Bundles each worker script found by the plugin to <appDir>/dist/workers/<name>. */
async function buildWorkers(appDir, workers) {
  const outputs = [];
  for (const [name, file] of workers) {
    const outfile = path.join(appDir, 'dist', 'workers', name);
    const result = await build({ entryPoints: [file], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', metafile: true, logLevel: 'warning' });
    outputs.push({ name, outfile, metafile: result.metafile });
  }
  return outputs;
}

function inputsOf(...metafiles) {
  const all = new Set(['package-lock.json', 'scripts/build.mjs']);
  for (const m of metafiles) for (const input of Object.keys(m.inputs)) all.add(input);
  return [...all].sort();
}

/** Packages a metafile's outputs import from node_modules at run time. */
export function externalPackagesOf(metafile) {
  const names = new Set();
  for (const out of Object.values(metafile.outputs)) {
    for (const imp of out.imports) {
      if (!imp.external || imp.path.startsWith('node:') || imp.path.startsWith('.')) continue;
      const parts = imp.path.split('/');
      names.add(imp.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
    }
  }
  return [...names].filter((n) => !NODE_BUILTINS.has(n)).sort();
}

/** The web-mode server as one ESM file, <appDir>/dist/server/web.mjs, plus its worker scripts. */
export function buildServer({ appDir = REPO_ROOT } = {}) {
  return buildNodeBundle('server/web/main.ts', SERVER_BUNDLE, SERVER_INPUTS, appDir);
}

/** The CLI as one ESM file, <appDir>/dist/cli/vanthu.mjs: bin/vanthu.mjs starts it in about a third of the time tsx takes. */
export function buildCli({ appDir = REPO_ROOT } = {}) {
  return buildNodeBundle('cli/main.ts', CLI_BUNDLE, CLI_INPUTS, appDir);
}

/** One Node entry point bundled as ESM with its worker scripts, and the list of files it was built from. */
async function buildNodeBundle(entry, bundle, inputsFile, appDir) {
  const outfile = path.join(appDir, bundle);
  const workers = new Map();
  const startedAt = Date.now(); // a source saved while this build reads it makes the next start rebuild
  const result = await build({
    entryPoints: [path.join(REPO_ROOT, entry)],
    outfile,
    absWorkingDir: REPO_ROOT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: NODE_EXTERNALS,
    plugins: [sourceLocations(workers)],
    metafile: true,
    sourcemap: 'linked',
    // Bundled CommonJS packages call require() for Node's own modules.
    banner: { js: `import { createRequire as __vanthuCreateRequire } from 'node:module';\nconst require = __vanthuCreateRequire(import.meta.url);\n${locationBanner('import.meta.url', depthOf(appDir, outfile))}` },
    logLevel: 'warning',
  });
  const workerBuilds = await buildWorkers(appDir, workers);
  const inputs = inputsOf(result.metafile, ...workerBuilds.map((w) => w.metafile));
  writeAtomically(path.join(appDir, inputsFile), JSON.stringify({ startedAt, inputs }, null, 1));
  return { outfile, workers: workerBuilds.map((w) => w.outfile), metafiles: [result.metafile, ...workerBuilds.map((w) => w.metafile)] };
}

/** Electron main + preload (CommonJS) in <appDir>/dist/main/, plus the worker scripts main needs. */
export async function buildElectron({ appDir = REPO_ROOT } = {}) {
  const workers = new Map();
  const common = {
    absWorkingDir: REPO_ROOT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    external: NODE_EXTERNALS,
    plugins: [sourceLocations(workers)],
    // Bundled ESM packages outside the repo that read import.meta.url get the bundle's own URL.
    define: { 'import.meta.url': '__vanthuFileUrl' },
    metafile: true,
    logLevel: 'warning',
  };
  const banner = (outfile) => ({ js: `const __vanthuFileUrl = require('node:url').pathToFileURL(__filename).href;\n${locationBanner('__vanthuFileUrl', depthOf(appDir, outfile))}` });
  const mainOut = path.join(appDir, 'dist/main/main.cjs');
  const preloadOut = path.join(appDir, 'dist/main/preload.cjs');
  const main = await build({ ...common, entryPoints: ['main/main.ts'], outfile: mainOut, banner: banner(mainOut) });
  const preload = await build({ ...common, entryPoints: ['main/preload.ts'], outfile: preloadOut, banner: banner(preloadOut), external: ['electron'] });
  const workerBuilds = await buildWorkers(appDir, workers);
  return { outfiles: [mainOut, preloadOut], workers: workerBuilds.map((w) => w.outfile), metafiles: [main.metafile, preload.metafile], workerMetafiles: workerBuilds.map((w) => w.metafile) };
}

export function buildRenderer() {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

/** True when dist/server/web.mjs is missing or any file it was built from changed since. */
export function serverBundleIsStale(appDir = REPO_ROOT) {
  return bundleIsStale(SERVER_BUNDLE, SERVER_INPUTS, appDir);
}

/** True when dist/cli/vanthu.mjs is missing or any file it was built from changed since. */
export function cliBundleIsStale(appDir = REPO_ROOT) {
  return bundleIsStale(CLI_BUNDLE, CLI_INPUTS, appDir);
}

function bundleIsStale(bundleFile, inputsFile, appDir) {
  const bundle = fs.statSync(path.join(appDir, bundleFile), { throwIfNoEntry: false });
  if (!bundle) return true;
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(appDir, inputsFile), 'utf8'));
  } catch {
    return true;
  }
  const builtFrom = Math.min(manifest.startedAt ?? 0, bundle.mtimeMs);
  return manifest.inputs.some((rel) => {
    const st = fs.statSync(path.resolve(REPO_ROOT, rel), { throwIfNoEntry: false });
    return !st || st.mtimeMs > builtFrom;
  });
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  const parts = process.argv.slice(2);
  const wants = (p) => parts.length === 0 || parts.includes(p);
  if (wants('renderer')) {
    console.log('Building the interface (vite)…');
    buildRenderer();
  }
  if (wants('electron')) {
    console.log('Building the Electron main process and preload (esbuild)…');
    await buildElectron();
  }
  if (wants('server')) {
    console.log('Building the web-mode server (esbuild)…');
    await buildServer();
  }
  if (wants('cli')) {
    console.log('Building the command line (esbuild)…');
    await buildCli();
  }
  console.log('Build complete.');
}
