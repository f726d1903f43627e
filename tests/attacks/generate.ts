import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReasonCode } from '../../core/signing/verify/reasons';
import { archivalSigner } from './cmsBuilder';
import { appendUpdate, lastStartxref, pdfString, type ObjectBody } from './pdfWriter';
import { createTestPki, type Identity, type TestPki } from './pki';
import {
  CONTENT, SHADOW_CONTENT, acroFormDict, addDocTimestamp, addDss, baseDocument, catalogDict, fillSignature, opensslSigner, pageDict, pemToDer,
  signIncremental, type DocState,
} from './sign';

// The attack corpus (after the Ruhr-University Bochum PDF-insecurity research) plus untampered
// controls. Each fixture is built deterministically from the base document: same objects, same
// updates; only keys, signature values and times differ between runs.
//
//   npx tsx tests/attacks/generate.ts OUT_DIR     writes every fixture, root.pem and index.json

export type Expect = 'valid' | 'valid-with-later-changes' | 'invalid' | 'indeterminate' | 'not-valid';

export interface Fixture {
  name: string;
  description: string;
  pdf: Buffer;
  expect: Expect;
  /** Reason codes the verdict must include (the specific defence that fired). */
  reasons?: ReasonCode[];
}

export interface CorpusOptions {
  /** Claimed signing time (/M) of the fixtures; default: midnight UTC yesterday (inside the
   * validity of the certificates tests/attacks/pki.ts issues, which start 30 days back). */
  signingTime?: Date;
}

