import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef } from 'pdf-lib';
import { embedSignature, prepareSignature, pdfDate } from '../../../core/signing/pdf/incremental';
import { signedBytes } from '../../../core/signing/pdf/byteRange';
import { qpdfCheck, qpdfTransform, samplePdf } from '../../support/pki/samplePdf';

const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');
/** A stand-in CMS blob: structure tests do not need a cryptographically valid one. */
const fakeCms = (n = 1200) => new Uint8Array(n).fill(0xab);

function lastStartxref(bytes: Uint8Array): number {
  const t = text(bytes);
  return Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(t)![1]);
}

async function signTimes(pdf: Uint8Array, times: number) {
  const revisions = [pdf];
  let current = pdf;
  for (let i = 0; i < times; i++) {
    const prepared = await prepareSignature(current, { rect: i === 1 ? { x: 300, y: 100, width: 150, height: 60 } : undefined });
    current = embedSignature(prepared, fakeCms());
    revisions.push(current);
  }
  return revisions;
}

describe.each(['table', 'stream'] as const)('incremental signature update on a PDF with an xref %s', (xref) => {
  it('keeps qpdf --check clean after 1, 2 and 3 signatures, each revision a byte-identical prefix', async () => {
    const original = await samplePdf({ xref, pages: 2 });
    const revisions = await signTimes(original, 3);
    for (let i = 1; i < revisions.length; i++) {
      const previous = revisions[i - 1]!;
      const current = revisions[i]!;
      expect(Buffer.from(current.subarray(0, previous.length)).equals(Buffer.from(previous))).toBe(true);
      const check = qpdfCheck(current);
      expect(check.output).toContain('No syntax or stream encoding errors found');
      expect(check.code).toBe(0);
    }
    const doc = await PDFDocument.load(revisions[3]!);
    const names = doc.getForm().getFields().map((f) => f.getName());
    expect(names).toEqual(['Signature1', 'Signature2', 'Signature3']);
  });

  it('writes a new section of the same xref kind whose /Prev is the previous startxref, keeping /Root and /ID', async () => {
    // qpdf writes a trailer /ID (pdf-lib does not) and keeps the xref kind.
    const original = qpdfTransform(await samplePdf({ xref }), [`--object-streams=${xref === 'table' ? 'disable' : 'generate'}`]);
    const signed = embedSignature(await prepareSignature(original), fakeCms());
    const appended = text(signed.subarray(original.length));
    if (xref === 'table') {
      expect(appended).toMatch(/\nxref\n/);
      expect(appended).toMatch(/trailer\n<< \/Size \d+ \/Root \d+ 0 R/);
    } else {
      expect(appended).toContain('/Type /XRef');
      expect(appended).not.toMatch(/\ntrailer/);
    }
    expect(appended).toContain(`/Prev ${lastStartxref(original)}`);
    const rootBefore = /\/Root (\d+ \d+ R)/.exec(text(original))![1];
    expect(appended).toContain(`/Root ${rootBefore}`);
    const ids = (t: string) => /\/ID\s*\[\s*<(\w+)>\s*<(\w+)>\s*\]/.exec(t)!.slice(1).map((h) => h.toLowerCase());
    expect(ids(appended)).toEqual(ids(text(original)));
  });
});

