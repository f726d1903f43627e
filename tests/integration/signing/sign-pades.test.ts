import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as pkijs from 'pkijs';
import { PDFArray, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { signPdf, signPdfDetailed, type KeySpec } from '../../../core/signing/index';
import { OID } from '../../../core/signing/cms/cades';
import { TEST_P12_PASSPHRASE, pemToDerList, testPki, type EndEntityName } from '../../support/pki/index';
import { startTestTsa, type TestTsa } from '../../support/pki/tsa';
import { startOcspResponder, type TestOcspResponder } from '../../support/pki/ocsp';
import { createAiaScenario, type AiaScenario } from '../../support/pki/aia';
import { extractSignatures, opensslVerify, pdfsig } from '../../support/pki/tools';
import { qpdfCheck, qpdfTransform, samplePdf, tempDir } from '../../support/pki/samplePdf';

const pki = testPki();
const p12 = (name: EndEntityName, passphrase = TEST_P12_PASSPHRASE): KeySpec => ({ kind: 'p12', file: pki.identities[name].p12File, passphrase });

function signerInfoOf(cms: Buffer): pkijs.SignerInfo {
  const info = pkijs.ContentInfo.fromBER(new Uint8Array(cms));
  return new pkijs.SignedData({ schema: info.content }).signerInfos[0]!;
}

let tsa: TestTsa;
let ocsp: TestOcspResponder;
beforeAll(async () => {
  [tsa, ocsp] = await Promise.all([startTestTsa(), startOcspResponder()]);
});
afterAll(async () => {
  await Promise.all([tsa?.close(), ocsp?.stop()]);
});

describe('PAdES baseline B-B signatures', () => {
  it.each(['leader', 'leader3072', 'leader4096', 'leaderEc'] as const)('a %s key gives a signature pdfsig and openssl accept', async (name) => {
    const signed = await signPdf({ input: await samplePdf(), key: p12(name) });
    const [sig] = pdfsig(signed);
    expect(sig).toMatchObject({ signatureValid: true, certificateTrusted: true, subFilter: 'ETSI.CAdES.detached' });
    expect(qpdfCheck(signed).code).toBe(0);
    expect(opensslVerify(extractSignatures(signed)[0]!).ok).toBe(true);
  });

  it('has content-type, message-digest and signing-certificate-v2 signed attributes, no signing-time, and /M in +07:00', async () => {
    const time = new Date('2026-03-02T01:02:03Z');
    const signed = await signPdf({ input: await samplePdf(), key: p12('leader'), signingTime: time });
    const { cms, signedContent } = extractSignatures(signed)[0]!;
    const signerInfo = signerInfoOf(cms);
    const types = signerInfo.signedAttrs!.attributes.map((a) => a.type);
    expect(types.sort()).toEqual([OID.contentType, OID.messageDigest, OID.signingCertificateV2].sort());
    expect(types).not.toContain(OID.signingTime);
    const digest = signerInfo.signedAttrs!.attributes.find((a) => a.type === OID.messageDigest)!.values[0].valueBlock.valueHexView;
    expect(Buffer.from(digest).equals(createHash('sha256').update(signedContent).digest())).toBe(true);
    // ESSCertIDv2 holds the SHA-256 of the signer certificate.
    const certHash = createHash('sha256').update(pemToDerList(pki.identities.leader.certPem)[0]!).digest();
    const essAttr = signerInfo.signedAttrs!.attributes.find((a) => a.type === OID.signingCertificateV2)!;
    expect(Buffer.from(essAttr.values[0].toBER()).includes(certHash)).toBe(true);
    const doc = await PDFDocument.load(signed);
    const field = doc.getForm().getFields()[0]!;
    const sigDict = field.acroField.dict.lookup(PDFName.of('V'), PDFDict);
    expect((sigDict.lookup(PDFName.of('M')) as unknown as { decodeText(): string }).decodeText()).toBe("D:20260302080203+07'00'");
  });

  it('leaves the caller’s input bytes untouched, also when signing fails', async () => {
    const input = await samplePdf();
    const copy = Buffer.from(input);
    await signPdf({ input, key: p12('leader') });
    await expect(signPdf({ input, key: p12('leader', 'wrong') })).rejects.toMatchObject({ code: 'SIG_PASSPHRASE_WRONG' });
    expect(Buffer.from(input).equals(copy)).toBe(true);
  });
});

describe('completing the certificate chain', () => {
  it('adds CA certificates given separately when the key file holds only the signer certificate', async () => {
    const dir = tempDir('vanthu-leafonly-');
    const leafOnly = path.join(dir, 'leaf-only.p12');
    execFileSync('openssl', ['pkcs12', '-export', '-inkey', pki.identities.leader.keyFile, '-in', pki.identities.leader.certFile,
      '-passout', `pass:${TEST_P12_PASSPHRASE}`, '-out', leafOnly]);
    const key: KeySpec = { kind: 'p12', file: leafOnly, passphrase: TEST_P12_PASSPHRASE };
    const bare = await signPdf({ input: await samplePdf(), key });
    expect(pdfsig(bare)[0]).toMatchObject({ signatureValid: true, certificateTrusted: false });
    const completed = await signPdf({ input: await samplePdf(), key, extraCertificates: [fs.readFileSync(pki.intermediateCertFile)] });
    expect(pdfsig(completed)[0]).toMatchObject({ signatureValid: true, certificateTrusted: true });
  });
});

describe('refusing to sign', () => {
  it('refuses a wrong PKCS#12 passphrase (modern and legacy files)', async () => {
    await expect(signPdf({ input: await samplePdf(), key: p12('leader', 'nope') })).rejects.toMatchObject({ code: 'SIG_PASSPHRASE_WRONG' });
    await expect(
      signPdf({ input: await samplePdf(), key: { kind: 'p12', file: pki.identities.leader.p12LegacyFile, passphrase: 'nope' } }),
    ).rejects.toMatchObject({ code: 'SIG_PASSPHRASE_WRONG' });
  });

  it('refuses an expired certificate and one without a signing key usage', async () => {
    await expect(signPdf({ input: await samplePdf(), key: p12('expired') })).rejects.toMatchObject({ code: 'SIG_CERT_EXPIRED' });
    await expect(signPdf({ input: await samplePdf(), key: p12('noSigningUsage') })).rejects.toMatchObject({ code: 'SIG_KEY_USAGE' });
  });

  it('refuses a revoked certificate, by OCSP and by CRL', async () => {
    await expect(signPdf({ input: await samplePdf(), key: p12('revoked'), revocation: { ocspUrl: ocsp.url } })).rejects.toMatchObject({
      code: 'SIG_CERT_REVOKED',
    });
    await expect(
      signPdf({ input: await samplePdf(), key: p12('revoked'), revocation: { crls: [fs.readFileSync(pki.crlFile)] } }),
    ).rejects.toMatchObject({ code: 'SIG_CERT_REVOKED' });
  });

  it('refuses encrypted, corrupt and "no changes" certified PDFs', async () => {
    const encrypted = qpdfTransform(await samplePdf(), ['--encrypt', '', 'owner', '256', '--']);
    await expect(signPdf({ input: encrypted, key: p12('leader') })).rejects.toMatchObject({ code: 'PDF_ENCRYPTED' });
    const pdf = await samplePdf();
    await expect(signPdf({ input: pdf.subarray(0, 300), key: p12('leader') })).rejects.toMatchObject({ code: 'FILE_CORRUPT' });
    await expect(signPdf({ input: new Uint8Array(Buffer.from('not a pdf')), key: p12('leader') })).rejects.toMatchObject({ code: 'FILE_CORRUPT' });
    await expect(signPdf({ input: await certifiedNoChanges(), key: p12('seal') })).rejects.toMatchObject({ code: 'SIG_CERTIFIED_NO_CHANGES' });
  });
});

/** A PDF carrying a DocMDP P=1 certification reference in /Perms (as a certifying signer writes it). */
async function certifiedNoChanges(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage();
  const ctx = doc.context;
  const sig = ctx.register(
    ctx.obj({ Type: 'Sig', Reference: [ctx.obj({ Type: 'SigRef', TransformMethod: 'DocMDP', TransformParams: { Type: 'TransformParams', P: 1, V: '1.2' } })] }),
  );
  doc.catalog.set(PDFName.of('Perms'), ctx.obj({ DocMDP: sig }));
  return doc.save({ useObjectStreams: false });
}

describe('PAdES B-T and B-LT', () => {
  it('adds an RFC 3161 timestamp over the signature value (B-T)', async () => {
    const before = tsa.requests;
    const result = await signPdfDetailed({ input: await samplePdf(), key: p12('leader'), tsaUrl: tsa.url });
    expect(result.level).toBe('B-T');
    expect(tsa.requests).toBe(before + 1);
    const { cms } = extractSignatures(result.bytes)[0]!;
    const signerInfo = signerInfoOf(cms);
    const tokenAttr = signerInfo.unsignedAttrs!.attributes.find((a) => a.type === OID.timeStampToken)!;
    const token = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: tokenAttr.values[0] }).content });
    const tst = pkijs.TSTInfo.fromBER(token.encapContentInfo.eContent!.getValue());
    const expected = createHash('sha256').update(signerInfo.signature.valueBlock.valueHexView).digest();
    expect(Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView).equals(expected)).toBe(true);
    expect(pdfsig(result.bytes)[0]).toMatchObject({ signatureValid: true, certificateTrusted: true });
  });

  it('reports a refusing or unreachable TSA clearly and writes nothing', async () => {
    tsa.failWithStatus = 2;
    try {
      await expect(signPdf({ input: await samplePdf(), key: p12('leader'), tsaUrl: tsa.url })).rejects.toMatchObject({ code: 'SIG_TSA_REJECTED' });
    } finally {
      tsa.failWithStatus = undefined;
    }
    await expect(signPdf({ input: await samplePdf(), key: p12('leader'), tsaUrl: 'http://127.0.0.1:9/tsa' })).rejects.toMatchObject({
      code: 'SIG_TSA_UNREACHABLE',
    });
  });

  it('adds a DSS with certificates, the OCSP response, the CRL and a VRI entry in a later revision (B-LT)', async () => {
    const input = await samplePdf();
    const result = await signPdfDetailed({
      input,
      key: p12('leader'),
      tsaUrl: tsa.url,
      revocation: { ocspUrl: ocsp.url, crls: [fs.readFileSync(pki.crlFile)], required: true },
    });
    expect(result.level).toBe('B-LT');
    const text = Buffer.from(result.bytes).toString('latin1');
    // Two revisions appended: the signature, then the DSS.
    expect(text.slice(input.length).match(/%%EOF/g)).toHaveLength(2);
    const doc = await PDFDocument.load(result.bytes);
    const dss = doc.catalog.lookup(PDFName.of('DSS'), PDFDict);
    for (const key of ['Certs', 'OCSPs', 'CRLs', 'VRI']) expect(dss.has(PDFName.of(key))).toBe(true);
    const { cms } = extractSignatures(result.bytes)[0]!;
    const contentsHex = /\/Contents <([0-9A-F]+)>/.exec(text)![1]!;
    const vriKey = createHash('sha1').update(Buffer.from(contentsHex, 'hex')).digest('hex').toUpperCase();
    expect(dss.lookup(PDFName.of('VRI'), PDFDict).has(PDFName.of(vriKey))).toBe(true);
    expect(cms.length).toBeGreaterThan(0);
    expect(qpdfCheck(result.bytes).code).toBe(0);
    const [sig] = pdfsig(result.bytes);
    expect(sig).toMatchObject({ signatureValid: true, certificateTrusted: true });
  });

  it('extends the DSS for a second B-LT signature (leader then seal) without storing a certificate twice', async () => {
    const revocation = { ocspUrl: ocsp.url, required: true };
    const leader = await signPdfDetailed({ input: await samplePdf(), key: p12('leader'), tsaUrl: tsa.url, revocation });
    const sealed = await signPdfDetailed({ input: leader.bytes, key: p12('seal'), tsaUrl: tsa.url, revocation });
    expect(sealed.level).toBe('B-LT');
    const doc = await PDFDocument.load(sealed.bytes);
    const dss = doc.catalog.lookup(PDFName.of('DSS'), PDFDict);
    expect(dss.lookup(PDFName.of('VRI'), PDFDict).keys()).toHaveLength(2);
    const certs = dss.lookup(PDFName.of('Certs'), PDFArray).asArray().map((ref) => {
      const stream = doc.context.lookup(ref) as unknown as { getContents(): Uint8Array };
      return createHash('sha256').update(stream.getContents()).digest('hex');
    });
    expect(new Set(certs).size).toBe(certs.length);
    // leader, seal, intermediate, root (the PKCS#12 files carry it) and the TSA's certificate.
    expect(certs.length).toBe(5);
    expect(dss.lookup(PDFName.of('OCSPs'), PDFArray).size()).toBe(2);
    expect(qpdfCheck(sealed.bytes).code).toBe(0);
    for (const s of pdfsig(sealed.bytes)) expect(s).toMatchObject({ signatureValid: true, certificateTrusted: true });
  });

  it('signs without LT data when revocation is optional and unreachable, and refuses when it is required', async () => {
    const optional = await signPdfDetailed({ input: await samplePdf(), key: p12('leader'), revocation: { ocspUrl: 'http://127.0.0.1:9/' } });
    expect(optional.level).toBe('B-B');
    expect(Buffer.from(optional.bytes).toString('latin1')).not.toContain('/DSS');
    await expect(
      signPdf({ input: await samplePdf(), key: p12('leader'), revocation: { ocspUrl: 'http://127.0.0.1:9/', required: true } }),
    ).rejects.toMatchObject({ code: 'SIG_REVOCATION_UNAVAILABLE' });
  });
});

