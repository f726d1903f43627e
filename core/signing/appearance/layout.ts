// Geometry of signature appearances per Decree 30/2020 Appendix I (pure functions, in points).

import type { Rect } from '../pdf/incremental';

export const MM = 72 / 25.4;
/** Seal diameter used when the PNG does not say its resolution: 40 mm (common agency seal size). */
export const DEFAULT_SEAL_MM = 40;

export interface LeaderLayout {
  /** The widget rectangle: the block plus whatever part of the seal sticks out. */
  widget: Rect;
  title?: Rect;
  image?: Rect;
  name?: Rect;
  seal?: Rect;
}

export interface LeaderLayoutInput {
  block: Rect;
  hasTitle: boolean;
  /** Number of title lines (e.g. 2 for "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"); default 1 when hasTitle. */
  titleLines?: number;
  hasName: boolean;
  /** width / height of the signature image; when absent a typical 2.5:1 box is assumed. */
  imageAspect?: number;
  /** Whether the signature image itself is drawn (false for a seal-only signature). */
  drawImage: boolean;
  /** Seal size in points, when a seal is drawn. */
  sealSize?: { width: number; height: number };
}

export const TITLE_LINE_HEIGHT = 16;
export const NAME_LINE_HEIGHT = 16;

/**
 * Title line at the top of the block, the name at the bottom, the signature image centred in
 * between; the seal at real size covering about the left third of the signature image.
 */
export function leaderLayout(input: LeaderLayoutInput): LeaderLayout {
  const { block } = input;
  const top = block.y + block.height;
  const titleHeight = input.hasTitle ? TITLE_LINE_HEIGHT * Math.max(1, input.titleLines ?? 1) : 0;
  const title = input.hasTitle ? { x: block.x, y: top - titleHeight, width: block.width, height: titleHeight } : undefined;
  const name = input.hasName ? { x: block.x, y: block.y, width: block.width, height: NAME_LINE_HEIGHT } : undefined;
  const bandBottom = name ? name.y + name.height + 2 : block.y;
  const bandTop = title ? title.y - 2 : top;
  const bandHeight = Math.max(1, bandTop - bandBottom);
  const aspect = input.imageAspect ?? 2.5;
  let imageHeight = bandHeight;
  let imageWidth = imageHeight * aspect;
  if (imageWidth > block.width) {
    imageWidth = block.width;
    imageHeight = imageWidth / aspect;
  }
  const image = {
    x: block.x + (block.width - imageWidth) / 2,
    y: bandBottom + (bandHeight - imageHeight) / 2,
    width: imageWidth,
    height: imageHeight,
  };
  let seal: Rect | undefined;
  if (input.sealSize) {
    const { width, height } = input.sealSize;
    // The seal's right edge lands one third into the signature image.
    seal = { x: image.x + image.width / 3 - width, y: image.y + image.height / 2 - height / 2, width, height };
  }
  return { widget: union(block, seal), title, image: input.drawImage ? image : undefined, name, seal };
}

export function union(a: Rect, b?: Rect): Rect {
  if (!b) return a;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/** The text stamp for attachments and copies: top right of the page, inside a margin. */
export function stampRect(page: { width: number; height: number }, textWidth: number, lines: number, fontSize: number, margin = 20): Rect {
  const padding = 3;
  const width = textWidth + 2 * padding;
  const height = lines * fontSize * 1.2 + 2 * padding;
  return { x: page.width - margin - width, y: page.height - margin - height, width, height };
}

/** `yyyy-MM-ddTHH:mm:ss+07:00` in Vietnam time. */
export function vietnamIsoTime(date: Date): string {
  const vn = new Date(date.getTime() + 7 * 3600_000);
  return `${vn.toISOString().slice(0, 19)}+07:00`;
}

/** Physical size of a PNG from its pHYs chunk (pixels per metre), if it has one. */
export function pngPhysicalSize(png: Uint8Array): { width: number; height: number } | undefined {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.length);
  if (buf.length < 33 || buf.readUInt32BE(0) !== 0x89504e47) return undefined;
  const pxWidth = buf.readUInt32BE(16);
  const pxHeight = buf.readUInt32BE(20);
  let at = 8;
  while (at + 12 <= buf.length) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    if (type === 'pHYs' && length >= 9) {
      const ppmX = buf.readUInt32BE(at + 8);
      const ppmY = buf.readUInt32BE(at + 12);
      const unitIsMetre = buf[at + 16] === 1;
      if (!unitIsMetre || ppmX === 0 || ppmY === 0) return undefined;
      return { width: (pxWidth / ppmX) * 1000 * MM, height: (pxHeight / ppmY) * 1000 * MM };
    }
    if (type === 'IDAT' || type === 'IEND') return undefined;
    at += 12 + length;
  }
  return undefined;
}

export type Rotation = 0 | 90 | 180 | 270;

export function normalizeRotation(angle: number): Rotation {
  const r = (((Math.round(angle / 90) * 90) % 360) + 360) % 360;
  return r as Rotation;
}

/** Size of the page as displayed (after /Rotate). */
export function visualPageSize(box: Rect, rotation: Rotation): { width: number; height: number } {
  return rotation === 90 || rotation === 270 ? { width: box.height, height: box.width } : { width: box.width, height: box.height };
}

/**
 * A rectangle given as the page is displayed (origin at the displayed lower-left corner of the
 * crop box) in PDF user space. Unrotated pages use user space directly.
 */
export function visualToUser(r: Rect, rotation: Rotation, box: Rect): Rect {
  switch (rotation) {
    case 0:
      return r;
    case 90: // displayed turned clockwise: user x runs down the screen, user y runs right
      return { x: box.x + box.width - (r.y + r.height), y: box.y + r.x, width: r.height, height: r.width };
    case 180:
      return { x: box.x + box.width - (r.x + r.width), y: box.y + box.height - (r.y + r.height), width: r.width, height: r.height };
    case 270:
      return { x: box.x + r.y, y: box.y + box.height - (r.x + r.width), width: r.height, height: r.width };
  }
}

/** Form XObject /Matrix that turns content drawn upright (as displayed) into user space. */
export function rotationMatrix(rotation: Rotation): [number, number, number, number, number, number] {
  switch (rotation) {
    case 0:
      return [1, 0, 0, 1, 0, 0];
    case 90:
      return [0, 1, -1, 0, 0, 0];
    case 180:
      return [-1, 0, 0, -1, 0, 0];
    case 270:
      return [0, -1, 1, 0, 0, 0];
  }
}