describe('signature placeholders', () => {
  it('covers the whole file except the hex /Contents with /ByteRange [0 a b c]', async () => {
    const original = await samplePdf();
    const prepared = await prepareSignature(original, { contentsBytes: 4000 });
    const [s1, a, b, c] = prepared.byteRange;
    expect(s1).toBe(0);
    expect(prepared.bytes[a]).toBe(0x3c); // '<'
    expect(prepared.bytes[b - 1]).toBe(0x3e); // '>'
    expect(b - a).toBe(4000 * 2 + 2);
    expect(b + c).toBe(prepared.bytes.length);
    const written = /\/ByteRange \[([\d ]+)\]/.exec(text(prepared.bytes.subarray(original.length)))![1]!;
    expect(written.trim().split(/ +/).map(Number)).toEqual(prepared.byteRange);
    // Embedding changes only the bytes inside the hex string.
    const before = signedBytes(prepared.bytes, prepared.byteRange).slice();
    embedSignature(prepared, fakeCms(3000));
    expect(Buffer.from(signedBytes(prepared.bytes, prepared.byteRange)).equals(Buffer.from(before))).toBe(true);
    expect(text(prepared.bytes.subarray(a + 1, a + 7))).toBe('ABABAB');
  });

  it('refuses a signature larger than the reserved space with a clear error', async () => {
    const prepared = await prepareSignature(await samplePdf(), { contentsBytes: 1000 });
    expect(() => embedSignature(prepared, fakeCms(1001))).toThrow(
      expect.objectContaining({ code: 'SIG_CONTENTS_TOO_SMALL', message: expect.stringMatching(/does not fit/) }),
    );
  });

  it('writes /M in Vietnam time and refuses a duplicate field name or a missing page', async () => {
    expect(pdfDate(new Date('2026-01-31T20:15:00Z'))).toBe("D:20260201031500+07'00'");
    const once = embedSignature(await prepareSignature(await samplePdf(), { fieldName: 'Leader' }), fakeCms());
    await expect(prepareSignature(once, { fieldName: 'Leader' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(prepareSignature(once, { page: 5 })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('signs a qpdf-compressed file (catalog inside an object stream) and keeps it valid', async () => {
    const compressed = qpdfTransform(await samplePdf({ pages: 3 }), ['--object-streams=generate']);
    expect(text(compressed)).toContain('/ObjStm');
    const signed = embedSignature(await prepareSignature(compressed, { page: 3 }), fakeCms());
    expect(qpdfCheck(signed).code).toBe(0);
    const signedTwice = embedSignature(await prepareSignature(signed), fakeCms());
    expect(qpdfCheck(signedTwice).code).toBe(0);
  });
});

describe('PDFs that cannot be signed', () => {
  it('rejects an encrypted PDF with PDF_ENCRYPTED', async () => {
    const encrypted = qpdfTransform(await samplePdf(), ['--encrypt', 'user', 'owner', '256', '--']);
    await expect(prepareSignature(encrypted)).rejects.toMatchObject({ code: 'PDF_ENCRYPTED' });
  });

  it('rejects a non-PDF and a truncated PDF with FILE_CORRUPT', async () => {
    await expect(prepareSignature(Buffer.from('hello, not a pdf'))).rejects.toMatchObject({ code: 'FILE_CORRUPT' });
    const pdf = await samplePdf();
    await expect(prepareSignature(pdf.subarray(0, Math.floor(pdf.length * 0.6)))).rejects.toMatchObject({ code: 'FILE_CORRUPT' });
  });
});

describe('documents made by other tools', () => {
  it('keeps an existing filled form field and handles an indirect /Annots and /Fields', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage();
    const form = doc.getForm();
    const field = form.createTextField('so_van_ban');
    field.setText('05/QD-UBND');
    field.addToPage(page, { x: 50, y: 700, width: 200, height: 20 });
    // Make /Annots and /Fields indirect, as many producers write them.
    const annots = page.node.get(PDFName.of('Annots'))!;
    page.node.set(PDFName.of('Annots'), doc.context.register(annots));
    const acro = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict);
    acro.set(PDFName.of('Fields'), doc.context.register(acro.get(PDFName.of('Fields'))!));
    const original = await doc.save({ useObjectStreams: false });

    let current = original;
    for (let i = 0; i < 2; i++) current = embedSignature(await prepareSignature(current, { rect: { x: 300, y: 100 + i * 80, width: 120, height: 60 } }), fakeCms());
    expect(qpdfCheck(current).code).toBe(0);
    const after = await PDFDocument.load(current);
    const names = after.getForm().getFields().map((f) => f.getName());
    expect(names).toEqual(['so_van_ban', 'Signature1', 'Signature2']);
    expect(after.getForm().getTextField('so_van_ban').getText()).toBe('05/QD-UBND');
    expect((after.getPage(0).node.lookup(PDFName.of('Annots'), PDFArray)).size()).toBe(3);
    // The indirect arrays were updated in place (rewritten in the new revision), not replaced.
    expect(after.getPage(0).node.get(PDFName.of('Annots'))).toBeInstanceOf(PDFRef);
  });
});

describe('slightly damaged but common files', () => {
  it('accepts a startxref that points at whitespace before the xref keyword, and trailing bytes after %%EOF', async () => {
    const pdf = Buffer.from(await samplePdf());
    const t = pdf.toString('latin1');
    const xrefAt = t.lastIndexOf('\nxref') ;
    // Point startxref one byte early (at the newline) and add junk after %%EOF.
    const fixed = t.replace(/startxref\s+\d+\s+%%EOF\s*$/, `startxref\n${xrefAt}\n%%EOF\n\0\0  \n`);
    const signed = embedSignature(await prepareSignature(Buffer.from(fixed, 'latin1')), fakeCms());
    expect(qpdfCheck(signed).code).not.toBe(2);
    expect((await PDFDocument.load(signed)).getForm().getFields()).toHaveLength(1);
  });
});

describe('any sequence of signatures', () => {
  it('keeps every earlier revision as a prefix, ranges exact, and qpdf clean (property)', async () => {
    const arbStep = fc.record({
      page: fc.integer({ min: 1, max: 3 }),
      visible: fc.boolean(),
      x: fc.integer({ min: 0, max: 400 }),
      y: fc.integer({ min: 0, max: 700 }),
      contentsBytes: fc.integer({ min: 1500, max: 6000 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('table' as const, 'stream' as const), fc.array(arbStep, { minLength: 1, maxLength: 3 }), async (xref, steps) => {
        let current = await samplePdf({ pages: 3, xref });
        for (const step of steps) {
          const prepared = await prepareSignature(current, {
            page: step.page,
            rect: step.visible ? { x: step.x, y: step.y, width: 120, height: 50 } : undefined,
            contentsBytes: step.contentsBytes,
          });
          const [, a, b, c] = prepared.byteRange;
          expect(b - a).toBe(step.contentsBytes * 2 + 2);
          expect(b + c).toBe(prepared.bytes.length);
          const next = embedSignature(prepared, fakeCms(1400));
          expect(Buffer.from(next.subarray(0, current.length)).equals(Buffer.from(current))).toBe(true);
          current = next;
        }
        expect(qpdfCheck(current).code).toBe(0);
        expect((await PDFDocument.load(current)).getForm().getFields()).toHaveLength(steps.length);
      }),
      { numRuns: 12 },
    );
  });
});

describe('prepared signature fields', () => {
  async function withEmptySignatureField(): Promise<Uint8Array> {
    const doc = await PDFDocument.create();
    const page = doc.addPage();
    const ctx = doc.context;
    const widgetRef = ctx.register(ctx.obj({ Type: 'Annot', Subtype: 'Widget', FT: 'Sig', T: PDFHexString.fromText('Lãnh đạo ký'), Rect: [300, 100, 500, 200], F: 4, P: page.ref }));
    page.node.set(PDFName.of('Annots'), ctx.obj([widgetRef]));
    doc.catalog.set(PDFName.of('AcroForm'), ctx.register(ctx.obj({ Fields: [widgetRef] })));
    return doc.save({ useObjectStreams: false });
  }

  it('fills an empty signature field named by the caller instead of adding one, and refuses it once signed', async () => {
    const original = await withEmptySignatureField();
    const signed = embedSignature(await prepareSignature(original, { fieldName: 'Lãnh đạo ký' }), fakeCms());
    expect(qpdfCheck(signed).code).toBe(0);
    const doc = await PDFDocument.load(signed);
    const fields = doc.getForm().getFields();
    expect(fields.map((f) => f.getName())).toEqual(['Lãnh đạo ký']);
    expect(fields[0]!.acroField.dict.get(PDFName.of('V'))).toBeInstanceOf(PDFRef);
    await expect(prepareSignature(signed, { fieldName: 'Lãnh đạo ký' })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/already signed/) });
  });
});

describe('trailers that repeat only part of the keys', () => {
  it('carries /Info and /ID over from an earlier trailer when the last one omits them', async () => {
    const base = Buffer.from(qpdfTransform(await samplePdf(), ['--object-streams=disable']));
    const t = base.toString('latin1');
    const root = /\/Root (\d+) (\d+) R/.exec(t)!;
    const size = /\/Size (\d+)/.exec(t)![1];
    const catalog = new RegExp(`\\n${root[1]} ${root[2]} obj\\s*([\\s\\S]*?)endobj`).exec(t)![1]!;
    const update = `${root[1]} ${root[2]} obj\n${catalog}endobj\n`;
    const at = base.length + 1;
    const xrefAt = at + update.length;
    const tail = `\n${update}xref\n${root[1]} 1\n${String(at).padStart(10, '0')} ${root[2]!.padStart(5, '0')} n\r\ntrailer\n<< /Size ${size} /Root ${root[1]} ${root[2]} R /Prev ${lastStartxref(base)} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
    const partial = Buffer.concat([base, Buffer.from(tail, 'latin1')]);
    expect(qpdfCheck(partial).code).toBe(0);
    const signed = embedSignature(await prepareSignature(partial), fakeCms());
    const appended = text(signed.subarray(partial.length));
    expect(appended).toMatch(/\/Info \d+ 0 R/);
    expect(appended).toMatch(/\/ID\s*\[/);
    expect(qpdfCheck(signed).code).toBe(0);
  });
});
