import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { buildElectron, buildServer, externalPackagesOf, REPO_ROOT } from '../../../scripts/build.mjs';
import { tempDir } from '../../support/core';

// The desktop package is made by electron-builder from electron-builder.yml, on a machine that can
// download Electron; here we check the yml against what the code loads by path at run time, with
// electron-builder's own file matcher, and run a bundle laid out the way the package lays it out.

const require = createRequire(import.meta.url);
const yaml = createRequire(require.resolve('app-builder-lib'))('js-yaml') as { load(s: string): unknown };
const { FileMatcher } = require('app-builder-lib/out/fileMatcher') as {
  FileMatcher: new (from: string, to: string, expand: (s: string) => string, patterns: string[]) => { createFilter(): (file: string, stat: { isDirectory(): boolean }) => boolean };
};

interface BuilderConfig {
  files: string[];
  asarUnpack: string[];
}
const config = yaml.load(fs.readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

/** Whether electron-builder's patterns select a path relative to the app folder. */
function selects(patterns: string[]): (rel: string) => boolean {
  const filter = new FileMatcher(REPO_ROOT, '/', (s) => s, patterns).createFilter();
  return (rel) => filter(path.join(REPO_ROOT, rel), { isDirectory: () => false });
}
const packaged = selects(config.files);
const unpacked = selects(config.asarUnpack);

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}
const repoRel = (abs: string) => path.relative(REPO_ROOT, abs).split(path.sep).join('/');

/** Folders or files a module finds beside its own source: `path.resolve(dirname(import.meta.url), '../x')`, `resourcePath('a', 'b')`. */
function pathsLoadedBy(sourceRel: string): string[] {
  const file = path.join(REPO_ROOT, sourceRel);
  const code = fs.readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const line of code.split('\n').filter((l) => l.includes('import.meta.url') && !l.includes('new URL('))) {
    for (const m of line.matchAll(/['"](\.\.?\/[^'"]+)['"]/g)) found.push(repoRel(path.resolve(path.dirname(file), m[1]!)));
  }
  for (const m of code.matchAll(/\bresourcePath\(([^)]*)\)/g)) {
    const parts = [...m[1]!.matchAll(/'([^']+)'/g)].map((p) => p[1]!);
    if (parts.length) found.push(['resources', ...parts].join('/'));
  }
  return found;
}

describe('the desktop package (electron-builder.yml)', () => {
  it('holds every file the app loads by path, with worker scripts and native modules outside the asar', async () => {
    const appDir = tempDir('vanthu-pack-');
    const built = await buildElectron({ appDir });
    const rel = (abs: string) => path.relative(appDir, abs).split(path.sep).join('/');
    const inputs = new Set(built.metafiles.flatMap((m) => Object.keys(m.inputs)));
    const missing: string[] = [];
    const needs = (what: string, ok: boolean) => ok || missing.push(what);

    for (const out of built.outfiles) needs(`${rel(out)} in files`, packaged(rel(out)));
    needs('dist/renderer/index.html in files', packaged('dist/renderer/index.html'));
    needs('package.json in files (core/paths.ts finds the app folder by it)', packaged('package.json'));
    for (const f of filesUnder(path.join(REPO_ROOT, 'resources'))) needs(`${repoRel(f)} in files`, packaged(repoRel(f)));

    // Worker threads: every `new Worker` in the bundled code got its script built, packaged and unpacked.
    const workerSources = [...inputs].filter((i) => !i.startsWith('node_modules/') && fs.readFileSync(path.join(REPO_ROOT, i), 'utf8').includes('new Worker('));
    expect(workerSources.length).toBeGreaterThan(0);
    for (const src of workerSources) {
      for (const m of fs.readFileSync(path.join(REPO_ROOT, src), 'utf8').matchAll(/new URL\(\s*['"]\.{1,2}\/([^'"]+?)\.[cm]?js['"]/g)) {
        needs(`the worker ${m[1]} of ${src} built into dist/workers`, built.workers.some((w) => path.basename(w) === `${m[1]}.mjs`));
      }
    }
    for (const w of built.workers) {
      needs(`${rel(w)} in files`, packaged(rel(w)));
      needs(`${rel(w)} in asarUnpack`, unpacked(rel(w)));
    }

    // Files found beside a module's source (fonts, demo corpus): exist, and are all packaged.
    for (const src of [...inputs].filter((i) => !i.startsWith('node_modules/'))) {
      for (const target of pathsLoadedBy(src)) {
        const abs = path.join(REPO_ROOT, target);
        if (!needs(`${target} (loaded by ${src}) exists`, fs.existsSync(abs))) continue;
        const files = fs.statSync(abs).isDirectory() ? filesUnder(abs) : [abs];
        for (const f of files) needs(`${repoRel(f)} (loaded by ${src}) in files`, packaged(repoRel(f)));
      }
    }

    // Migrations are modules compiled into the bundle, not files read from disk.
    const migrationIndex = 'core/storage/migrations/index.ts';
    needs(`${migrationIndex} bundled`, inputs.has(migrationIndex));
    for (const m of fs.readFileSync(path.join(REPO_ROOT, migrationIndex), 'utf8').matchAll(/from '\.\/([\w]+)'/g)) needs(`migration ${m[1]} bundled`, inputs.has(`core/storage/migrations/${m[1]}.ts`));

    // Packages loaded from node_modules: shipped (production dependencies), and outside the asar when
    // native or imported by a worker (with what they depend on).
    const isNative = (name: string) => fs.existsSync(path.join(REPO_ROOT, 'node_modules', name, 'binding.gyp'));
    for (const name of new Set(built.metafiles.flatMap(externalPackagesOf))) {
      if (name === 'electron') continue;
      needs(`${name} in package.json dependencies`, name in pkg.dependencies);
      if (isNative(name)) needs(`native ${name} in asarUnpack`, unpacked(`node_modules/${name}/package.json`));
    }
    const forWorkers = built.workerMetafiles.flatMap(externalPackagesOf);
    for (let i = 0; i < forWorkers.length; i++) {
      const name = forWorkers[i]!;
      needs(`${name} (imported by a worker) in package.json dependencies`, name in pkg.dependencies);
      needs(`${name} (imported by a worker) in asarUnpack`, unpacked(`node_modules/${name}/package.json`));
      const deps = Object.keys((JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { dependencies?: object }).dependencies ?? {});
      for (const d of deps) if (!forWorkers.includes(d)) forWorkers.push(d);
    }
    expect(missing).toEqual([]);
  }, 60_000);
});

let child: ReturnType<typeof spawn> | undefined;
afterEach(async () => {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child!.once('exit', r));
  child.kill('SIGTERM');
  await exited;
});

