import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { analyzeUpdate } from '../../../core/signing/verify/changes';
import { parsePdfDate } from '../../../core/signing/verify/index';
import { RawPdf } from '../../../core/signing/verify/raw/document';
import { Parser, PdfDict, PdfName, PdfRef, PdfStream, PdfString, parseIndirectObject } from '../../../core/signing/verify/raw/objects';
import { appendUpdate, writePdf } from '../../attacks/pdfWriter';

// The raw reader the verifier relies on for byte offsets and per-revision object tables.

function parse(text: string) {
  return new Parser(Buffer.from(text, 'latin1')).value();
}

describe('object parser', () => {
  it('reads dictionaries, arrays, references, names with #xx, strings with escapes and hex strings with offsets', () => {
    const text = '<< /A [1 0 R 2 -3.5 (a\\(b\\)\\101) <48 65 6c6C6f>] /N#20x 7 /B true /C null >>';
    const v = parse(text) as PdfDict;
    const arr = v.get('A') as unknown[];
    expect(arr[0]).toEqual(new PdfRef(1, 0));
    expect(arr.slice(1, 3)).toEqual([2, -3.5]);
    expect((arr[3] as PdfString).text()).toBe('a(b)A');
    const hex = arr[4] as PdfString;
    expect(hex.text()).toBe('Hello');
    expect(hex.hex).toBe(true);
    expect(hex.start).toBe(text.indexOf('<48'));
    expect(hex.end).toBe(text.indexOf('f>') + 2);
    expect(v.get('N x')).toBe(7);
    expect(v.get('B')).toBe(true);
    expect(v.get('C')).toBeNull();
  });

  it('decodes UTF-16BE text strings (Vietnamese field names)', () => {
    const utf16 = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('Chữ ký', 'utf16le').swap16()]);
    const s = parse(`<${utf16.toString('hex')}>`) as PdfString;
    expect(s.text()).toBe('Chữ ký');
  });

  it('keeps the first of duplicated keys and refuses runaway nesting', () => {
    expect(((parse('<< /K 1 /K 2 >>') as PdfDict).get('K'))).toBe(1);
    expect(() => parse('['.repeat(200) + ']'.repeat(200))).toThrow(/deep/);
  });

  it('finds stream data by /Length and falls back to endstream when /Length lies', () => {
    const good = Buffer.from('5 0 obj\n<< /Length 5 >>\nstream\nHELLO\nendstream\nendobj\n', 'latin1');
    const s = parseIndirectObject(good, 0).value as PdfStream;
    expect(good.toString('latin1', s.dataStart, s.dataEnd)).toBe('HELLO');
    const lying = Buffer.from('5 0 obj\n<< /Length 999 >>\nstream\nHELLO\nendstream\nendobj\n', 'latin1');
    const t = parseIndirectObject(lying, 0).value as PdfStream;
    expect(lying.toString('latin1', t.dataStart, t.dataEnd)).toBe('HELLO');
  });
});

describe('revisions', () => {
  it('lists every revision of an incrementally updated file with its own object table', () => {
    const v1 = writePdf({ 1: '<< /Type /Catalog /Pages 2 0 R >>', 2: '<< /Type /Pages /Kids [] /Count 0 >>', 3: '(first)' }, { root: 1 });
    const v2 = appendUpdate(v1, { 3: '(second)', 4: '(new)' }, { root: 1, size: 5 });
    const raw = new RawPdf(v2);
    expect(raw.revisions).toHaveLength(2);
    expect(raw.revisions[0]!.endWithEol).toBe(v1.length);
    expect(raw.revisionEndingAt(v1.length)).toBe(raw.revisions[0]);
    expect((raw.object(3, raw.revisions[0]!) as PdfString).text()).toBe('first');
    expect((raw.object(3, raw.revisions[1]!) as PdfString).text()).toBe('second');
    expect(raw.object(4, raw.revisions[0]!)).toBeUndefined();
    expect(raw.trailingGarbage).toBeUndefined();
  });

  it('reads xref streams and object streams written by pdf-lib', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage().drawText('Xin chao', { font, x: 50, y: 700 });
    doc.setTitle('Van ban thu');
    const bytes = Buffer.from(await doc.save({ useObjectStreams: true }));
    const raw = new RawPdf(bytes);
    expect(raw.revisions).toHaveLength(1);
    const rev = raw.latest!;
    const catalog = raw.dict(rev.trailer.get('Root'), rev)!;
    expect((catalog.get('Type') as PdfName).name).toBe('Catalog');
    const pages = raw.dict(catalog.get('Pages'), rev)!;
    expect(pages.get('Count')).toBe(1);
    expect([...rev.objects.values()].some((e) => e.kind === 'compressed')).toBe(true);
  });

  it('notices bytes after the last revision that are not an update', () => {
    const v1 = writePdf({ 1: '<< /Type /Catalog /Pages 2 0 R >>', 2: '<< /Type /Pages /Kids [] /Count 0 >>' }, { root: 1 });
    expect(new RawPdf(Buffer.concat([v1, Buffer.from('\n\r\n  ')])).trailingGarbage).toBeUndefined();
    expect(new RawPdf(Buffer.concat([v1, Buffer.from('3 0 obj (x) endobj')])).trailingGarbage).toBeDefined();
  });

  it('classifies what an update redefines: a re-saved identical object is no change, a new content stream is', () => {
    const v1 = writePdf(
      {
        1: '<< /Type /Catalog /Pages 2 0 R >>',
        2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Contents 4 0 R >>',
        4: { dict: '<< >>', stream: 'BT ET' },
      },
      { root: 1 },
    );
    const same = new RawPdf(appendUpdate(v1, { 3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Contents 4 0 R >>' }, { root: 1, size: 5 }));
    expect(analyzeUpdate(same, same.revisions[0]!, same.revisions[1]!).changes).toEqual([]);
    const changed = new RawPdf(appendUpdate(v1, { 4: { dict: '<< >>', stream: 'BT (x) Tj ET' } }, { root: 1, size: 5 }));
    expect(analyzeUpdate(changed, changed.revisions[0]!, changed.revisions[1]!).changes).toEqual([
      expect.objectContaining({ category: 'disallowed', object: 4 }),
    ]);
  });
});

describe('PDF dates', () => {
  it('reads offsets, Z and partial dates', () => {
    expect(parsePdfDate("D:20261120093000+07'00'")!.toISOString()).toBe('2026-11-20T02:30:00.000Z');
    expect(parsePdfDate('D:20261120093000Z')!.toISOString()).toBe('2026-11-20T09:30:00.000Z');
    expect(parsePdfDate('D:2026')!.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(parsePdfDate('yesterday')).toBeUndefined();
  });
});
