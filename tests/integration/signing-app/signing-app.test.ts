import fs from 'node:fs';
import { PDFArray, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signingOf } from '../../../core/signing/service';
import { signPdf } from '../../../core/signing/index';
import { testPki, TEST_P12_PASSPHRASE } from '../../support/pki/index';
import { qpdfTransform, samplePdf } from '../../support/pki/samplePdf';
import { TestTokenStore, SOFTHSM_MODULE, type TestToken } from '../../support/pki/softhsm';
import { pdfsig } from '../../support/pki/tools';
import { startOcspResponder, type TestOcspResponder } from '../../support/pki/ocsp';
import { sealPng, signaturePng } from '../../support/pki/images';
import { errorOf, incoming, openProfile, type TestProfile } from '../documents/profile';

// The signing step of the outgoing workflow through core.call, with a real SoftHSM2 token for the
// leader and a real PKCS#12 file for the agency seal, checked by our verifier and by poppler.

const store = new TestTokenStore();
let leaderToken: TestToken;
let ocsp: TestOcspResponder;
beforeAll(async () => {
  leaderToken = store.addToken('leader', 'Token Lanh Dao', '4321');
  store.activate();
  ocsp = await startOcspResponder();
});
afterAll(() => ocsp.stop());

let p: TestProfile;
let outReg: number;
beforeEach(async () => {
  p = await openProfile(new Date().toISOString());
  outReg = (await p.system('registers.create', { name: 'Sổ văn bản đi', direction: 'outgoing', keeperIds: [p.users.clerk.id] })).register.id;
  await p.system('signing.settings.update', { pkcs11Module: SOFTHSM_MODULE, ocspUrl: ocsp.url });
  await p.system('signing.trust.add', { certificate: testPki().rootCertPem });
});
afterEach(async () => {
  await signingOf(p.core).idle();
  p.close();
});

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const sealP12 = () => b64(fs.readFileSync(testPki().identities.seal.p12File));

async function approvedPdfDraft() {
  const pdf = await samplePdf({ lines: ['QUYET DINH', 'Ve viec ban hanh Quy che', 'CHU TICH'] });
  const d = (await p.users.spec1.call('outgoing.createDraft', { typeCode: 'QĐ', subject: 'Ban hành Quy chế', unitId: null, file: { fileName: 'du-thao.pdf', contentBase64: b64(pdf) } })).document;
  await p.users.spec1.call('outgoing.submitForApproval', { id: d.id, steps: [{ kind: 'approve', userId: p.users.leader.id }] });
  return (await p.users.leader.call('outgoing.approve', { id: d.id })).document;
}

async function approvedDraftOf(pdf: Uint8Array) {
  const d = (await p.users.spec1.call('outgoing.createDraft', { typeCode: 'CV', subject: 'Tệp đặc biệt', unitId: null, file: { fileName: 'tep.pdf', contentBase64: b64(pdf) } })).document;
  await p.users.spec1.call('outgoing.submitForApproval', { id: d.id, steps: [{ kind: 'approve', userId: p.users.leader.id }] });
  return (await p.users.leader.call('outgoing.approve', { id: d.id })).document;
}

const leaderSigns = (documentId: number, pin = leaderToken.pin) =>
  p.users.leader.call('signing.sign', {
    documentId, purpose: 'leader', key: { kind: 'pkcs11', tokenLabel: leaderToken.label, pin },
    appearance: { authority: 'KT.', title: 'CHỦ TỊCH\nPHÓ CHỦ TỊCH', signatureImageBase64: b64(signaturePng()) },
  });

const clerkSeals = (documentId: number, passphrase = TEST_P12_PASSPHRASE) =>
  p.users.clerk.call('signing.sign', { documentId, purpose: 'seal', key: { kind: 'p12', p12Base64: sealP12(), passphrase }, appearance: { sealImageBase64: b64(sealPng()) } });

