import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { PdfTextExtractor } from '../../../core/documents/search/extract/queue';
import { searchServiceOf } from '../../../core/api/searchHandlers';
import { resourcePath } from '../../../core/paths';
import { incoming, openProfile, type TestProfile } from '../documents/profile';

// PDF text extraction in the worker thread, on real PDFs (pdf-lib with a Vietnamese font, qpdf).

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-search-pdf-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function vietnamesePdf(pages: string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(fs.readFileSync(resourcePath('fonts', 'Tinos-Regular.ttf')), { subset: true });
  for (const text of pages) {
    const page = doc.addPage([595, 842]);
    text.split('\n').forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 18, size: 12, font }));
  }
  return doc.save();
}

async function textlessPdf(): Promise<Uint8Array> {
  // Has a font (so the byte-level check at upload lets it through) but no letters: like a scan with an empty text layer.
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  page.drawRectangle({ x: 50, y: 50, width: 400, height: 600, color: rgb(0.8, 0.8, 0.8) });
  page.drawText('   ', { x: 60, y: 700, size: 12, font });
  return doc.save();
}

function write(name: string, bytes: Uint8Array): string {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, bytes);
  return f;
}

describe('the extraction worker', () => {
  const extractor = new PdfTextExtractor();
  afterAll(() => extractor.close());

  it('reads the Vietnamese text of every page', async () => {
    const f = write('ok.pdf', await vietnamesePdf(['Trang một: Quyết định số 1296/QĐ-UBND', 'Trang hai: triển khai chữ ký số chuyên dùng']));
    const r = await extractor.extract(f);
    expect(r.ok).toBe(true);
    expect(r.pages).toBe(2);
    expect(r.text).toContain('1296/QĐ-UBND');
    expect(r.text).toContain('chữ ký số');
  });

  it('says why it could not read encrypted, damaged and textless PDFs', async () => {
    const plain = write('plain.pdf', await vietnamesePdf(['Nội dung mật']));
    const encrypted = path.join(tmp, 'encrypted.pdf');
    execFileSync('qpdf', ['--encrypt', 'user-pw', 'owner-pw', '256', '--', plain, encrypted]);
    const good = fs.readFileSync(plain);
    const damaged = Buffer.concat([good.subarray(0, 20), Buffer.alloc(good.length - 40, 0x41), good.subarray(good.length - 20)]);
    const cases: [string, string][] = [
      [encrypted, 'pdf.encrypted'],
      [write('damaged.pdf', damaged), 'pdf.corrupt'],
      [write('textless.pdf', await textlessPdf()), 'pdf.noText'],
      [write('not-a-pdf.pdf', Buffer.from('hello, this is not a PDF')), 'pdf.corrupt'],
    ];
    for (const [file, reason] of cases) {
      const r = await extractor.extract(file);
      expect(r.ok, file).toBe(false);
      expect(r.reason, file).toBe(reason);
      expect(r.message, file).toBeTruthy();
    }
    // The worker survives bad input and keeps working.
    expect((await extractor.extract(plain)).ok).toBe(true);
  });
});

describe('attachments of registered documents', () => {
  let p: TestProfile;
  let reg: number;
  beforeEach(async () => {
    p = await openProfile();
    reg = (await p.system('registers.create', { name: 'Sổ văn bản đến', direction: 'incoming', keeperIds: [] })).register.id;
  });
  afterEach(() => p.close());

  const attach = (fileName: string, bytes: Uint8Array) => ({ fileName, contentBase64: Buffer.from(bytes).toString('base64') });

  it('become searchable once the worker has read them, while registration returns at once', async () => {
    const pdf = await vietnamesePdf(['Trang bìa', 'Nội dung: xây dựng nền tảng tích hợp, chia sẻ dữ liệu của tỉnh (LGSP)']);
    const { document } = await p.users.clerk.call('documents.registerIncoming', { registerId: reg, ...incoming({ subject: 'Về việc triển khai nền tảng' }), attachments: [attach('van-ban.pdf', pdf)] } as never);
    expect(document.attachments[0]!.extraction).toBe('pending');
    expect((await p.system('search.query', { query: 'chia se du lieu' })).hits).toEqual([]);

    await searchServiceOf(p.core).whenIdle();
    const r = await p.system('search.query', { query: 'chia sẻ dữ liệu' });
    expect(r.hits.map((h) => h.id)).toEqual([document.id]);
    expect(r.hits[0]!.snippet.filter((s) => s.match).map((s) => s.text)).toEqual(['chia sẻ dữ liệu']);
    expect((await p.system('documents.get', { id: document.id })).document.attachments[0]!.extraction).toBe('done');
  });

  it('are marked failed with the reason when their text cannot be read, and the document stays findable by its metadata', async () => {
    const { document } = await p.users.clerk.call('documents.registerIncoming', { registerId: reg, ...incoming({ subject: 'Bản scan công văn' }), attachments: [attach('scan.pdf', await textlessPdf())] } as never);
    await searchServiceOf(p.core).whenIdle();
    const att = (await p.system('documents.get', { id: document.id })).document.attachments[0]!;
    expect(att.extraction).toBe('failed');
    expect(att.warning).toBe('pdf.noText');
    expect((await p.system('search.query', { query: 'scan' })).hits.map((h) => h.id)).toEqual([document.id]);
  });
});
