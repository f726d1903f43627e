import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_P12_PASSPHRASE, testPki } from '../../support/pki/index';
import { sealPng, signaturePng } from '../../support/pki/images';
import { samplePdf, tempDir } from '../../support/pki/samplePdf';
import { TestTokenStore, SOFTHSM_MODULE } from '../../support/pki/softhsm';
import { startTestTsa, type TestTsa } from '../../support/pki/tsa';
import { pdfsig, qpdfCheckOk } from './signHelpers';

const run = promisify(execFile);
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/vanthu.mjs');
const pki = testPki();
const dir = tempDir('vanthu-sign-cli-');
const file = (name: string) => path.join(dir, name);

async function vanthu(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, cwd: dir });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

let tsa: TestTsa;
beforeAll(async () => {
  tsa = await startTestTsa();
  fs.writeFileSync(file('in.pdf'), await samplePdf());
  fs.writeFileSync(file('sig.png'), signaturePng());
  fs.writeFileSync(file('seal.png'), sealPng(400, 254));
});
afterAll(async () => tsa?.close());

describe('vanthu sign', () => {
  it('signs with a PKCS#12 file, image, seal, rectangle and timestamp, printing JSON and leaving --in untouched', async () => {
    const before = fs.readFileSync(file('in.pdf'));
    const r = await vanthu(
      ['sign', '--in', 'in.pdf', '--out', 'out.pdf', '--p12', pki.identities.leader.p12File, '--passphrase-env', 'KEY_PASS', '--image', 'sig.png',
        '--seal', 'seal.png', '--authority', 'KT.', '--title', 'Chủ tịch', '--title', 'Phó chủ tịch', '--page', '1', '--rect', '330,480,200,110', '--tsa', tsa.url, '--json'],
      { KEY_PASS: TEST_P12_PASSPHRASE },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ level: 'B-T', signer: 'Nguyễn Văn An', fieldName: 'Signature1' });
    expect(fs.readFileSync(file('in.pdf')).equals(before)).toBe(true);
    const out = fs.readFileSync(file('out.pdf'));
    expect(pdfsig(out)[0]).toMatchObject({ signatureValid: true, certificateTrusted: true });
    expect(qpdfCheckOk(out)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('signs with a SoftHSM2 token found by label, placed by anchor text', async () => {
    const store = new TestTokenStore();
    const token = store.addToken('seal', 'Agency Seal');
    const r = await vanthu(
      ['sign', '--in', 'in.pdf', '--out', 'token.pdf', '--pkcs11-module', SOFTHSM_MODULE, '--pin-env', 'TOKEN_PIN', '--token-label', token.label,
        '--seal', 'seal.png', '--anchor', 'CHU TICH'],
      { TOKEN_PIN: token.pin, SOFTHSM2_CONF: store.conf },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Signed by UBND Thành phố Thử Nghiệm');
    expect(pdfsig(fs.readFileSync(file('token.pdf')))[0]).toMatchObject({ signatureValid: true, certificateTrusted: true });
  });

  it('fails cleanly on a wrong passphrase: exit 1, the error code in JSON, no output file', async () => {
    const r = await vanthu(['sign', '--in', 'in.pdf', '--out', 'never.pdf', '--p12', pki.identities.leader.p12File, '--passphrase-env', 'KEY_PASS', '--json'], {
      KEY_PASS: 'wrong',
    });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toBe('SIG_PASSPHRASE_WRONG');
    expect(fs.existsSync(file('never.pdf'))).toBe(false);
  });

  it('refuses to overwrite --in and refuses a half-given placement', async () => {
    const same = await vanthu(['sign', '--in', 'in.pdf', '--out', './in.pdf', '--p12', pki.identities.leader.p12File, '--passphrase-env', 'KEY_PASS'], {
      KEY_PASS: TEST_P12_PASSPHRASE,
    });
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('--out must differ from --in');
    const noPage = await vanthu(['sign', '--in', 'in.pdf', '--out', 'x.pdf', '--p12', pki.identities.leader.p12File, '--passphrase-env', 'KEY_PASS', '--rect', '1,2,3,4'], {
      KEY_PASS: TEST_P12_PASSPHRASE,
    });
    expect(noPage.code).toBe(2);
  });
});
