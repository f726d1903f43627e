#!/usr/bin/env node
// Builds what the app runs: the renderer (vite) and the Electron main + preload (esbuild).
// Web mode and the CLI run the TypeScript sources directly and need only the renderer.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';

const only = process.argv[2]; // 'renderer' | 'electron' | undefined (both)

if (!only || only === 'renderer') {
  console.log('Building the interface (vite)…');
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
}
if (!only || only === 'electron') {
  console.log('Building the Electron main process and preload (esbuild)…');
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    external: ['electron', 'better-sqlite3', 'pkcs11js', 'pdfjs-dist'],
    // core/paths.ts finds the install folder from its own location.
    define: { 'import.meta.url': '__vanthuFileUrl' },
    banner: { js: "const __vanthuFileUrl = require('node:url').pathToFileURL(__filename).href;" },
    logLevel: 'warning',
  };
  await build({ ...common, entryPoints: ['main/main.ts'], outfile: 'dist/main/main.cjs' });
  await build({ ...common, entryPoints: ['main/preload.ts'], outfile: 'dist/main/preload.cjs', external: ['electron'] });
}
console.log('Build complete.');
