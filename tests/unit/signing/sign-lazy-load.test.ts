import { describe, expect, it } from 'vitest';
import { PDFArray, PDFDocument, PDFName } from 'pdf-lib';
import { embedSignature, loadForUpdate, prepareSignature } from '../../../core/signing/pdf/incremental';
import { loadLazily } from '../../../core/signing/pdf/lazyLoad';
import { qpdfCheck, qpdfTransform, samplePdf } from '../../support/pki/samplePdf';

// Signing reads only the objects it needs through the cross-reference data; these tests check it
// sees the same document a full parse sees, and that files with unreliable offsets still sign.

const fakeCms = () => new Uint8Array(1200).fill(0xab);

async function sameAsFullParse(bytes: Uint8Array): Promise<void> {
  const { doc } = await loadForUpdate(bytes);
  const full = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
  expect(doc.getPageCount()).toBe(full.getPageCount());
  for (let i = 0; i < full.getPageCount(); i++) {
    expect(doc.getPage(i).getSize()).toEqual(full.getPage(i).getSize());
    const annots = (d: PDFDocument) => d.getPage(i).node.lookupMaybe(PDFName.of('Annots'), PDFArray)?.size() ?? 0;
    expect(annots(doc)).toBe(annots(full));
  }
  const names = (d: PDFDocument) => d.getForm().getFields().map((f) => f.getName());
  expect(names(doc)).toEqual(names(full));
}

describe('reading a document for signing', () => {
  it('sees the same pages, annotations and fields as a full parse, for tables, object streams and hybrids, before and after signatures', async () => {
    const table = await samplePdf({ pages: 3, xref: 'table' });
    const streams = await samplePdf({ pages: 3, xref: 'stream' });
    const hybrid = qpdfTransform(table, ['--object-streams=generate', '--compress-streams=y']);
    for (const original of [table, streams, hybrid]) {
      expect(loadLazily(original)).toBeDefined();
      await sameAsFullParse(original);
      let current = original;
      for (let page = 1; page <= 2; page++) {
        // The second signature on page 1 must see the widget the first one added to the page.
        current = embedSignature(await prepareSignature(current, { page: 1, rect: { x: 50, y: 50 + page * 70, width: 100, height: 50 } }), fakeCms());
        await sameAsFullParse(current);
      }
      const signed = await PDFDocument.load(current);
      expect(signed.getPage(0).node.lookup(PDFName.of('Annots'), PDFArray).size()).toBe(2);
      expect(qpdfCheck(current).code).toBe(0);
    }
  });

  it('still signs a file whose cross-reference table points an object at the wrong offset, by reading it whole', async () => {
    const pdf = Buffer.from(await samplePdf({ pages: 2 }));
    const text = pdf.toString('latin1');
    const firstEntry = text.indexOf('0000000000 65535 f') + 20;
    const damaged = Buffer.from(text.slice(0, firstEntry) + '0000000009' + text.slice(firstEntry + 10), 'latin1');
    expect(loadLazily(damaged)).toBeUndefined();
    const signed = embedSignature(await prepareSignature(damaged, { page: 2 }), fakeCms());
    expect(Buffer.from(signed.subarray(0, damaged.length)).equals(damaged)).toBe(true);
    const doc = await PDFDocument.load(signed);
    expect(doc.getForm().getFields().map((f) => f.getName())).toEqual(['Signature1']);
  });

  it("leaves a big document's content unread: a 10 MB filler stream is never parsed", async () => {
    const big = await samplePdf({ pages: 1, padBytes: 10 * 1024 * 1024 });
    const lazy = loadLazily(big)!;
    expect(lazy.doc.getPageCount()).toBe(1);
    const loaded = [...(lazy.doc.context as unknown as { indirectObjects: Map<unknown, unknown> }).indirectObjects.keys()];
    // Catalog, page tree and page: a handful of objects, not the filler.
    expect(loaded.length).toBeLessThan(6);
  });
});