describe('signing an outgoing document in the app', () => {
  it('lists the plugged-in SoftHSM2 token by label without a PIN', async () => {
    const keys = await p.users.leader.call('signing.keys.list', {});
    expect(keys.problem).toBeNull();
    expect(keys.tokens.map((t) => t.label)).toContain('Token Lanh Dao');
  });

  it('leader signs with the token, clerk seals with a PKCS#12 while numbering: both signatures stay valid, pdfsig agrees', async () => {
    const d = await approvedPdfDraft();
    const signed = await leaderSigns(d.id);
    expect(signed.document.status).toBe('signed');
    expect(signed.attachment).toMatchObject({ role: 'signed', fileName: 'du-thao-da-ky.pdf' });
    expect(signed.document.signedSha256).toBe(signed.attachment.sha256);
    expect(signed.check.verdict, JSON.stringify(signed.check)).toBe('valid');
    expect(signed.check.signatures).toEqual([expect.objectContaining({ signer: 'Nguyễn Văn An', status: 'valid' })]);

    await p.users.clerk.call('outgoing.register', { id: d.id, registerId: outReg });
    const sealed = await clerkSeals(d.id);
    expect(sealed.document.status).toBe('numbered');
    expect(sealed.check.verdict).toBe('valid');
    expect(sealed.check.signatures.map((s) => [s.signer, s.status])).toEqual([
      ['Nguyễn Văn An', 'valid'],
      ['UBND Thành phố Thử Nghiệm', 'valid'],
    ]);
    // The stored bytes, checked independently by poppler/NSS.
    const stored = await p.users.clerk.call('attachments.get', { id: sealed.attachment.id });
    const poppler = pdfsig(Buffer.from(stored.contentBase64!, 'base64'));
    expect(poppler.map((s) => [s.signer, s.signatureValid, s.certificateTrusted])).toEqual([
      ['Nguyễn Văn An', true, true],
      ['UBND Thành phố Thử Nghiệm', true, true],
    ]);
    // A second seal, on the sealed file or on the leader's file picked again, is refused and adds nothing.
    const attachmentsBefore = (await p.users.clerk.call('documents.get', { id: d.id })).document.attachments.length;
    const again = await errorOf(clerkSeals(d.id));
    expect(again.code).toBe('SIG_ALREADY_SEALED');
    expect(again.message).toContain('du-thao-dong-dau.pdf');
    const onLeaderFile = p.users.clerk.call('signing.sign', {
      documentId: d.id, attachmentId: signed.attachment.id, purpose: 'seal', key: { kind: 'p12', p12Base64: sealP12(), passphrase: TEST_P12_PASSPHRASE }, appearance: { sealImageBase64: b64(sealPng()) },
    });
    expect((await errorOf(onLeaderFile)).code).toBe('SIG_ALREADY_SEALED');
    expect((await p.users.clerk.call('documents.get', { id: d.id })).document.attachments).toHaveLength(attachmentsBefore);

    // The panel's view of the document lists both files' results.
    const { checks } = await p.users.leader.call('signing.documentChecks', { documentId: d.id });
    expect(checks.find((c) => c.sha256 === sealed.attachment.sha256)?.signatures).toHaveLength(2);

    const audit = p.core.db.prepare(`SELECT action, after_json FROM audit_log WHERE action LIKE 'signing.%' ORDER BY seq`).all() as { action: string; after_json: string }[];
    expect(audit.map((a) => a.action)).toEqual(['signing.trust.add', 'signing.leader', 'signing.seal']);
    const everything = JSON.stringify(p.core.db.prepare('SELECT * FROM audit_log').all());
    expect(everything).not.toContain(leaderToken.pin === '4321' ? '"4321"' : leaderToken.pin);
    expect(everything).not.toContain(TEST_P12_PASSPHRASE);
  });

  it('places the block under an anchor text exactly where the preview call said; an absent text says SIG_ANCHOR_NOT_FOUND', async () => {
    const d = await approvedPdfDraft();
    const found = await p.users.leader.call('signing.placement.find', { documentId: d.id, anchor: 'chu tich' });
    expect(found.page).toBe(1);
    expect((await errorOf(p.users.leader.call('signing.placement.find', { documentId: d.id, anchor: 'PHO GIAM DOC' }))).code).toBe('SIG_ANCHOR_NOT_FOUND');
    const signed = await p.users.leader.call('signing.sign', {
      documentId: d.id, purpose: 'leader', key: { kind: 'pkcs11', tokenLabel: leaderToken.label, pin: leaderToken.pin },
      appearance: { title: 'CHỦ TỊCH' }, placement: { anchor: 'chu tich' },
    });
    const stored = await p.users.leader.call('attachments.get', { id: signed.attachment.id });
    const pdf = await PDFDocument.load(Buffer.from(stored.contentBase64!, 'base64'));
    const widget = pdf.getPage(0).node.lookup(PDFName.of('Annots'), PDFArray).lookup(0, PDFDict);
    const rect = widget.lookup(PDFName.of('Rect'), PDFArray).asArray().map((n) => Number(n.toString()));
    const r = found.rect;
    expect(rect.map((v) => Math.round(v))).toEqual([r.x, r.y, r.x + r.width, r.y + r.height].map((v) => Math.round(v)));
  });

  it('a wrong token PIN says SIG_PIN_WRONG and leaves the draft approved and unsigned', async () => {
    const d = await approvedPdfDraft();
    expect((await errorOf(leaderSigns(d.id, '0000'))).code).toBe('SIG_PIN_WRONG');
    const after = (await p.users.leader.call('documents.get', { id: d.id })).document;
    expect(after.status).toBe('approved');
    expect(after.attachments.filter((a) => a.role === 'signed')).toEqual([]);
  });

  it('a wrong PKCS#12 passphrase says SIG_PASSPHRASE_WRONG', async () => {
    const d = await approvedPdfDraft();
    await leaderSigns(d.id);
    expect((await errorOf(clerkSeals(d.id, 'sai-mat-khau'))).code).toBe('SIG_PASSPHRASE_WRONG');
  });

  it('a token that is not plugged in says SIG_TOKEN_NOT_FOUND, an expired certificate SIG_CERT_EXPIRED, a revoked one SIG_CERT_REVOKED', async () => {
    const d = await approvedPdfDraft();
    const missing = p.users.leader.call('signing.sign', { documentId: d.id, purpose: 'leader', key: { kind: 'pkcs11', tokenLabel: 'Khong Co', pin: '1234' } });
    expect((await errorOf(missing)).code).toBe('SIG_TOKEN_NOT_FOUND');
    const expired = b64(fs.readFileSync(testPki().identities.expired.p12File));
    const withExpired = p.users.leader.call('signing.sign', { documentId: d.id, purpose: 'leader', key: { kind: 'p12', p12Base64: expired, passphrase: TEST_P12_PASSPHRASE } });
    expect((await errorOf(withExpired)).code).toBe('SIG_CERT_EXPIRED');
    // The agency's OCSP responder says this one is revoked.
    const revoked = b64(fs.readFileSync(testPki().identities.revoked.p12File));
    const withRevoked = p.users.leader.call('signing.sign', { documentId: d.id, purpose: 'leader', key: { kind: 'p12', p12Base64: revoked, passphrase: TEST_P12_PASSPHRASE } });
    expect((await errorOf(withRevoked)).code).toBe('SIG_CERT_REVOKED');
    expect((await p.users.leader.call('documents.get', { id: d.id })).document.status).toBe('approved');
  });

  it('an encrypted draft says PDF_ENCRYPTED; a certificate not meant for signing says SIG_KEY_USAGE', async () => {
    const d = await approvedPdfDraft();
    const p12Of = (name: 'noSigningUsage') => ({ kind: 'p12' as const, p12Base64: b64(fs.readFileSync(testPki().identities[name].p12File)), passphrase: TEST_P12_PASSPHRASE });
    expect((await errorOf(p.users.leader.call('signing.sign', { documentId: d.id, purpose: 'leader', key: p12Of('noSigningUsage') }))).code).toBe('SIG_KEY_USAGE');
    const encrypted = qpdfTransform(await samplePdf(), ['--encrypt', 'doc', 'owner', '256', '--']);
    expect((await errorOf(leaderSigns((await approvedDraftOf(encrypted)).id))).code).toBe('PDF_ENCRYPTED');
  });

  it('a draft certified with “no changes allowed” says SIG_CERTIFIED_NO_CHANGES', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const ctx = doc.context;
    const certification = ctx.register(ctx.obj({ Type: 'Sig', Reference: [ctx.obj({ Type: 'SigRef', TransformMethod: 'DocMDP', TransformParams: { Type: 'TransformParams', P: 1, V: '1.2' } })] }));
    doc.catalog.set(PDFName.of('Perms'), ctx.obj({ DocMDP: certification }));
    const d = await approvedDraftOf(await doc.save({ useObjectStreams: false }));
    expect((await errorOf(leaderSigns(d.id))).code).toBe('SIG_CERTIFIED_NO_CHANGES');
  });

  it('only the leader signs an approved draft, and the seal needs the leader’s signature first', async () => {
    const d = await approvedPdfDraft();
    expect((await errorOf(clerkSeals(d.id))).code).toBe('INVALID_STATE');
    const byClerk = p.users.clerk.call('signing.sign', { documentId: d.id, purpose: 'leader', key: { kind: 'p12', p12Base64: sealP12(), passphrase: TEST_P12_PASSPHRASE } });
    expect((await errorOf(byClerk)).code).toBe('FORBIDDEN');
  });
});

