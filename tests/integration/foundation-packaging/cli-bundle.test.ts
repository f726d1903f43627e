import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCli, CLI_BUNDLE, CLI_INPUTS, cliBundleIsStale, REPO_ROOT } from '../../../scripts/build.mjs';
import { tempDir } from '../../support/core';

// `npx vanthu` runs dist/cli/vanthu.mjs when it is up to date with the sources (a third of tsx's
// start time) and the TypeScript sources otherwise: an edited source must never run stale code.
describe('the CLI bundle', () => {
  it('is current right after a build, stale once a source it was built from changes, and answers as the sources do', async () => {
    const appDir = tempDir('vanthu-cli-bundle-');
    const { outfile } = await buildCli({ appDir });
    expect(outfile).toBe(path.join(appDir, CLI_BUNDLE));
    expect(cliBundleIsStale(appDir)).toBe(false);
    const built = JSON.parse(fs.readFileSync(path.join(appDir, CLI_INPUTS), 'utf8')) as { startedAt: number; inputs: string[] };
    for (const src of ['cli/main.ts', 'core/app.ts', 'core/exchange/edxml/parse.ts', 'core/storage/segmentLog.ts']) expect(built.inputs).toContain(src);

    // The bundle and the sources give the same answer, output and exit code, to good and bad input.
    const viaBundle = (args: string[]) => spawnSync(process.execPath, ['--input-type=module', '-e', `const { runCli } = await import(${JSON.stringify(outfile)}); process.exitCode = await runCli(${JSON.stringify(args)});`], { encoding: 'utf8' });
    const viaSources = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `const { runCli } = await import(${JSON.stringify(path.join(REPO_ROOT, 'cli/main.ts'))}); process.exitCode = await runCli(${JSON.stringify(args)});`], { encoding: 'utf8' });
    const missing = path.join(appDir, 'missing.xml');
    for (const args of [['--help'], ['exchange', 'parse', missing, '--json']]) {
      const a = viaBundle(args);
      const b = viaSources(args);
      expect({ status: a.status, stdout: a.stdout, stderr: a.stderr }).toEqual({ status: b.status, stdout: b.stdout, stderr: b.stderr });
    }
    expect(viaBundle(['exchange', 'parse', missing, '--json']).status).not.toBe(0);

    // A source edited after the build (a stand-in listed as an input) makes it stale.
    const edited = path.join(appDir, 'edited-source.ts');
    fs.writeFileSync(edited, 'export {};');
    const later = new Date(fs.statSync(outfile).mtimeMs + 2000);
    fs.utimesSync(edited, later, later);
    fs.writeFileSync(path.join(appDir, CLI_INPUTS), JSON.stringify({ ...built, inputs: [...built.inputs, path.relative(REPO_ROOT, edited)] }));
    expect(cliBundleIsStale(appDir)).toBe(true);
    fs.writeFileSync(path.join(appDir, CLI_INPUTS), JSON.stringify(built));
    expect(cliBundleIsStale(appDir)).toBe(false);
    fs.rmSync(outfile);
    expect(cliBundleIsStale(appDir)).toBe(true);
  }, 120_000);
});
