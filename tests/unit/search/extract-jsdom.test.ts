// @vitest-environment jsdom
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { PdfTextExtractor } from '../../../core/documents/search/extract/queue';
import { incoming, openProfile } from '../../integration/documents/profile';

// The renderer tests run the real core inside jsdom, whose URL and globals differ from Node's.
// Attachment text must still be extracted there (or fail with a reason), never crash the run.

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-extract-jsdom-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('PDF text extraction inside jsdom', () => {
  it('reads the text of a PDF attached while the UI tests run', async () => {
    expect(typeof window).toBe('object'); // really under jsdom
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage([595, 842]).drawText('Ke hoach trien khai chu ky so', { x: 50, y: 700, size: 12, font });
    const file = path.join(tmp, 'a.pdf');
    fs.writeFileSync(file, await doc.save());
    const extractor = new PdfTextExtractor();
    try {
      const r = await extractor.extract(file);
      expect(r.message ?? '').toBe('');
      expect(r.ok).toBe(true);
      expect(r.text).toContain('chu ky so');
    } finally {
      await extractor.close();
    }
  });

  it('makes a registered document findable by the words of its PDF, through the real core', async () => {
    const p = await openProfile();
    try {
      const reg = (await p.system('registers.create', { name: 'Sổ văn bản đến', direction: 'incoming', keeperIds: [] })).register.id;
      const doc = await PDFDocument.create();
      const font = await doc.embedFont(StandardFonts.Helvetica);
      doc.addPage([595, 842]).drawText('Phu luc: nen tang tich hop LGSP', { x: 50, y: 700, size: 12, font });
      const attachments = [{ fileName: 'phu-luc.pdf', contentBase64: Buffer.from(await doc.save()).toString('base64') }];
      const { document } = await p.users.clerk.call('documents.registerIncoming', { registerId: reg, ...incoming({ subject: 'Về việc triển khai' }), attachments } as never);
      await p.core.search.whenIdle();
      expect((await p.system('documents.get', { id: document.id })).document.attachments[0]!.extraction).toBe('done');
      expect((await p.system('search.query', { query: 'tich hop' })).hits.map((h) => h.id)).toEqual([document.id]);
    } finally {
      p.close();
    }
  });
});
