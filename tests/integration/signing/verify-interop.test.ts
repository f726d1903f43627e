import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendDss, signPdfDetailed, type KeySpec } from '../../../core/signing/index';
import { verifyPdf, type VerifyReport } from '../../../core/signing/verify/index';
import { generateCorpus, type Fixture } from '../../attacks/generate';
import { createTestPki, type TestPki } from '../../attacks/pki';
import { corpusPkiFromSupport } from '../../attacks/supportPki';
import { addDss, appendDssRaw, baseDocument, opensslSigner, signIncremental } from '../../attacks/sign';
import { TEST_P12_PASSPHRASE, testPki, type EndEntityName } from '../../support/pki/index';
import { startOcspResponder, type TestOcspResponder } from '../../support/pki/ocsp';
import { signaturePng } from '../../support/pki/images';
import { samplePdf } from '../../support/pki/samplePdf';
import { startTestTsa, type TestTsa } from '../../support/pki/tsa';

// Independent tools agree with the verifier: what VanThu calls valid, poppler's pdfsig (NSS)
// calls valid and trusted; signatures made by VanThu's signer, @signpdf and `openssl cms` verify;
// revoked certificates (OCSP responder, CRL) are never valid.

let mine: TestPki;
/** The corpus signed with the shared signing-test PKI (its certificates NSS accepts). */
let supportPki: TestPki;
let corpus: Fixture[];
let nssDir: string;