describe('revocation checked by default through the certificate’s OCSP address', () => {
  let scenario: AiaScenario;
  beforeAll(async () => {
    scenario = await createAiaScenario();
  });
  afterAll(async () => scenario?.responder.stop());
  const key = (file: string): KeySpec => ({ kind: 'p12', file, passphrase: TEST_P12_PASSPHRASE });

  it('refuses a certificate its own OCSP responder calls revoked, unless the check is turned off', async () => {
    await expect(signPdf({ input: await samplePdf(), key: key(scenario.revokedP12) })).rejects.toMatchObject({ code: 'SIG_CERT_REVOKED' });
    const unchecked = await signPdfDetailed({ input: await samplePdf(), key: key(scenario.revokedP12), revocation: false });
    expect(unchecked.level).toBe('B-B');
  });

  it('keeps the good OCSP answer in a DSS, and signs anyway when the responder is offline', async () => {
    const good = await signPdfDetailed({ input: await samplePdf(), key: key(scenario.goodP12), tsaUrl: tsa.url });
    expect(good.level).toBe('B-LT');
    const offline = await signPdfDetailed({ input: await samplePdf(), key: key(scenario.offlineP12) });
    expect(offline.level).toBe('B-B');
    // (pdfsig itself asks the unreachable responder, so it cannot call this certificate trusted.)
    expect(pdfsig(offline.bytes)[0]).toMatchObject({ signatureValid: true });
    expect(pdfsig(good.bytes)[0]).toMatchObject({ signatureValid: true, certificateTrusted: true });
  });
});

