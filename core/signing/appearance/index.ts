// Turning appearance options + placement into a widget rectangle and an AppearanceBuilder.

import { PDFDocument } from 'pdf-lib';
import { AppError } from '../../../shared/api/errors';
import type { AppearanceBuilder, Rect } from '../pdf/incremental';
import { findAnchor } from './anchor';
import { AUTHORITY_PREFIXES, appearanceBuilder, embedPng, measureText, type AuthorityPrefix, type ImageRun, type TextRun } from './build';
import { DEFAULT_SEAL_MM, MM, leaderLayout, normalizeRotation, pngPhysicalSize, stampRect, visualPageSize, visualToUser, vietnamIsoTime } from './layout';

export { AUTHORITY_PREFIXES, type AuthorityPrefix } from './build';
export { findAnchor } from './anchor';
export { vietnamIsoTime } from './layout';

export interface SignatureAppearance {
  /** 'leader' (default): title, signature image, name, seal. 'stamp': text stamp for attachments/copies. */
  style?: 'leader' | 'stamp';
  /** Handwritten signature, blue PNG with a transparent background. */
  signatureImage?: Uint8Array;
  /** Agency seal, red PNG; drawn at real size (from the PNG's resolution, else sealSizeMm). */
  sealImage?: Uint8Array;
  sealSizeMm?: number;
  authority?: AuthorityPrefix;
  /**
   * Position title, e.g. "CHỦ TỊCH"; the authority prefix goes before its first line. Lines are
   * separated by "\n", as in "CHỦ TỊCH\nPHÓ CHỦ TỊCH" under KT.
   */
  title?: string;
  /** Printed under the image; default the certificate's name when placed by rectangle. */
  signerName?: string;
  /** Agency name for the stamp; default the certificate's organisation. */
  agencyName?: string;
}

/**
 * `rect` is in points with the origin at the lower-left corner as the page is displayed; for an
 * unrotated page that is plain PDF user space.
 */
export type Placement =
  | { page: number; rect: Rect }
  | { anchor: string; page?: number; width?: number; height?: number };

const BLUE: [number, number, number] = [0, 0, 1];
const BLACK: [number, number, number] = [0, 0, 0];
const STAMP_FONT_SIZE = 10;

/**
 * Where a block placed by anchor text goes: centred just under the last occurrence of the text
 * (the page given, else the last page that has it). The sign dialog's preview asks for the same.
 */
export async function anchorPlacement(
  pdfBytes: Uint8Array,
  doc: PDFDocument,
  placement: { anchor: string; page?: number; width?: number; height?: number },
): Promise<{ page: number; rect: Rect }> {
  const hit = await findAnchor(pdfBytes, placement.anchor, placement.page);
  if (normalizeRotation(doc.getPage(hit.page - 1).getRotation().angle) !== 0) {
    throw new AppError('VALIDATION', `Page ${hit.page} is rotated; anchor placement works on unrotated pages only. Place the signature with a page and rectangle.`);
  }
  const width = placement.width ?? 170;
  const height = placement.height ?? 80;
  return { page: hit.page, rect: { x: hit.box.x + hit.box.width / 2 - width / 2, y: hit.box.y - 4 - height, width, height } };
}

export interface ResolvedAppearance {
  page: number;
  rect: Rect;
  builder: AppearanceBuilder;
}

async function imageAspect(png: Uint8Array, what: string): Promise<number> {
  const scratch = await PDFDocument.create();
  const image = await embedPng(scratch, png, what);
  return image.width / image.height;
}

async function sealSize(png: Uint8Array, sizeMm?: number): Promise<{ width: number; height: number }> {
  const physical = sizeMm === undefined ? pngPhysicalSize(png) : undefined;
  if (physical) return physical;
  const aspect = await imageAspect(png, 'seal');
  const side = (sizeMm ?? DEFAULT_SEAL_MM) * MM;
  return aspect >= 1 ? { width: side, height: side / aspect } : { width: side * aspect, height: side };
}