function pdfsigText(bytes: Uint8Array): string {
  const file = path.join(nssDir, `doc-${process.pid}-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, bytes);
  try {
    // pdfsig exits 0 even for forged files: only its text counts. (Its -no-ocsp switch turns every
    // certificate check into "Unknown issue" in poppler 22.12, so it is not used.)
    return execFileSync('pdfsig', ['-nssdir', `sql:${nssDir}`, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? '');
  } finally {
    fs.rmSync(file, { force: true });
  }
}

function pdfsigBlocks(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const block of text.split(/^Signature #\d+:$/m).slice(1)) {
    const field = /Signature Field Name: (.*)/.exec(block)?.[1]?.trim() ?? '';
    out.set(field, block);
  }
  return out;
}

const codes = (r: VerifyReport): string[] => r.signatures.flatMap((s) => s.reasons.map((x) => x.code));

beforeAll(async () => {
  mine = await createTestPki();
  supportPki = corpusPkiFromSupport(mine);
  // A minute ago, but never before the shared PKI's certificates begin: on a clean machine that
  // PKI is made during this very run, and a signature older than its certificate is invalid.
  const pems = Object.values(supportPki).flatMap((v) => (typeof v === 'object' && v && 'certPem' in v && typeof v.certPem === 'string' ? [v.certPem] : []));
  const issued = Math.max(...pems.map((pem) => Date.parse(new X509Certificate(pem).validFrom)));
  const signingTime = Math.max(Date.now() - 60_000, issued + 1_000);
  if (signingTime > Date.now()) await new Promise((resolve) => setTimeout(resolve, signingTime - Date.now() + 50));
  corpus = generateCorpus(supportPki, { signingTime: new Date(signingTime) });
  nssDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-verify-nss-'));
  execFileSync('certutil', ['-N', '-d', `sql:${nssDir}`, '--empty-password']);
  execFileSync('certutil', ['-A', '-n', 'root', '-t', 'CT,C,C', '-i', supportPki.root.cert, '-d', `sql:${nssDir}`]);
  // Signer certificates stored without any trust: pdfsig (poppler 22.12) otherwise reports
  // "Unknown issue with Certificate" for the second signature by the same signer in one file.
  for (const id of [supportPki.signer, supportPki.ecSigner]) {
    execFileSync('certutil', ['-A', '-n', id.name, '-t', ',,', '-i', id.cert, '-d', `sql:${nssDir}`]);
  }
}, 120_000);

afterAll(() => {
  fs.rmSync(nssDir, { recursive: true, force: true });
});

describe('pdfsig agrees', () => {
  it('every signature VanThu calls valid is one pdfsig calls valid and trusted', async () => {
    let checked = 0;
    for (const f of corpus) {
      const report = await verifyPdf(f.pdf, { trustAnchors: [supportPki.root.certPem] });
      const validOnes = report.signatures.filter((s) => s.status === 'valid' || s.status === 'valid-with-later-changes');
      if (validOnes.length === 0) continue;
      const blocks = pdfsigBlocks(pdfsigText(f.pdf));
      for (const s of validOnes) {
        const block = blocks.get(s.field);
        expect(block, `${f.name} ${s.field}`).toBeDefined();
        expect(block, `${f.name} ${s.field}`).toMatch(/Signature Validation: Signature is Valid\./);
        expect(block, `${f.name} ${s.field}: ${block}`).toMatch(/Certificate Validation: Certificate is Trusted\./);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });
});

describe('signatures made by other tools', () => {
  it('openssl cms over a byte range (RSA, RSA-PSS, ECDSA) verifies as valid', async () => {
    for (const name of ['ok-signed', 'ok-rsa-pss', 'ok-ecdsa']) {
      const f = corpus.find((x) => x.name === name)!;
      expect((await verifyPdf(f.pdf, { trustAnchors: [supportPki.root.certPem] })).verdict, name).toBe('valid');
    }
  });

  it('@signpdf (adbe.pkcs7.detached, signing-time attribute) verifies as valid once revocation data is added', async () => {
    const pki = testPki();
    const withPlaceholder = plainAddPlaceholder({ pdfBuffer: Buffer.from(await samplePdf()), reason: 'Phê duyệt', contactInfo: 'vt@example.vn', name: 'Nguyen Van An', location: 'Ha Noi' });
    const signer = new P12Signer(fs.readFileSync(pki.identities.leader.p12File), { passphrase: TEST_P12_PASSPHRASE });
    const signed = await new SignPdf().sign(withPlaceholder, signer);
    const offline = await verifyPdf(signed, { trustAnchors: [pki.rootCertPem] });
    expect(offline.verdict).toBe('indeterminate');
    expect(codes(offline)).toContain('REVOCATION_UNKNOWN');
    // (@signpdf's startxref points one byte early, which VanThu's signer refuses: write the DSS raw.)
    const lt = appendDssRaw(signed, { crls: [fs.readFileSync(pki.crlFile)] });
    const report = await verifyPdf(lt, { trustAnchors: [pki.rootCertPem] });
    expect(report.verdict).toBe('valid');
    expect(report.signatures[0]!.subFilter).toBe('adbe.pkcs7.detached');
    expect(report.signatures[0]!.signer).toBe('Nguyễn Văn An');
  });
});

describe("VanThu's own signer", () => {
  const pki = testPki();
  const p12 = (name: EndEntityName): KeySpec => ({ kind: 'p12', file: pki.identities[name].p12File, passphrase: TEST_P12_PASSPHRASE });
  let tsa: TestTsa;
  let ocsp: TestOcspResponder;
  beforeAll(async () => {
    tsa = await startTestTsa();
    ocsp = await startOcspResponder();
  });
  afterAll(async () => {
    await tsa.close();
    await ocsp.stop();
  });

  it('PAdES B-LT with a time-stamp verifies as valid, with the time taken from the time-stamp', async () => {
    const result = await signPdfDetailed({
      input: await samplePdf(),
      key: p12('leader'),
      tsaUrl: tsa.url,
      revocation: { ocspUrl: ocsp.url, crls: [fs.readFileSync(pki.crlFile)], required: true },
    });
    const report = await verifyPdf(result.bytes, { trustAnchors: [pki.rootCertPem] });
    expect(report.verdict, JSON.stringify(report.signatures.map((x) => x.reasons))).toBe('valid');
    const s = report.signatures[0]!;
    expect(s.timeSource).toBe('timestamp');
    expect(s.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['TIMESTAMP_VALID', 'REVOCATION_CHECKED']));
    expect(s.reasons.map((r) => r.code)).not.toContain('SIGNING_CERT_ATTR_ABSENT');
  });

  it('a leader signature and an agency seal, both visible, verify as valid: the second update counts as signing only', async () => {
    for (const xref of ['table', 'stream'] as const) {
      const first = await signPdfDetailed({
        input: await samplePdf({ pages: 2, xref }),
        key: p12('leader'),
        appearance: { signatureImage: signaturePng() },
        placement: { page: 1, rect: { x: 300, y: 100, width: 150, height: 60 } },
        revocation: { ocspUrl: ocsp.url, required: true },
      });
      const second = await signPdfDetailed({ input: first.bytes, key: p12('seal'), appearance: { style: 'stamp' }, revocation: { ocspUrl: ocsp.url, required: true } });
      const report = await verifyPdf(second.bytes, { trustAnchors: [pki.rootCertPem] });
      expect(report.verdict, xref).toBe('valid');
      expect(report.signatures.map((x) => x.status)).toEqual(['valid', 'valid']);
      expect(report.signatures[0]!.changesAfter.every((c) => c.category === 'signature' || c.category === 'dss' || c.category === 'sig-field-added')).toBe(true);
    }
  });

  it('documents rewritten by qpdf (linearized, object streams, QDF) and then signed verify as valid', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-verify-qpdf-'));
    try {
      fs.writeFileSync(path.join(work, 'in.pdf'), await samplePdf({ pages: 3 }));
      for (const args of [['--linearize'], ['--linearize', '--object-streams=generate'], ['--qdf']]) {
        execFileSync('qpdf', [...args, path.join(work, 'in.pdf'), path.join(work, 'out.pdf')]);
        const signed = await signPdfDetailed({ input: fs.readFileSync(path.join(work, 'out.pdf')), key: p12('leader'), revocation: { crls: [fs.readFileSync(pki.crlFile)] } });
        expect((await verifyPdf(signed.bytes, { trustAnchors: [pki.rootCertPem] })).verdict, args.join(' ')).toBe('valid');
      }
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it('an ECDSA signature on a document with xref streams verifies as valid', async () => {
    const result = await signPdfDetailed({
      input: await samplePdf({ xref: 'stream' }),
      key: p12('leaderEc'),
      revocation: { ocspUrl: ocsp.url, required: true },
    });
    expect((await verifyPdf(result.bytes, { trustAnchors: [pki.rootCertPem] })).verdict).toBe('valid');
  });

  it('a time-stamp from an untrusted TSA or a different root is not enough: the signer must chain to the trust store', async () => {
    const result = await signPdfDetailed({ input: await samplePdf(), key: p12('leader'), tsaUrl: tsa.url });
    const report = await verifyPdf(result.bytes, { trustAnchors: [mine.root.certPem] });
    expect(report.verdict).toBe('indeterminate');
    expect(codes(report)).toContain('CHAIN_NOT_TRUSTED');
  });

  it('a revoked signer listed on the CRL in the DSS is invalid', async () => {
    const signed = await signPdfDetailed({ input: await samplePdf(), key: p12('revoked') });
    const lt = await appendDss(signed.bytes, { certs: [], ocsps: [], crls: [fs.readFileSync(pki.crlFile)] });
    const report = await verifyPdf(lt, { trustAnchors: [pki.rootCertPem] });
    expect(report.verdict).toBe('invalid');
    expect(codes(report)).toContain('CERT_REVOKED');
  });
});

describe('revocation fetched over the network (only when allowed)', () => {
  it('asks the OCSP responder and the CRL address in the certificates: good → valid, revoked → invalid, offline → indeterminate', async () => {
    const stopOcsp = await mine.startOcspServer();
    const stopCrl = await mine.startCrlServer();
    try {
      const good = signIncremental(baseDocument(), { field: 7, signer: opensslSigner(mine.signer, mine.chainPem) }).state.pdf;
      const revoked = signIncremental(baseDocument(), { field: 7, signer: opensslSigner(mine.revoked, mine.chainPem) }).state.pdf;
      expect((await verifyPdf(good, { trustAnchors: [mine.root.certPem] })).verdict).toBe('indeterminate');
      const online = await verifyPdf(good, { trustAnchors: [mine.root.certPem], online: true });
      expect(online.verdict).toBe('valid');
      expect(online.signatures[0]!.revocation).toBe('good');
      const bad = await verifyPdf(revoked, { trustAnchors: [mine.root.certPem], online: true });
      expect(bad.verdict).toBe('invalid');
      expect(bad.signatures[0]!.revocation).toBe('revoked');
    } finally {
      stopOcsp();
      stopCrl();
    }
  });

  it('a CRL embedded in the DSS that lists the signer makes the signature invalid', async () => {
    const s = signIncremental(baseDocument(), { field: 7, signer: opensslSigner(mine.revoked, mine.chainPem) }).state;
    const lt = addDss(s, { crls: [fs.readFileSync(mine.interCrlDer), fs.readFileSync(mine.rootCrlDer)] });
    const report = await verifyPdf(lt.pdf, { trustAnchors: [mine.root.certPem] });
    expect(report.verdict).toBe('invalid');
    expect(report.signatures[0]!.reasons.find((r) => r.code === 'CERT_REVOKED')?.detail).toMatch(/crl, embedded/);
  });
});
