import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus, type Fixture } from '../../attacks/generate';
import { createTestPki, type TestPki } from '../../attacks/pki';

// `vanthu verify`, `vanthu trust add`, `vanthu trust list` through the real binary.

const run = promisify(execFile);
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/vanthu.mjs');
let dir: string;
let pki: TestPki;
let corpus: Fixture[];
const file = (name: string) => path.join(dir, name);

async function vanthu(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, LANG: 'C' } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-verify-cli-'));
  pki = await createTestPki();
  corpus = generateCorpus(pki);
  for (const f of corpus) fs.writeFileSync(file(`${f.name}.pdf`), f.pdf);
  fs.writeFileSync(file('root.pem'), pki.root.certPem);
  fs.copyFileSync(pki.signer.cert, file('signer.pem'));
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('vanthu trust', () => {
  // (Each CLI start costs seconds on a loaded machine: few invocations, generous timeouts.)
  it('adds a root, lists it, and refuses a signer certificate', async () => {
    const dataDir = file('profile-a');
    const added = await vanthu(['trust', 'add', 'root.pem', '--data-dir', dataDir, '--json']);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout).added[0].commonName).toBe('VanThu Test Root CA');
    const listed = JSON.parse((await vanthu(['trust', 'list', '--data-dir', dataDir, '--json'])).stdout);
    expect(listed.anchors).toHaveLength(1);
    expect(listed.anchors[0].selfSigned).toBe(true);
    const refused = await vanthu(['trust', 'add', 'signer.pem', '--data-dir', dataDir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/not a CA certificate/);
  }, 120_000);
});

describe('vanthu verify', () => {
  it('exits 0 for a valid file, with the JSON contract fields', async () => {
    const r = await vanthu(['verify', 'ok-signed.pdf', '--trust', 'root.pem', '--json', '--data-dir', file('profile-b')]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ file: 'ok-signed.pdf', verdict: 'valid' });
    expect(report.signatures[0]).toMatchObject({ signer: 'Nguyen Van A', timeSource: 'claimed', status: 'valid' });
    expect(report.signatures[0].reasons[0]).toEqual(expect.objectContaining({ code: expect.any(String), vi: expect.any(String), en: expect.any(String) }));
  }, 60_000);

  it('uses the profile trust store, and exits 1 unless every file is valid, printing a report per file', async () => {
    const dataDir = file('profile-c');
    await vanthu(['trust', 'add', 'root.pem', '--data-dir', dataDir]);
    const r = await vanthu(['verify', 'ok-signed.pdf', 'isa-content-replaced.pdf', 'ok-form-fill-after-signature.pdf', '--data-dir', dataDir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ok-signed\.pdf: valid$/m);
    expect(r.stdout).toMatch(/^isa-content-replaced\.pdf: invalid$/m);
    expect(r.stdout).toMatch(/^ok-form-fill-after-signature\.pdf: valid-with-later-changes$/m);
    expect(r.stdout).toMatch(/DISALLOWED_CHANGE/);
  }, 90_000);

  it('reports a missing file as an error', async () => {
    const r = await vanthu(['verify', 'nope.pdf', '--data-dir', file('profile-d')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/nope\.pdf/);
  }, 60_000);
});
