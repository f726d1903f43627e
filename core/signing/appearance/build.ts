// Appearance streams (form XObjects) of visible signatures, built with pdf-lib inside the document
// being signed: the leader's block (title, blue signature image, name), the red agency seal, and
// the imageless text stamp for attachments and copies. Text uses Tinos (Times New Roman metrics),
// subset-embedded, so Vietnamese diacritics render in every viewer.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  PDFDocument,
  PDFName,
  beginText,
  concatTransformationMatrix,
  drawObject,
  endText,
  popGraphicsState,
  pushGraphicsState,
  setFillingRgbColor,
  setFontAndSize,
  setTextMatrix,
  showText,
  type PDFFont,
  type PDFImage,
  type PDFOperator,
  type PDFRef,
} from 'pdf-lib';
import { AppError } from '../../../shared/api/errors';
import type { AppearanceBuilder, Rect } from '../pdf/incremental';
import { rotationMatrix, type Rotation } from './layout';

export type AuthorityPrefix = 'KT.' | 'TM.' | 'TL.' | 'TUQ.' | 'Q.';
export const AUTHORITY_PREFIXES: readonly AuthorityPrefix[] = ['KT.', 'TM.', 'TL.', 'TUQ.', 'Q.'];

const FONT_DIR = process.env.VANTHU_FONTS_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../resources/fonts');
const fontCache = new Map<string, Uint8Array>();

export function fontBytes(file: 'Tinos-Regular.ttf' | 'Tinos-Bold.ttf'): Uint8Array {
  let bytes = fontCache.get(file);
  if (!bytes) {
    try {
      bytes = fs.readFileSync(path.join(FONT_DIR, file));
    } catch {
      throw new AppError('INTERNAL', `The font ${file} is missing from ${FONT_DIR}. Reinstall the application.`);
    }
    fontCache.set(file, bytes);
  }
  return bytes;
}

async function embedFont(doc: PDFDocument, file: 'Tinos-Regular.ttf' | 'Tinos-Bold.ttf'): Promise<PDFFont> {
  // fontkit is loaded on first use: initialising it costs ~150 ms of every start-up otherwise.
  doc.registerFontkit((await import('@pdf-lib/fontkit')).default);
  return doc.embedFont(fontBytes(file), { subset: true });
}

export async function embedPng(doc: PDFDocument, png: Uint8Array, what: string): Promise<PDFImage> {
  try {
    return await doc.embedPng(png);
  } catch (e) {
    throw new AppError('VALIDATION', `The ${what} image is not a readable PNG (${(e as Error).message}). Choose a PNG file.`);
  }
}

export interface TextRun {
  text: string;
  /** Box the text is centred in (appearance coordinates). */
  box: Rect;
  font: 'regular' | 'bold';
  size: number;
  color: [number, number, number];
  align?: 'center' | 'left';
}

export interface ImageRun {
  png: Uint8Array;
  box: Rect;
  what: string;
}

/**
 * An AppearanceBuilder drawing `images` then `texts`, with coordinates relative to `origin`
 * (the widget rectangle's lower-left corner in page space).
 */
export function appearanceBuilder(origin: { x: number; y: number }, images: ImageRun[], texts: TextRun[], rotation: Rotation = 0): AppearanceBuilder {
  return async (doc, userSize) => {
    // Content is laid out upright as displayed; on a rotated page the box is turned back by /Matrix.
    const size = rotation === 90 || rotation === 270 ? { width: userSize.height, height: userSize.width } : userSize;
    const operators: PDFOperator[] = [];
    const xobjects: Record<string, PDFRef> = {};
    const fonts: Record<string, PDFRef> = {};
    for (const [i, run] of images.entries()) {
      const image = await embedPng(doc, run.png, run.what);
      const name = `Im${i + 1}`;
      xobjects[name] = image.ref;
      operators.push(
        pushGraphicsState(),
        concatTransformationMatrix(run.box.width, 0, 0, run.box.height, run.box.x - origin.x, run.box.y - origin.y),
        drawObject(name),
        popGraphicsState(),
      );
    }
    const loaded = new Map<string, PDFFont>();
    for (const run of texts) {
      const fontName = run.font === 'bold' ? 'F2' : 'F1';
      let font = loaded.get(fontName);
      if (!font) {
        font = await embedFont(doc, run.font === 'bold' ? 'Tinos-Bold.ttf' : 'Tinos-Regular.ttf');
        loaded.set(fontName, font);
        fonts[fontName] = font.ref;
      }
      const text = run.text.normalize('NFC');
      const size = fitFontSize(font, text, run.size, run.box.width);
      const width = font.widthOfTextAtSize(text, size);
      const x = run.box.x - origin.x + (run.align === 'left' ? 0 : (run.box.width - width) / 2);
      const y = run.box.y - origin.y + (run.box.height - size * 0.9) / 2 + size * 0.2;
      operators.push(
        beginText(),
        setFillingRgbColor(...run.color),
        setFontAndSize(fontName, size),
        setTextMatrix(1, 0, 0, 1, x, y),
        showText(font.encodeText(text)),
        endText(),
      );
    }
    const stream = doc.context.formXObject(operators, {
      BBox: [0, 0, size.width, size.height],
      Resources: { XObject: xobjects, Font: fonts },
    });
    stream.dict.set(PDFName.of('Matrix'), doc.context.obj(rotationMatrix(rotation)));
    return doc.context.register(stream);
  };
}

/** Shrink the font until the text fits the width (never below 6 pt). */
function fitFontSize(font: PDFFont, text: string, size: number, width: number): number {
  let s = size;
  while (s > 6 && font.widthOfTextAtSize(text, s) > width) s -= 0.5;
  return s;
}

/** Width of `text` in Tinos Regular at `size`, for laying out the stamp before the document is touched. */
export async function measureText(text: string, size: number, bold = false): Promise<number> {
  const scratch = await PDFDocument.create();
  const font = await embedFont(scratch, bold ? 'Tinos-Bold.ttf' : 'Tinos-Regular.ttf');
  return font.widthOfTextAtSize(text.normalize('NFC'), size);
}