/** Copies (links) the files electron-builder would put in the app, inside or beside app.asar. */
function layOut(asarDir: string, unpackedDir: string): void {
  fs.copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(asarDir, 'package.json'));
  for (const f of filesUnder(path.join(REPO_ROOT, 'resources')).map(repoRel).filter(packaged)) {
    fs.mkdirSync(path.dirname(path.join(asarDir, f)), { recursive: true });
    fs.symlinkSync(path.join(REPO_ROOT, f), path.join(asarDir, f));
  }
  for (const f of filesUnder(asarDir).map((a) => path.relative(asarDir, a).split(path.sep).join('/')).filter(unpacked)) {
    fs.mkdirSync(path.dirname(path.join(unpackedDir, f)), { recursive: true });
    fs.renameSync(path.join(asarDir, f), path.join(unpackedDir, f));
  }
  // node_modules: all of it inside the asar; beside it, only the packages asarUnpack names.
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(asarDir, 'node_modules'));
  fs.mkdirSync(path.join(unpackedDir, 'node_modules'), { recursive: true });
  const top = fs.readdirSync(path.join(REPO_ROOT, 'node_modules')).filter((n) => !n.startsWith('.'));
  const names = top.flatMap((n) => (n.startsWith('@') ? fs.readdirSync(path.join(REPO_ROOT, 'node_modules', n)).map((s) => `${n}/${s}`) : [n]));
  for (const name of names.filter((n) => unpacked(`node_modules/${n}/package.json`))) {
    fs.mkdirSync(path.dirname(path.join(unpackedDir, 'node_modules', name)), { recursive: true });
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules', name), path.join(unpackedDir, 'node_modules', name));
  }
}

describe('a bundle laid out as in the package', () => {
  // main.cjs needs Electron, which is not downloaded here; the web-mode bundle is built by the same
  // code with the same path helpers, so it stands in for it inside a stand-in app.asar folder.
  it('makes the demo from its fonts and corpus, and extracts PDF text in its worker from app.asar.unpacked', async () => {
    const root = tempDir('vanthu-asar-');
    const asarDir = path.join(root, 'resources', 'app.asar');
    const unpackedDir = path.join(root, 'resources', 'app.asar.unpacked');
    const { outfile } = await buildServer({ appDir: asarDir });
    layOut(asarDir, unpackedDir);
    expect(fs.readdirSync(path.join(unpackedDir, 'dist', 'workers'))).toContain('pdfTextWorker.mjs');
    expect(filesUnder(path.join(asarDir, 'dist')).map((f) => path.basename(f))).not.toContain('pdfTextWorker.mjs');

    const dataDir = path.join(root, 'data');
    const staticDir = tempDir();
    child = spawn(process.execPath, [outfile, '--demo', '--no-axis', '--data-dir', dataDir, '--static-dir', staticDir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child!.stdout!.on('data', () => out.includes('Press Ctrl+C') && resolve());
      child!.once('exit', (c) => reject(new Error(`web mode exited ${c}: ${out}`)));
    });

    // Every demo attachment is a PDF made with the bundled fonts; wait until the worker has read each.
    const states = () => {
      const db = new Database(path.join(dataDir, 'province', 'vanthu.db'), { readonly: true });
      try {
        return db.prepare('SELECT file_name, extraction, extraction_error FROM attachments ORDER BY id').all() as { file_name: string; extraction: string; extraction_error: string | null }[];
      } finally {
        db.close();
      }
    };
    let now = states();
    const deadline = Date.now() + 90_000;
    while (now.some((a) => a.extraction === 'pending') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      now = states();
    }
    expect(now.length).toBeGreaterThan(0);
    expect(now.filter((a) => a.extraction !== 'done')).toEqual([]);
  }, 180_000);
});