export function generateCorpus(pki: TestPki, opts: CorpusOptions = {}): Fixture[] {
  const FIXED_TIME = opts.signingTime ?? new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 - 86_400_000);
  const out: Fixture[] = [];
  const add = (f: Fixture): void => {
    out.push(f);
  };
  const good = opensslSigner(pki.signer, pki.chainPem);
  const crl = fs.readFileSync(pki.rootCrlDer);
  const ltv = (s: DocState, ids: Identity[] = [pki.signer]): DocState =>
    addDss(s, { ocsps: ids.map((id) => pki.ocspResponse(id)), crls: [crl] });
  const sign = (s: DocState, field = 7, extra: Partial<Parameters<typeof signIncremental>[1]> = {}): DocState =>
    signIncremental(s, { field, signer: good, time: FIXED_TIME, ...extra }).state;
  const update = (s: DocState, objects: Record<number, ObjectBody>, size = s.size): DocState => ({
    ...s,
    pdf: appendUpdate(s.pdf, objects, { root: 1, size, info: 10 }),
    size,
  });
  const signedLt = ltv(sign(baseDocument()));

  // ---- controls ----
  add({ name: 'ok-signed', description: 'Signed, validation data added (B-LT style).', pdf: signedLt.pdf, expect: 'valid' });
  add({
    name: 'ok-two-signatures',
    description: 'Two approval signatures, then validation data.',
    pdf: ltv(sign(sign(baseDocument()), 8)).pdf,
    expect: 'valid',
  });
  add({
    name: 'ok-certified-p2-then-signed',
    description: 'Certification (P=2) then an approval signature: allowed.',
    pdf: ltv(sign(sign(baseDocument(), 7, { certifyP: 2 }), 8)).pdf,
    expect: 'valid',
  });
  add({ name: 'ok-certified-p1-then-dss', description: 'Certification (P=1) then only validation data: allowed.', pdf: ltv(sign(baseDocument(), 7, { certifyP: 1 })).pdf, expect: 'valid' });
  add({ name: 'ok-rsa-pss', description: 'RSASSA-PSS signature.', pdf: ltv(sign(baseDocument(), 7, { signer: opensslSigner(pki.signer, pki.chainPem, { pss: true }) })).pdf, expect: 'valid' });
  add({ name: 'ok-ecdsa', description: 'ECDSA P-256 signature.', pdf: ltv(sign(baseDocument(), 7, { signer: opensslSigner(pki.ecSigner, pki.chainPem) }), [pki.ecSigner]).pdf, expect: 'valid' });
  add({
    name: 'ok-form-fill-after-signature',
    description: 'Signed, then the text field filled in: valid with later (allowed) changes.',
    pdf: update(signedLt, { 9: `<< ${signedLt.fieldDicts[9]!.replace('/V ()', '/V (Da xem)')} >>` }).pdf,
    expect: 'valid-with-later-changes',
    reasons: ['FORM_FILLED'],
  });

  add({ name: 'ok-document-timestamp', description: 'Signed, validation data, then a document time-stamp (B-LTA style).', pdf: addDocTimestamp(signedLt, (d) => pki.timestampToken(d)).pdf, expect: 'valid' });
  add({
    name: 'ok-certified-p1-then-document-timestamp',
    description: 'Certification (P=1), validation data, then a document time-stamp: allowed.',
    pdf: addDocTimestamp(ltv(sign(baseDocument(), 7, { certifyP: 1 })), (d) => pki.timestampToken(d)).pdf,
    expect: 'valid',
  });
  add({
    name: 'document-timestamp-wrong-imprint',
    description: 'A document time-stamp token taken over other bytes.',
    pdf: addDocTimestamp(signedLt, (d) => pki.timestampToken(Buffer.concat([d, Buffer.from('x')]))).pdf,
    expect: 'invalid',
    reasons: ['DIGEST_MISMATCH'],
  });

  add({
    name: 'ok-adbe-revocation-archival',
    description: 'Revocation data inside the signature (adbe-revocationInfoArchival), no DSS.',
    pdf: sign(baseDocument(), 7, { signer: archivalSigner(pki.signer, pki.chainPem, { ocsps: [pki.ocspResponse(pki.signer)], crls: [crl] }) }).pdf,
    expect: 'valid',
  });
  add({
    name: 'revoked-signer-archival',
    description: 'The archived OCSP response inside the signature says the signer is revoked.',
    pdf: sign(baseDocument(), 7, { signer: archivalSigner(pki.revoked, pki.chainPem, { ocsps: [pki.ocspResponse(pki.revoked)], crls: [crl] }) }).pdf,
    expect: 'invalid',
    reasons: ['CERT_REVOKED'],
  });

  // ---- incremental saving attacks ----
  add({ name: 'isa-content-replaced', description: 'A later update redefines the page content stream.', pdf: update(signedLt, { 4: { dict: '<< >>', stream: SHADOW_CONTENT } }).pdf, expect: 'invalid', reasons: ['DISALLOWED_CHANGE'] });
  {
    const n = signedLt.size;
    const pdf = update(
      signedLt,
      {
        2: `<< /Type /Pages /Kids [3 0 R ${n} 0 R] /Count 2 >>`,
        [n]: `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents ${n + 1} 0 R >>`,
        [n + 1]: { dict: '<< >>', stream: 'BT /F1 20 Tf 72 760 Td (Phu luc gia mao) Tj ET' },
      },
      n + 2,
    ).pdf;
    add({ name: 'isa-page-added', description: 'A later update adds a page.', pdf, expect: 'invalid', reasons: ['DISALLOWED_CHANGE'] });
  }
  add({ name: 'isa-font-redefined', description: 'A later update redefines the font (shadow "replace").', pdf: update(signedLt, { 5: '<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding << /Differences [49 /nine] >> >>' }).pdf, expect: 'invalid', reasons: ['DISALLOWED_CHANGE'] });
  add({ name: 'isa-trailing-garbage', description: 'Bytes appended after the signed file that are not a PDF update.', pdf: Buffer.concat([signedLt.pdf, Buffer.from('4 0 obj\n<< >>\nstream\nBT ET\nendstream\nendobj\n')]), expect: 'invalid', reasons: ['UNREADABLE_UPDATE'] });

  // ---- universal signature forgery ----
  const forged = (name: string, description: string, sigDict: string, reasons: ReasonCode[]): void => {
    const b = baseDocument();
    const objects: Record<number, ObjectBody> = { 20: sigDict, 7: `<< ${b.fieldDicts[7]} /V 20 0 R >>` };
    add({ name, description, pdf: appendUpdate(b.pdf, objects, { root: 1, size: 21, info: 10 }), expect: 'invalid', reasons });
  };
  forged('usf-no-contents', 'Signature dictionary without /Contents.', '<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 100 200 300] >>', ['CONTENTS_MISSING']);
  forged('usf-empty-contents', 'Signature with empty /Contents.', '<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 100 102 300] /Contents <> >>', ['CONTENTS_EMPTY']);
  forged('usf-zero-contents', 'Signature whose /Contents is only zero padding.', `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 100 102 300] /Contents <${'0'.repeat(64)}> >>`, ['CONTENTS_EMPTY']);
  forged('usf-no-byterange', 'Signature without /ByteRange.', `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /Contents <${'30'.repeat(32)}> >>`, ['BYTE_RANGE_MISSING']);
  forged('usf-null-byterange', 'Signature with /ByteRange null.', `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange null /Contents <${'30'.repeat(32)}> >>`, ['BYTE_RANGE_MISSING']);
  forged('usf-bad-byterange', 'Signature with a malformed /ByteRange.', `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 -5 (x) 7] /Contents <${'30'.repeat(32)}> >>`, ['BYTE_RANGE_MALFORMED']);
  const forgedRange = (name: string, description: string, forge: NonNullable<Parameters<typeof fillSignature>[2]>, reasons: ReasonCode[]): void => {
    const pdf = ltv(sign(baseDocument(), 7, { forgeByteRange: forge })).pdf;
    add({ name, description, pdf, expect: 'invalid', reasons });
  };
  forgedRange('usf-byterange-gap', 'The unsigned gap is larger than /Contents (signed bytes verify).', ({ a, b, c }) => [0, a - 40, b, c], ['BYTE_RANGE_GAP_NOT_CONTENTS']);
  forgedRange('usf-byterange-overlap', 'The two signed ranges overlap.', ({ b, c }) => [0, b + 10, b, c], ['BYTE_RANGE_OVERLAP']);
  forgedRange('usf-byterange-short', 'The signed bytes stop before the end of the revision.', ({ a, b, c }) => [0, a, b, c - 30], ['BYTE_RANGE_NOT_REVISION_END']);
  forgedRange('usf-byterange-outside', 'The /ByteRange points past the end of the file.', ({ a, b, c }) => [0, a, b, c + 100_000], ['BYTE_RANGE_OUTSIDE_FILE']);

  {
    // The signature dictionary itself is redefined later (a "fixed" /M and /Name): the copy's
    // /Contents no longer sits in the ByteRange gap.
    const { state, sigNum } = signIncremental(baseDocument(), { field: 7, signer: good, time: FIXED_TIME });
    const lt = ltv(state);
    const text = lt.pdf.toString('latin1');
    const at = text.indexOf(`${sigNum} 0 obj`);
    const dict = text.slice(text.indexOf('<<', at), text.indexOf('endobj', at)).trim().replace('/Name (Test)', '/Name (Nguoi khac)');
    add({ name: 'usf-signature-dict-redefined', description: 'A later update redefines the signature dictionary.', pdf: update(lt, { [sigNum]: dict }).pdf, expect: 'invalid', reasons: ['SIGNATURE_DICT_UNSIGNED', 'DISALLOWED_CHANGE'] });
  }

  // ---- signature wrapping ----
  add(wrapped(signedLt));

  // ---- shadow attacks ----
  {
    // Hide: an overlay XObject covers the real amount when signed; the update removes it.
    const overlay = 'q 1 g 60 715 500 30 re f Q BT /F1 20 Tf 72 730 Td (Cap kinh phi: 10.000.000 dong) Tj ET';
    const base = baseDocument({
      content: `${SHADOW_CONTENT} q /X1 Do Q`,
      objects: { 11: { dict: '<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> >>', stream: overlay } },
    });
    const s = ltv(sign(base));
    add({ name: 'shadow-hide', description: 'Overlay XObject emptied in a later update, revealing hidden content.', pdf: update(s, { 11: { dict: '<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] >>', stream: '' } }).pdf, expect: 'invalid', reasons: ['DISALLOWED_CHANGE'] });
  }
  {
    // Hide via a form field: the field's appearance covers content; a "form fill" removes it.
    const n = 13;
    const cover = 'q 1 g 0 0 500 30 re f Q BT /F1 20 Tf 12 10 Td (Cap kinh phi: 10.000.000 dong) Tj ET';
    const base = baseDocument({
      content: SHADOW_CONTENT,
      objects: {
        9: `<< /Type /Annot /Subtype /Widget /FT /Tx /T (Note) /V () /Rect [60 715 560 745] /F 4 /P 3 0 R /AP << /N ${n} 0 R >> >>`,
        [n]: { dict: '<< /Type /XObject /Subtype /Form /BBox [0 0 500 30] /Resources << /Font << /F1 5 0 R >> >> >>', stream: cover },
      },
    });
    base.size = 14;
    base.fieldDicts[9] = `/Type /Annot /Subtype /Widget /FT /Tx /T (Note) /V () /Rect [60 715 560 745] /F 4 /P 3 0 R /AP << /N ${n} 0 R >>`;
    const s = ltv(sign(base));
    add({
      name: 'shadow-hide-via-form-fill',
      description: 'A field appearance hid content when signed; a form-fill update empties it (allowed change, never plain valid).',
      pdf: update(s, { [n]: { dict: '<< /Type /XObject /Subtype /Form /BBox [0 0 500 30] >>', stream: '' } }).pdf,
      expect: 'valid-with-later-changes',
      reasons: ['FORM_FILLED'],
    });
  }
  add({ name: 'shadow-replace-field-value', description: 'A later update replaces a form value (allowed change, never plain valid).', pdf: update(signedLt, { 9: `<< ${signedLt.fieldDicts[9]!.replace('/V ()', '/V (90.000.000)')} >>` }).pdf, expect: 'valid-with-later-changes', reasons: ['FORM_FILLED'] });
  add({ name: 'shadow-hide-and-replace-page', description: 'The page is pointed at a shadow content stream prepared (unused) before signing.', pdf: update(signedLt, { 3: pageDict(signedLt, '12 0 R') }).pdf, expect: 'invalid', reasons: ['DISALLOWED_CHANGE'] });
  {
    // Hide-and-replace of the whole document: a second page tree prepared before signing.
    const base = baseDocument({
      objects: {
        13: '<< /Type /Pages /Kids [14 0 R] /Count 1 >>',
        14: '<< /Type /Page /Parent 13 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 12 0 R >>',
      },
    });
    base.size = 15;
    const s = ltv(sign(base));
    add({ name: 'shadow-hide-and-replace-catalog', description: 'The catalog is pointed at a shadow page tree prepared before signing.', pdf: update(s, { 1: catalogDict(s).replace('/Pages 2 0 R', '/Pages 13 0 R') }).pdf, expect: 'invalid', reasons: ['DISALLOWED_CHANGE'] });
  }
  {
    // A reference left dangling in the signed revision is filled in later.
    const base = baseDocument({ pageContents: '[4 0 R 40 0 R]' });
    const s = ltv(sign(base));
    add({ name: 'shadow-dangling-reference', description: 'The signed page refers to a missing object that a later update defines.', pdf: update(s, { 40: { dict: '<< >>', stream: 'BT /F1 20 Tf 72 700 Td (Them noi dung) Tj ET' } }, Math.max(s.size, 41)).pdf, expect: 'invalid', reasons: ['DISALLOWED_CHANGE'] });
  }

  // ---- certification attacks ----
  const certified = (p: 1 | 2 | 3): DocState => ltv(sign(baseDocument(), 7, { certifyP: p }));
  {
    const c1 = certified(1);
    add({ name: 'cert-p1-sneaky-signature', description: 'A signature added after a P=1 certification.', pdf: ltv(sign(c1, 8)).pdf, expect: 'invalid', reasons: ['CERTIFICATION_VIOLATED'] });
    add({ name: 'cert-p1-form-fill', description: 'A form fill after a P=1 certification.', pdf: update(c1, { 9: `<< ${c1.fieldDicts[9]!.replace('/V ()', '/V (x)')} >>` }).pdf, expect: 'invalid', reasons: ['CERTIFICATION_VIOLATED'] });
  }
  const evilAnnotation = (s: DocState): DocState => {
    const n = s.size;
    const annots = { ...s, annots: [...s.annots, n] };
    return update(
      annots,
      {
        3: pageDict(annots),
        [n]: `<< /Type /Annot /Subtype /FreeText /Rect [60 715 560 745] /Contents ${pdfString('Cap kinh phi: 90.000.000 dong')} /DA (/Helv 20 Tf 0 g) /F 4 /AP << /N ${n + 1} 0 R >> >>`,
        [n + 1]: { dict: '<< /Type /XObject /Subtype /Form /BBox [0 0 500 30] >>', stream: 'q 1 g 0 0 500 30 re f Q' },
      },
      n + 2,
    );
  };
  add({ name: 'cert-p2-evil-annotation', description: 'An annotation covering content after a P=2 certification.', pdf: evilAnnotation(certified(2)).pdf, expect: 'invalid', reasons: ['CERTIFICATION_VIOLATED'] });
  add({ name: 'cert-p3-evil-annotation', description: 'An annotation covering content after a P=3 certification (allowed, never plain valid).', pdf: evilAnnotation(certified(3)).pdf, expect: 'valid-with-later-changes', reasons: ['ANNOTATIONS_CHANGED'] });
  {
    // Sneaky signature under P=2: signing is allowed, but the same update also changes content.
    const c2 = certified(2);
    const sneaky = signIncremental(c2, { field: 8, signer: good, time: FIXED_TIME, extra: { 4: { dict: '<< >>', stream: SHADOW_CONTENT } } }).state;
    add({ name: 'cert-p2-sneaky-signature-changes-content', description: 'A signature update under P=2 that also redefines page content.', pdf: sneaky.pdf, expect: 'invalid', reasons: ['DISALLOWED_CHANGE'] });
  }

  // ---- FieldMDP: a signature that locks form fields ----
  const lockedBy = (fields: string): DocState => {
    const base = baseDocument();
    base.fieldDicts[7] += ` /Lock << /Type /SigFieldLock /Action /Include /Fields [${fields}] >>`;
    const ref = ` /Reference [<< /Type /SigRef /TransformMethod /FieldMDP /TransformParams << /Type /TransformParams /Action /Include /Fields [${fields}] /V /1.2 >> >>]`;
    return ltv(sign(base, 7, { sigDictExtra: ref }));
  };
  const fillNote = (s: DocState): Buffer => update(s, { 9: `<< ${s.fieldDicts[9]!.replace('/V ()', '/V (Sua sau khi khoa)')} >>` }).pdf;
  add({ name: 'fieldmdp-locked-field-filled', description: 'A field locked by the signature (FieldMDP Include) is filled in later.', pdf: fillNote(lockedBy('(Note)')), expect: 'invalid', reasons: ['FIELD_LOCKED'] });
  add({ name: 'ok-fieldmdp-other-field-filled', description: 'The signature locks another field; filling "Note" is an allowed change.', pdf: fillNote(lockedBy('(Other)')), expect: 'valid-with-later-changes', reasons: ['FORM_FILLED'] });

  // ---- certificates and cryptography ----
  add({ name: 'untrusted-signer', description: 'Signed by a CA that is not a trust anchor.', pdf: sign(baseDocument(), 7, { signer: opensslSigner(pki.otherSigner) }).pdf, expect: 'indeterminate', reasons: ['CHAIN_NOT_TRUSTED'] });
  add({ name: 'revoked-signer', description: 'Signer certificate revoked (embedded OCSP says so).', pdf: ltv(sign(baseDocument(), 7, { signer: opensslSigner(pki.revoked, pki.chainPem) }), [pki.revoked]).pdf, expect: 'invalid', reasons: ['CERT_REVOKED'] });
  add({ name: 'wrong-key-usage', description: 'Signer certificate only allows key encipherment.', pdf: ltv(sign(baseDocument(), 7, { signer: opensslSigner(pki.wrongUsage, pki.chainPem) }), [pki.wrongUsage]).pdf, expect: 'invalid', reasons: ['KEY_USAGE_NOT_SIGNING'] });
  add({ name: 'expired-signer', description: 'Signed with a certificate that had expired at the (claimed) signing time.', pdf: ltv(sign(baseDocument(), 7, { signer: opensslSigner(pki.expired, pki.chainPem), time: new Date() }), [pki.expired]).pdf, expect: 'invalid', reasons: ['CERT_EXPIRED'] });
  add({ name: 'no-revocation-data', description: 'Valid signature but no OCSP/CRL data and no network: never valid.', pdf: sign(baseDocument()).pdf, expect: 'indeterminate', reasons: ['REVOCATION_UNKNOWN'] });
  {
    const s = sign(baseDocument());
    const pdf = Buffer.from(s.pdf);
    const at = pdf.indexOf('10.000.000');
    pdf.write('90', at, 'latin1');
    add({ name: 'digest-tampered', description: 'A signed byte changed (content edited in place).', pdf: ltv({ ...s, pdf }).pdf, expect: 'invalid', reasons: ['DIGEST_MISMATCH'] });
  }
  return out;
}

