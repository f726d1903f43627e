import fs from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { children, readTlv } from '../../../core/signing/verify/der';
import { verifyPdf } from '../../../core/signing/verify/index';
import { createTestPki, type TestPki } from '../../attacks/pki';
import { addDss, baseDocument, opensslSigner, signIncremental } from '../../attacks/sign';

// Property tests: any single changed byte of the signed bytes, of the signature's signed
// attributes, signature value or zero padding, or any truncation, is never reported valid, and
// the verifier never throws. (Unsigned parts — the CMS signer identifier, the later DSS update —
// are malleable by design; there only "never throws" is asserted.)

let pki: TestPki;
let pdf: Buffer;
let gap: [number, number];
let signedEnd: number;
/** Hex-digit positions (in the file) of the signed attributes and the signature value. */
let covered: number[];

beforeAll(async () => {
  pki = await createTestPki();
  const signed = signIncremental(baseDocument(), { field: 7, signer: opensslSigner(pki.signer, pki.chainPem) }).state;
  pdf = addDss(signed, { ocsps: [pki.ocspResponse(pki.signer)], crls: [fs.readFileSync(pki.rootCrlDer)] }).pdf;
  const m = /\/ByteRange \[0 (\d+) (\d+) (\d+)/.exec(pdf.toString('latin1'))!;
  gap = [Number(m[1]), Number(m[2])];
  signedEnd = Number(m[2]) + Number(m[3]);
  const der = Buffer.from(pdf.toString('latin1', gap[0] + 1, gap[1] - 1), 'hex');
  // ContentInfo → [0] → SignedData → last SET → SignerInfo → [0] signedAttrs, OCTET STRING signature
  const sd = readTlv(der, children(der, readTlv(der, 0))[1]!.valueStart);
  const si = children(der, children(der, sd).at(-1)!)[0]!;
  const parts = children(der, si);
  const attrs = parts.find((t) => t.tag === 0xa0)!;
  const sig = parts.find((t) => t.tag === 0x04)!;
  const hexPos = (from: number, to: number) => Array.from({ length: (to - from) * 2 }, (_, i) => gap[0] + 1 + from * 2 + i);
  const paddingFrom = readTlv(der, 0).end;
  covered = [...hexPos(attrs.start, attrs.end), ...hexPos(sig.start, sig.end), ...hexPos(paddingFrom, der.length)];
}, 60_000);

const verify = (bytes: Buffer) => verifyPdf(bytes, { trustAnchors: [pki.root.certPem] });

describe('mutations of a valid signed file', () => {
  it('the untouched file is valid', async () => {
    expect((await verify(pdf)).verdict).toBe('valid');
  });

  it('changing any signed byte makes it not valid', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 255 }), async (where, delta) => {
        const signedBytes = signedEnd - (gap[1] - gap[0]);
        let pos = where % signedBytes;
        if (pos >= gap[0]) pos += gap[1] - gap[0];
        const copy = Buffer.from(pdf);
        copy[pos] = (copy[pos]! + delta) & 0xff;
        expect((await verify(copy)).verdict).not.toBe('valid');
      }),
      { numRuns: 150 },
    );
  });

  it('changing any byte of the unsigned later update never throws', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 255 }), async (where, delta) => {
        const pos = signedEnd + (where % (pdf.length - signedEnd));
        const copy = Buffer.from(pdf);
        copy[pos] = (copy[pos]! + delta) & 0xff;
        expect(['valid', 'valid-with-later-changes', 'invalid', 'indeterminate']).toContain((await verify(copy)).verdict);
      }),
      { numRuns: 80 },
    );
  });

  it('changing any hex digit of the signed attributes, the signature value or the zero padding makes it not valid', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 15 }), async (where, delta) => {
        const pos = covered[where % covered.length]!;
        const copy = Buffer.from(pdf);
        const digit = parseInt(String.fromCharCode(copy[pos]!), 16);
        copy[pos] = ((digit + delta) % 16).toString(16).charCodeAt(0);
        const r = await verify(copy);
        expect(r.verdict, `hex digit at ${pos}`).not.toBe('valid');
      }),
      { numRuns: 150 },
    );
  });

  it('a truncated file is never valid', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1_000_000 }), async (where) => {
        const cut = where % pdf.length;
        expect((await verify(pdf.subarray(0, cut))).verdict).not.toBe('valid');
      }),
      { numRuns: 80 },
    );
  });
});
