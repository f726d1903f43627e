// Signing benchmarks (issue 5):
//  1. PAdES-sign a 10 MB PDF vs the floor measured in the same run (read file, SHA-256, one RSA
//     signature, write file) — reported as a ratio.
//  2. The same signature vs @signpdf/signpdf (placeholder-plain + signer-p12) on the same file.
//  3. Batch-signing 100 small documents with one PIN login on a SoftHSM2 token (docs/s).

import { createHash, createPrivateKey, sign as rsaSign } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SignPdf } from '@signpdf/signpdf';
import { P12Signer } from '@signpdf/signer-p12';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { openSigningKey, signPdf } from '../core/signing/index';
import { TEST_P12_PASSPHRASE, testPki } from '../tests/support/pki/index';
import { samplePdf } from '../tests/support/pki/samplePdf';
import { SOFTHSM_MODULE, TestTokenStore } from '../tests/support/pki/softhsm';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timeRuns(runs: number, fn: () => Promise<void> | void): Promise<number> {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

export async function run(): Promise<object> {
  const pki = testPki();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-bench-signing-'));
  try {
    const inputFile = path.join(dir, 'big.pdf');
    const outputFile = path.join(dir, 'signed.pdf');
    fs.writeFileSync(inputFile, await samplePdf({ pages: 3, padBytes: 10 * 1024 * 1024 }));
    const sizeMb = fs.statSync(inputFile).size / (1024 * 1024);
    const runs = 5;

    const rsaKey = createPrivateKey(pki.identities.leader.keyPem);
    const floorMs = await timeRuns(runs, () => {
      const bytes = fs.readFileSync(inputFile);
      const digest = createHash('sha256').update(bytes).digest();
      const signature = rsaSign('sha256', digest, rsaKey);
      fs.writeFileSync(outputFile, Buffer.concat([bytes, signature]));
    });

    const key = openSigningKey({ kind: 'p12', file: pki.identities.leader.p12File, passphrase: TEST_P12_PASSPHRASE });
    const oursMs = await timeRuns(runs, async () => {
      const signed = await signPdf({ input: fs.readFileSync(inputFile), key });
      fs.writeFileSync(outputFile, signed);
    });
    await key.close();

    const p12Bytes = fs.readFileSync(pki.identities.leader.p12File);
    const signpdfMs = await timeRuns(runs, async () => {
      const withPlaceholder = plainAddPlaceholder({ pdfBuffer: fs.readFileSync(inputFile), reason: 'bench', contactInfo: '', name: 'bench', location: '', signatureLength: 16384 });
      const signed = await new SignPdf().sign(withPlaceholder, new P12Signer(p12Bytes, { passphrase: TEST_P12_PASSPHRASE }));
      fs.writeFileSync(outputFile, signed);
    });

    // Batch on a real token: one login, 100 documents.
    const store = new TestTokenStore();
    const token = store.addToken('leader', 'Bench Token');
    store.activate();
    const small = await samplePdf();
    const batchSize = 100;
    const tokenKey = openSigningKey({ kind: 'pkcs11', module: SOFTHSM_MODULE, pin: token.pin, tokenLabel: token.label });
    const t0 = performance.now();
    for (let i = 0; i < batchSize; i++) await signPdf({ input: small, key: tokenKey });
    const batchMs = performance.now() - t0;
    await tokenKey.close();

    return {
      fileSizeMb: Number(sizeMb.toFixed(1)),
      runs,
      floorMs: Number(floorMs.toFixed(1)),
      signPdfMs: Number(oursMs.toFixed(1)),
      ratioToFloor: Number((oursMs / floorMs).toFixed(2)),
      signpdfLibMs: Number(signpdfMs.toFixed(1)),
      ratioToSignpdf: Number((oursMs / signpdfMs).toFixed(2)),
      softhsmBatch: { documents: batchSize, logins: 1, totalMs: Math.round(batchMs), docsPerSecond: Number(((batchSize * 1000) / batchMs).toFixed(1)) },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run(), null, 2));
}