describe('verification of PDFs that arrive', () => {
  it('registering an incoming document verifies its PDFs in the background: a valid one and a tampered one are shown as such', async () => {
    const registerId = (await p.system('registers.create', { name: 'Sổ văn bản đến', direction: 'incoming' })).register.id;
    const good = await signPdf({ input: await samplePdf(), key: { kind: 'p12', file: testPki().identities.leader.p12File, passphrase: TEST_P12_PASSPHRASE }, revocation: { ocspUrl: ocsp.url } });
    const bad = Buffer.from(good);
    const at = bad.indexOf('595.28');
    expect(at).toBeGreaterThan(0);
    bad.write('595.29', at, 'latin1'); // the page width: signed bytes, harmless to parsing
    const r = await p.users.clerk.call('documents.registerIncoming', {
      registerId, ...incoming(),
      attachments: [{ fileName: 'van-ban.pdf', contentBase64: b64(good) }, { fileName: 'bi-sua.pdf', contentBase64: b64(bad) }],
    });
    // Registration did not wait for (or fail on) the invalid signature.
    expect(r.document.attachments).toHaveLength(2);
    await signingOf(p.core).idle();
    const kept = p.core.db.prepare('SELECT verdict FROM signature_checks ORDER BY verdict').all();
    expect(kept).toEqual([{ verdict: 'invalid' }, { verdict: 'valid' }]);
    const { checks } = await p.users.clerk.call('signing.documentChecks', { documentId: r.document.id });
    expect(checks.map((c) => [c.fileName, c.verdict])).toEqual([['van-ban.pdf', 'valid'], ['bi-sua.pdf', 'invalid']]);
    const invalid = checks[1]!.signatures[0]!;
    expect(invalid.reasons.length).toBeGreaterThan(0);
    expect(invalid.reasons[0]!.vi).toMatch(/[ạảãàáâậầấẩẫăắằặẳẵđêếềệểễôốồộổỗơớờợởỡưứừựửữ]/i);
  });
});
