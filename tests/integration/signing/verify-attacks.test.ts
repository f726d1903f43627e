import { beforeAll, describe, expect, it } from 'vitest';
import { verifyPdf, type VerifyReport } from '../../../core/signing/verify/index';
import { generateCorpus, meetsExpectation, type Fixture } from '../../attacks/generate';
import { createTestPki, type TestPki } from '../../attacks/pki';

// The attack corpus (tests/attacks/generate.ts): no forged, wrapped, shadowed or
// incrementally-altered document may ever be reported `valid`; the untampered controls must be.

let pki: TestPki;
let corpus: Fixture[];
const reports = new Map<string, VerifyReport>();

beforeAll(async () => {
  pki = await createTestPki();
  corpus = generateCorpus(pki);
  for (const f of corpus) reports.set(f.name, await verifyPdf(f.pdf, { trustAnchors: [pki.root.certPem], file: `${f.name}.pdf` }));
}, 120_000);

function codes(r: VerifyReport): string[] {
  return [...r.reasons, ...r.signatures.flatMap((s) => s.reasons)].map((x) => x.code);
}

describe('attack corpus', () => {
  it('covers every attack family of the brief', () => {
    const names = corpus.map((f) => f.name);
    for (const prefix of ['isa-', 'usf-no-contents', 'usf-empty-contents', 'usf-byterange-gap', 'usf-byterange-overlap', 'usf-byterange-short', 'usf-byterange-outside', 'signature-wrapping', 'shadow-hide', 'shadow-replace', 'shadow-hide-and-replace', 'cert-p1-sneaky-signature', 'cert-p2-evil-annotation', 'fieldmdp-', 'document-timestamp-']) {
      expect(names.some((n) => n.startsWith(prefix)), prefix).toBe(true);
    }
  });

  it('never reports a tampered document as valid, and reports every control as valid', () => {
    const wrong: string[] = [];
    for (const f of corpus) {
      const r = reports.get(f.name)!;
      const missing = (f.reasons ?? []).filter((c) => !codes(r).includes(c));
      if (!meetsExpectation(f.expect, r.verdict) || missing.length) {
        wrong.push(`${f.name}: got ${r.verdict} (want ${f.expect}), missing ${missing.join(',') || '-'}; ${codes(r).join(',')}`);
      }
      if (!f.name.startsWith('ok-')) expect(r.verdict, f.name).not.toBe('valid');
    }
    expect(wrong).toEqual([]);
  });

  it('names the signer, the claimed time and a reason text in both languages for every signature', () => {
    const r = reports.get('ok-signed')!;
    expect(r.file).toBe('ok-signed.pdf');
    expect(r.signatures).toHaveLength(1);
    const s = r.signatures[0]!;
    expect(s.signer).toBe('Nguyen Van A');
    expect(s.timeSource).toBe('claimed');
    expect(s.time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(s.status).toBe('valid');
    for (const reason of [...reports.values()].flatMap((x) => [...x.reasons, ...x.signatures.flatMap((y) => y.reasons)])) {
      expect(reason.vi.length).toBeGreaterThan(10);
      expect(reason.en.length).toBeGreaterThan(10);
    }
  });

  it('reports each signature of a multi-signed document, in signing order', () => {
    const r = reports.get('ok-two-signatures')!;
    expect(r.signatures.map((s) => s.field)).toEqual(['Signature1', 'Signature2']);
    expect(r.signatures.map((s) => s.status)).toEqual(['valid', 'valid']);
    expect(r.signatures[0]!.coversWholeDocument).toBe(false);
    expect(r.signatures[0]!.reasons.map((x) => x.code)).toContain('LATER_SIGNATURES');
  });

  it('marks the certification level and blames the certification for a sneaky signature', () => {
    const r = reports.get('cert-p1-sneaky-signature')!;
    const cert = r.signatures.find((s) => s.kind === 'certification')!;
    expect(cert.certificationLevel).toBe(1);
    expect(cert.status).toBe('invalid');
    expect(cert.reasons.map((x) => x.code)).toContain('CERTIFICATION_VIOLATED');
  });

  it('verifies a document time-stamp (ETSI.RFC3161): the TSA is the signer and the time comes from the token', () => {
    const r = reports.get('ok-document-timestamp')!;
    const ts = r.signatures.find((s) => s.kind === 'document-timestamp')!;
    expect(ts).toMatchObject({ signer: 'VanThu Test TSA', timeSource: 'timestamp', status: 'valid', coversWholeDocument: true });
    expect(reports.get('ok-certified-p1-then-document-timestamp')!.verdict).toBe('valid');
  });

  it('lists what a later update redefined, object by object', () => {
    const r = reports.get('isa-content-replaced')!;
    const changes = r.signatures[0]!.changesAfter;
    expect(changes.some((c) => c.object === 4 && c.category === 'disallowed')).toBe(true);
  });

  it('an unsigned document is indeterminate, not valid', async () => {
    const { baseDocument } = await import('../../attacks/sign');
    const r = await verifyPdf(baseDocument().pdf, { trustAnchors: [pki.root.certPem] });
    expect(r.verdict).toBe('indeterminate');
    expect(r.reasons.map((x) => x.code)).toEqual(['NO_SIGNATURES']);
  });

  it('a file that is not a PDF is invalid, not an exception', async () => {
    const r = await verifyPdf(Buffer.from('hello, not a pdf'), {});
    expect(r.verdict).toBe('invalid');
    expect(r.reasons.map((x) => x.code)).toEqual(['NOT_A_PDF']);
  });
});
