import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildServer, REPO_ROOT, SERVER_INPUTS, serverBundleIsStale } from '../../../scripts/build.mjs';
import { tempDir } from '../../support/core';

// `npm start` runs web mode from dist/server/web.mjs and rebuilds it first when it is stale: a
// launch after editing any source the server is made of must run the edited code.
describe('the web-mode server bundle', () => {
  it('is current right after a build, and stale once a source it was built from changes or it is gone', async () => {
    const appDir = tempDir('vanthu-bundle-');
    const { outfile } = await buildServer({ appDir });
    expect(serverBundleIsStale(appDir)).toBe(false);

    const manifest = path.join(appDir, SERVER_INPUTS);
    const built = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { startedAt: number; inputs: string[] };
    const { inputs } = built;
    // Made of the server, the core, the shared contract and the worker script, not just the entry.
    for (const src of ['server/web/main.ts', 'core/app.ts', 'shared/api/contract.ts', 'core/documents/search/extract/pdfTextWorker.mjs']) expect(inputs).toContain(src);

    // A source edited after the build (a stand-in file listed as an input, not a real source).
    const edited = path.join(appDir, 'edited-source.ts');
    fs.writeFileSync(edited, 'export {};');
    const later = new Date(fs.statSync(outfile).mtimeMs + 2000);
    fs.utimesSync(edited, later, later);
    fs.writeFileSync(manifest, JSON.stringify({ ...built, inputs: [...inputs, path.relative(REPO_ROOT, edited)] }));
    expect(serverBundleIsStale(appDir)).toBe(true);

    // A source that no longer exists (moved or deleted) also means rebuild.
    fs.rmSync(edited);
    expect(serverBundleIsStale(appDir)).toBe(true);
    fs.writeFileSync(manifest, JSON.stringify(built));
    expect(serverBundleIsStale(appDir)).toBe(false);

    fs.rmSync(outfile);
    expect(serverBundleIsStale(appDir)).toBe(true);
  }, 60_000);
});
