import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { AppError } from '../../shared/api/errors';

// Small PDF layout helpers for documents: wrapped Vietnamese text (Tinos, a Times New Roman
// metric-compatible Unicode font) and tables that continue over pages with the header repeated.

const FONT_DIR = process.env.VANTHU_FONTS_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../resources/fonts');

function fontFile(name: 'Tinos-Regular.ttf' | 'Tinos-Bold.ttf'): Uint8Array {
  try {
    return fs.readFileSync(path.join(FONT_DIR, name));
  } catch {
    throw new AppError('INTERNAL', `The font ${name} is missing from ${FONT_DIR}. Reinstall the application.`);
  }
}

export async function newDocument(): Promise<{ doc: PDFDocument; regular: PDFFont; bold: PDFFont }> {
  const doc = await PDFDocument.create();
  // fontkit is loaded on first use: initialising it costs ~150 ms of every start-up otherwise.
  doc.registerFontkit((await import('@pdf-lib/fontkit')).default);
  const regular = await doc.embedFont(fontFile('Tinos-Regular.ttf'), { subset: true });
  const bold = await doc.embedFont(fontFile('Tinos-Bold.ttf'), { subset: true });
  return { doc, regular, bold };
}

/** Characters the layout cannot place (tabs, control characters) become spaces. */
function clean(s: string): string {
  return s.replace(/[\t\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
}

const widthCache = new WeakMap<PDFFont, Map<string, number>>();

/** Width of a word at size 1, cached: measuring through fontkit's layout is the slow part. */
function unitWidth(font: PDFFont, word: string): number {
  let cache = widthCache.get(font);
  if (!cache) widthCache.set(font, (cache = new Map()));
  let w = cache.get(word);
  if (w === undefined) {
    w = font.widthOfTextAtSize(word, 1);
    if (cache.size < 50_000) cache.set(word, w);
  }
  return w;
}

/** Splits text into lines no wider than `width`, breaking words longer than a line. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  const space = unitWidth(font, ' ') * size;
  for (const para of clean(text).split(/\r?\n/)) {
    let line = '';
    let lineWidth = 0;
    for (const word of para.split(/ +/)) {
      const w = unitWidth(font, word) * size;
      if (line && lineWidth + space + w <= width) {
        line += ` ${word}`;
        lineWidth += space + w;
        continue;
      }
      if (line) out.push(line);
      line = word;
      lineWidth = w;
      while (lineWidth > width && line.length > 1) {
        let cut = line.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut--;
        out.push(line.slice(0, cut));
        line = line.slice(cut);
        lineWidth = font.widthOfTextAtSize(line, size);
      }
    }
    out.push(line);
  }
  return out;
}

const A4: [number, number] = [595.28, 841.89];

/** A plain A4 PDF of a document's text: a bold title, then the body wrapped and paginated. */
export async function textToPdf(title: string, body: string): Promise<Uint8Array> {
  const { doc, regular, bold } = await newDocument();
  const margin = 60;
  const width = A4[0] - 2 * margin;
  let page = doc.addPage(A4);
  let y = A4[1] - margin;
  const line = (t: string, font: PDFFont, size: number) => {
    if (y < margin + size) {
      page = doc.addPage(A4);
      y = A4[1] - margin;
    }
    page.drawText(t, { x: margin, y: y - size, size, font });
    y -= size * 1.35;
  };
  for (const t of wrap(title, bold, 13, width)) line(t, bold, 13);
  y -= 8;
  for (const t of wrap(body.trim(), regular, 11, width)) line(t, regular, 11);
  doc.setTitle(title);
  return doc.save();
}

export interface Column {
  header: string;
  /** Share of the table width. */
  weight: number;
}

/** A landscape A4 table: title lines on the first page, header row on every page, page numbers. */
export async function tablePdf(titleLines: string[], columns: Column[], rows: string[][]): Promise<Uint8Array> {
  const { doc, regular, bold } = await newDocument();
  const size: [number, number] = [A4[1], A4[0]];
  const margin = 30;
  const tableWidth = size[0] - 2 * margin;
  const total = columns.reduce((s, c) => s + c.weight, 0);
  const widths = columns.map((c) => (c.weight / total) * tableWidth);
  const fontSize = 9;
  const lead = fontSize * 1.25;
  const pad = 3;
  let page!: PDFPage;
  let y = 0;

  const drawRow = (cells: string[], font: PDFFont): void => {
    const lines = cells.map((c, i) => wrap(c, font, fontSize, widths[i]! - 2 * pad));
    const height = Math.max(...lines.map((l) => l.length)) * lead + 2 * pad;
    if (y - height < margin + 14) newPage();
    let x = margin;
    lines.forEach((ls, i) => {
      page.drawRectangle({ x, y: y - height, width: widths[i]!, height, borderColor: rgb(0, 0, 0), borderWidth: 0.5 });
      ls.forEach((t, j) => page.drawText(t, { x: x + pad, y: y - pad - (j + 1) * lead + 2, size: fontSize, font }));
      x += widths[i]!;
    });
    y -= height;
  };
  const newPage = (): void => {
    page = doc.addPage(size);
    y = size[1] - margin;
    if (doc.getPageCount() === 1) {
      for (const t of titleLines) {
        const w = bold.widthOfTextAtSize(t, 13);
        page.drawText(t, { x: (size[0] - w) / 2, y: y - 13, size: 13, font: bold });
        y -= 19;
      }
      y -= 6;
    }
    drawRow(columns.map((c) => c.header), bold);
  };
  newPage();
  for (const r of rows) drawRow(r, regular);
  const n = doc.getPageCount();
  doc.getPages().forEach((p, i) => {
    const label = `Trang ${i + 1}/${n}`;
    p.drawText(label, { x: size[0] - margin - regular.widthOfTextAtSize(label, 8), y: margin - 12, size: 8, font: regular });
  });
  doc.setTitle(titleLines[0] ?? 'Sổ đăng ký');
  return doc.save();
}