/**
 * Signature wrapping: the /Contents hex string is shortened inside the unsigned gap, and the freed
 * gap hides a page-content object that a later xref points to. The signed bytes still verify.
 */
function wrapped(s: DocState): Fixture {
  const pdf = Buffer.from(s.pdf);
  const brAt = pdf.lastIndexOf('/ByteRange [0 ');
  const m = /\/ByteRange \[0 (\d+) (\d+) (\d+)/.exec(pdf.toString('latin1', brAt, brAt + 60))!;
  const a = Number(m[1]);
  const b = Number(m[2]);
  const hexEnd = pdf.indexOf('>', a);
  let sigHex = pdf.toString('latin1', a + 1, hexEnd).replace(/(00)+$/, '');
  if (sigHex.length % 2) sigHex += '0';
  const evil = `4 0 obj\n<< /Length ${SHADOW_CONTENT.length} >>\nstream\n${SHADOW_CONTENT}\nendstream\nendobj\n`;
  const inner = `<${sigHex}> /Wrapped (${evil})`;
  if (inner.length > b - a) throw new Error('wrapping payload too large');
  pdf.write(inner.padEnd(b - a, ' '), a, 'latin1');
  const evilOffset = a + `<${sigHex}> /Wrapped (`.length;
  // Point object 4 at the hidden object with a hand-written update.
  const prev = lastStartxref(pdf);
  const xrefAt = pdf.length;
  const tail = `xref\n4 1\n${String(evilOffset).padStart(10, '0')} 00000 n \ntrailer\n<< /Size ${s.size} /Root 1 0 R /Info 10 0 R /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return {
    name: 'signature-wrapping',
    description: 'The signed bytes are kept, but the unsigned gap hides an object a later xref uses.',
    pdf: Buffer.concat([pdf, Buffer.from(tail, 'latin1')]),
    expect: 'invalid',
    reasons: ['BYTE_RANGE_GAP_NOT_CONTENTS'],
  };
}

/** Maps a verdict to whether it satisfies the fixture's expectation. */
export function meetsExpectation(expect: Expect, verdict: string): boolean {
  return expect === 'not-valid' ? verdict !== 'valid' : verdict === expect;
}

export { CONTENT, acroFormDict, pemToDer };

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: npx tsx tests/attacks/generate.ts OUT_DIR');
  fs.mkdirSync(dir, { recursive: true });
  const pki = await createTestPki();
  const corpus = generateCorpus(pki);
  for (const f of corpus) fs.writeFileSync(path.join(dir, `${f.name}.pdf`), f.pdf);
  fs.writeFileSync(path.join(dir, 'root.pem'), pki.root.certPem);
  fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify(corpus.map(({ pdf: _pdf, ...rest }) => rest), null, 2));
  process.stdout.write(`${corpus.length} fixtures written to ${dir}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((e) => {
    process.stderr.write(`${(e as Error).stack}\n`);
    process.exit(1);
  });
}
