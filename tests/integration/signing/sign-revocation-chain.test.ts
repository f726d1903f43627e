import fs from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPdfDetailed } from '../../../core/signing/index';
import { verifyPdf } from '../../../core/signing/verify/index';
import { certInfo } from '../../../core/signing/verify/certs';
import { namesMatch } from '../../../core/signing/verify/names';
import { httpRevocationFetcher } from '../../../core/signing/verify/revocation';
import { createChainScenario, type ChainScenario } from '../../support/pki/chainScenario';
import { TEST_P12_PASSPHRASE } from '../../support/pki/index';
import { samplePdf } from '../../support/pki/samplePdf';

// Before signing, the status of every certificate in the signer's chain is checked: the signer's
// (OCSP from its AIA, CRL from its distribution point) and each issuing CA's (CRL from its
// distribution point), over plain HTTP with a timeout and a size limit. Real openssl CA, CRLs and
// `openssl ocsp`; nothing is mocked.

let s: ChainScenario;
let input: Uint8Array;
const key = (file: string) => ({ kind: 'p12' as const, file, passphrase: TEST_P12_PASSPHRASE });

beforeAll(async () => {
  s = await createChainScenario();
  input = await samplePdf();
}, 120_000);

afterAll(async () => {
  await s?.stop();
});

describe('revocation of the whole chain when signing', () => {
  it('signs with a good chain and keeps the OCSP answer and the CA CRL fetched from the distribution point, enough to verify offline', async () => {
    const before = Buffer.from(input);
    const result = await signPdfDetailed({ input, key: key(s.goodSignerP12) });
    expect(Buffer.from(input).equals(before)).toBe(true);
    expect(s.crlRequests.get('root.crl')).toBeGreaterThan(0);
    const report = await verifyPdf(result.bytes, { trustAnchors: [s.rootPem] });
    expect(report.verdict).toBe('valid');
    expect(report.signatures[0]!.revocation).toBe('good');
  });

  it('refuses to sign when the root has revoked the issuing CA (CRL from its distribution point), naming the CA', async () => {
    const before = Buffer.from(input);
    const refused = signPdfDetailed({ input, key: key(s.underRevokedCaP12) });
    await expect(refused).rejects.toMatchObject({
      code: 'SIG_CERT_REVOKED',
      message: expect.stringContaining('VanThu Chain Withdrawn'),
      details: { revokedCertificate: 'VanThu Chain Withdrawn' },
    });
    expect(Buffer.from(input).equals(before)).toBe(true);
  });

  it('applies a CRL whose issuer name is encoded differently (PrintableString, other case, doubled space) and checks its signature', async () => {
    // The twin certificate carries exactly the issuer name written into the CRL.
    const crlIssuer = certInfo(Buffer.from(fs.readFileSync(`${s.dir}/twin.pem`, 'utf8').replace(/-----[^-]+-----|\s+/g, ''), 'base64')).subjectDer;
    const intermediate = certInfo(s.goodIntermediateDer);
    expect(crlIssuer.equals(intermediate.subjectDer)).toBe(false);
    expect(namesMatch(crlIssuer, intermediate.subjectDer)).toBe(true);

    await expect(signPdfDetailed({ input, key: key(s.revokedByTwinCrlP12), revocation: { crls: [s.twinCrl], online: false } })).rejects.toMatchObject({
      code: 'SIG_CERT_REVOKED',
    });
    // The same CRL with one byte of its signature changed is not evidence of anything.
    const forged = Buffer.from(s.twinCrl);
    forged[forged.length - 5]! ^= 0xff;
    const unverified = await signPdfDetailed({ input, key: key(s.revokedByTwinCrlP12), revocation: { crls: [forged], online: false } });
    expect(unverified.level).toBe('B-B');
    await expect(signPdfDetailed({ input, key: key(s.revokedByTwinCrlP12), revocation: { crls: [forged], online: false, required: true } })).rejects.toMatchObject({
      code: 'SIG_REVOCATION_UNAVAILABLE',
    });
  });

  it('reads no more than the size limit and gives up after the timeout: the status is then unavailable, never good', async () => {
    await expect(signPdfDetailed({ input, key: key(s.goodSignerP12), revocation: { maxBytes: 64, required: true } })).rejects.toMatchObject({
      code: 'SIG_REVOCATION_UNAVAILABLE',
      message: expect.stringMatching(/larger than 64 bytes/),
    });
    const silent = net.createServer(() => {
      // Accepts and never answers.
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const started = Date.now();
      await expect(httpRevocationFetcher(300).crl(`http://127.0.0.1:${port}/slow.crl`)).rejects.toThrow(/abort|timeout/i);
      expect(Date.now() - started).toBeLessThan(5000);
      await expect(httpRevocationFetcher().crl(`https://127.0.0.1:${port}/a.crl`)).rejects.toThrow(/only http/);
    } finally {
      silent.close();
    }
  });

  it('offline: signs without validation data by default, and refuses when the status is required', async () => {
    await s.goOffline();
    const result = await signPdfDetailed({ input, key: key(s.goodSignerP12), revocation: { timeoutMs: 2000 } });
    expect(result.level).toBe('B-B');
    expect(Buffer.from(result.bytes).toString('latin1')).not.toContain('/DSS');
    const report = await verifyPdf(result.bytes, { trustAnchors: [s.rootPem] });
    expect(report.verdict).not.toBe('valid');
    expect(report.signatures[0]!.revocation).not.toBe('good');
    await expect(signPdfDetailed({ input, key: key(s.goodSignerP12), revocation: { timeoutMs: 2000, required: true } })).rejects.toMatchObject({
      code: 'SIG_REVOCATION_UNAVAILABLE',
    });
  });
});
