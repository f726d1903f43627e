import { describe, expect, it } from 'vitest';
import { CsvReader, parseCsv } from '../../../core/documents/importer';
import { csv } from '../../../core/documents/book';
import { columnName, zip } from '../../../core/documents/xlsx';
import { base64Size, inspectPdf } from '../../../core/documents/files';
import zlib from 'node:zlib';

describe('CSV', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF or LF, with a BOM', () => {
    const text = '\ufeffa,b,c\r\n"x, y","say ""hi""","line1\nline2"\n1,,3\n\n';
    expect(parseCsv(text)).toEqual([['a', 'b', 'c'], ['x, y', 'say "hi"', 'line1\nline2'], ['1', '', '3']]);
  });

  it('gives the same rows however the text is split into pieces', () => {
    const text = '\ufeffa,"b ""q"", c"\r\n"x\r\ny",2\r\nlast,"end"';
    const whole = parseCsv(text);
    expect(whole).toEqual([['a', 'b "q", c'], ['x\r\ny', '2'], ['last', 'end']]);
    for (let cut = 0; cut <= text.length; cut++) {
      const r = new CsvReader();
      expect([...r.push(text.slice(0, cut)), ...r.push(text.slice(cut)), ...r.end()], `cut at ${cut}`).toEqual(whole);
    }
  });

  it('writes what it reads back', () => {
    const rows = [['Số, ký hiệu', 'Trích yếu'], ['05/QĐ-UBND', 'Về việc "chuyển đổi số"\nnăm 2026']];
    expect(parseCsv(csv(rows))).toEqual(rows);
  });
});

describe('XLSX parts', () => {
  it('names columns A…Z, AA…', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('writes a zip whose entries inflate back to the input with matching CRCs', () => {
    const data = Buffer.from('Sổ đăng ký văn bản đến '.repeat(50));
    const z = zip([['a/b.xml', data]]);
    expect(z.readUInt32LE(0)).toBe(0x04034b50);
    const nameLen = z.readUInt16LE(26);
    const packedLen = z.readUInt32LE(18);
    expect(z.readUInt32LE(14)).toBe(zlib.crc32(data));
    expect(z.subarray(30, 30 + nameLen).toString()).toBe('a/b.xml');
    expect(zlib.inflateRawSync(z.subarray(30 + nameLen, 30 + nameLen + packedLen)).equals(data)).toBe(true);
    const end = z.subarray(z.length - 22);
    expect(end.readUInt32LE(0)).toBe(0x06054b50);
    expect(end.readUInt16LE(10)).toBe(1);
  });
});

describe('attachment checks', () => {
  it('knows the decoded size of base64 before decoding it', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 1000]) expect(base64Size(Buffer.alloc(n, 7).toString('base64'))).toBe(n);
  });

  it('flags a file that only claims to be a PDF', () => {
    expect(inspectPdf(Buffer.from('hello')).warning).toBe('pdf.corrupt');
    expect(inspectPdf(Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <</Root 1 0 R /Encrypt 2 0 R>>\n%%EOF')).warning).toBe('pdf.encrypted');
  });
});