describe('PAdES B-LTA', () => {
  it('adds a document timestamp over the whole file after the DSS; openssl ts verifies the token', async () => {
    const result = await signPdfDetailed({
      input: await samplePdf(),
      key: p12('leader'),
      tsaUrl: tsa.url,
      archiveTimestamp: true,
      revocation: { ocspUrl: ocsp.url, required: true },
    });
    expect(result).toMatchObject({ level: 'B-LTA', documentTimestamp: true });
    expect(qpdfCheck(result.bytes).code).toBe(0);
    const text = Buffer.from(result.bytes).toString('latin1');
    expect(text).toMatch(/\/Type \/DocTimeStamp \/Filter \/Adobe\.PPKLite \/SubFilter \/ETSI\.RFC3161/);
    const [signature, docTimestamp] = extractSignatures(result.bytes);
    // The timestamp covers the file up to its own revision's end: signature, DSS and all.
    expect(docTimestamp!.byteRange[2]! + docTimestamp!.byteRange[3]!).toBe(result.bytes.length);
    expect(signature!.byteRange[2]! + signature!.byteRange[3]!).toBeLessThan(docTimestamp!.byteRange[1]!);
    const dir = tempDir('vanthu-lta-');
    fs.writeFileSync(path.join(dir, 'token.der'), docTimestamp!.cms);
    fs.writeFileSync(path.join(dir, 'content.bin'), docTimestamp!.signedContent);
    const out = execFileSync('openssl', ['ts', '-verify', '-data', 'content.bin', '-in', 'token.der', '-token_in', '-CAfile', pki.rootCertFile,
      '-untrusted', pki.intermediateCertFile], { cwd: dir, encoding: 'utf8' });
    expect(out).toContain('Verification: OK');
    expect(pdfsig(result.bytes)[0]).toMatchObject({ signatureValid: true, certificateTrusted: true });
  });

  it('asks for a TSA when a document timestamp is wanted without one', async () => {
    await expect(signPdf({ input: await samplePdf(), key: p12('leader'), archiveTimestamp: true })).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