export async function resolveAppearance(
  pdfBytes: Uint8Array,
  doc: PDFDocument,
  appearance: SignatureAppearance,
  placement: Placement | undefined,
  certificateNames: { signer: string; organisation?: string },
  signingTime: Date,
): Promise<ResolvedAppearance> {
  if (appearance.authority && !AUTHORITY_PREFIXES.includes(appearance.authority)) {
    throw new AppError('VALIDATION', `The authority prefix must be one of ${AUTHORITY_PREFIXES.join(', ')}.`, {
      fields: [{ path: 'authority', code: 'invalid', message: String(appearance.authority) }],
    });
  }
  if (appearance.style === 'stamp') {
    const agency = appearance.agencyName ?? certificateNames.organisation ?? certificateNames.signer;
    const lines = [agency, vietnamIsoTime(signingTime)];
    const widths = await Promise.all(lines.map((l) => measureText(l, STAMP_FONT_SIZE)));
    const first = doc.getPage(0);
    const box = first.getCropBox();
    const rotation = normalizeRotation(first.getRotation().angle);
    // Laid out as displayed; unrotated pages keep plain user-space coordinates.
    const rect = rotation === 0
      ? stampRect({ width: box.x + box.width, height: box.y + box.height }, Math.max(...widths), lines.length, STAMP_FONT_SIZE)
      : stampRect(visualPageSize(box, rotation), Math.max(...widths), lines.length, STAMP_FONT_SIZE);
    const lineHeight = STAMP_FONT_SIZE * 1.2;
    const texts: TextRun[] = lines.map((text, i) => ({
      text,
      box: { x: rect.x + 3, y: rect.y + rect.height - 3 - (i + 1) * lineHeight, width: rect.width - 6, height: lineHeight },
      font: 'regular',
      size: STAMP_FONT_SIZE,
      color: BLUE,
      align: 'left',
    }));
    return { page: 1, rect: visualToUser(rect, rotation, box), builder: appearanceBuilder(rect, [], texts, rotation) };
  }

  if (!placement) throw new AppError('VALIDATION', 'Say where the signature goes: a page and rectangle, or an anchor text.');
  let page: number;
  let block: Rect;
  let byAnchor = false;
  if ('anchor' in placement) {
    ({ page, rect: block } = await anchorPlacement(pdfBytes, doc, placement));
    byAnchor = true;
  } else {
    page = placement.page;
    block = placement.rect;
    if (!Number.isInteger(page) || page < 1 || page > doc.getPageCount()) {
      throw new AppError('VALIDATION', `Page ${page} does not exist; the document has ${doc.getPageCount()} page(s).`);
    }
    if (!(block.width > 0 && block.height > 0)) throw new AppError('VALIDATION', 'The signature rectangle needs a positive width and height.');
  }

  // A seal-only signature (the clerk sealing after the leader) must not print the block's text again.
  const sealOnly = !appearance.signatureImage && Boolean(appearance.sealImage);
  const titleLines = titleLinesOf(appearance.authority, appearance.title);
  const title = !sealOnly && titleLines.length > 0 ? titleLines : undefined;
  const name = appearance.signerName ?? (byAnchor || sealOnly ? undefined : certificateNames.signer);
  const layout = leaderLayout({
    block,
    // A seal-only signature lays the block out as the leader's did, so the seal lands on the image.
    hasTitle: titleLines.length > 0,
    titleLines: titleLines.length,
    hasName: sealOnly ? !byAnchor : Boolean(name),
    imageAspect: appearance.signatureImage ? await imageAspect(appearance.signatureImage, 'signature') : undefined,
    drawImage: Boolean(appearance.signatureImage),
    sealSize: appearance.sealImage ? await sealSize(appearance.sealImage, appearance.sealSizeMm) : undefined,
  });
  const images: ImageRun[] = [];
  if (layout.image && appearance.signatureImage) images.push({ png: appearance.signatureImage, box: layout.image, what: 'signature' });
  // The seal is drawn last among images so it overlaps the signature.
  if (layout.seal && appearance.sealImage) images.push({ png: appearance.sealImage, box: layout.seal, what: 'seal' });
  const texts: TextRun[] = [];
  if (title && layout.title) {
    const lineHeight = layout.title.height / title.length;
    title.forEach((line, i) => {
      const box = { ...layout.title!, y: layout.title!.y + layout.title!.height - (i + 1) * lineHeight, height: lineHeight };
      texts.push({ text: line.toLocaleUpperCase('vi'), box, font: 'bold', size: 12, color: BLACK });
    });
  }
  if (name && layout.name) texts.push({ text: name, box: layout.name, font: 'bold', size: 12, color: BLACK });
  const target = doc.getPage(page - 1);
  const rotation = normalizeRotation(target.getRotation().angle);
  return {
    page,
    rect: visualToUser(layout.widget, rotation, target.getCropBox()),
    builder: appearanceBuilder(layout.widget, images, texts, rotation),
  };
}

/** Title lines with the authority prefix before the first: ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]. */
export function titleLinesOf(authority: string | undefined, title: string | undefined): string[] {
  const lines = (title ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (authority) lines[0] = lines.length ? `${authority} ${lines[0]}` : authority;
  return lines;
}
