// Find where a piece of text (e.g. "CHỦ TỊCH") is printed, to put the signature under it.
// pdfjs-dist's legacy build extracts text positions in Node without a browser.

import { AppError } from '../../../shared/api/errors';
import type { Rect } from '../pdf/incremental';

export interface AnchorHit {
  /** 1-based page number. */
  page: number;
  /** Box of the matched text in page space. */
  box: Rect;
}

interface TextItemLike {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

const normalize = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').toLocaleUpperCase('vi');

/**
 * The last occurrence of `text` (case- and spacing-insensitive) on `page`, or on the last page that
 * has it when no page is given — signature blocks sit at the end of a document.
 */
export async function findAnchor(pdfBytes: Uint8Array, text: string, page?: number): Promise<AnchorHit> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const loadingTask = pdfjs.getDocument({ data: new Uint8Array(pdfBytes), isEvalSupported: false, useSystemFonts: false, verbosity: 0 });
  const doc = await loadingTask.promise;
  try {
    const wanted = normalize(text).trim();
    if (!wanted) throw new AppError('VALIDATION', 'The anchor text is empty.');
    const pages = page ? [page] : Array.from({ length: doc.numPages }, (_, i) => doc.numPages - i);
    for (const number of pages) {
      if (number < 1 || number > doc.numPages) {
        throw new AppError('VALIDATION', `Page ${number} does not exist; the document has ${doc.numPages} page(s).`);
      }
      const content = await (await doc.getPage(number)).getTextContent();
      const items = (content.items as unknown[]).filter((i): i is TextItemLike => typeof (i as TextItemLike).str === 'string');
      const hit = searchLines(items, wanted);
      if (hit) return { page: number, box: hit };
    }
    throw new AppError('SIG_ANCHOR_NOT_FOUND', `The text "${text}" was not found ${page ? `on page ${page}` : 'in the document'}. Check the anchor text or place the signature by page and rectangle.`, {
      details: { anchor: text, page },
    });
  } finally {
    await loadingTask.destroy();
  }
}

/** Join items sharing a baseline into lines, then search each line; the bottom-most match wins. */
function searchLines(items: TextItemLike[], wanted: string): Rect | undefined {
  const lines = new Map<number, TextItemLike[]>();
  for (const item of items) {
    if (!item.str) continue;
    const key = Math.round(item.transform[5]! * 2) / 2;
    lines.set(key, [...(lines.get(key) ?? []), item]);
  }
  let best: Rect | undefined;
  for (const [, lineItems] of lines) {
    lineItems.sort((a, b) => a.transform[4]! - b.transform[4]!);
    let joined = '';
    const spans: Array<{ start: number; item: TextItemLike }> = [];
    for (const item of lineItems) {
      spans.push({ start: joined.length, item });
      joined += item.str;
    }
    const index = normalize(joined).lastIndexOf(wanted);
    if (index < 0) continue;
    // Map character offsets back to x positions proportionally inside each item.
    const xAt = (offset: number) => {
      const span = [...spans].reverse().find((s) => s.start <= offset) ?? spans[0]!;
      const fraction = span.item.str.length ? (offset - span.start) / span.item.str.length : 0;
      return span.item.transform[4]! + Math.min(1, fraction) * span.item.width;
    };
    const first = lineItems[0]!;
    const height = first.height || Math.abs(first.transform[3]!) || 10;
    const x1 = xAt(index);
    const x2 = xAt(index + wanted.length);
    const box = { x: x1, y: first.transform[5]!, width: Math.max(1, x2 - x1), height };
    if (!best || box.y < best.y) best = box;
  }
  return best;
}
