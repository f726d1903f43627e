// /ByteRange and /Contents placeholders of a PDF signature dictionary.
// The signature dictionary is written with fixed-width placeholders so the file length does not
// change when the real values are patched in after the offsets are known.

import { AppError } from '../../../shared/api/errors';

/** Four integers [start1 length1 start2 length2]; start1 is always 0 for a whole-file signature. */
export type ByteRange = [number, number, number, number];

/** Width of each of the three patched numbers: 10 digits cover files up to 9.3 GB. */
const NUMBER_WIDTH = 10;
/** `[0 ` + three numbers separated by spaces + `]`. */
export const BYTE_RANGE_PLACEHOLDER = `[0 ${'9'.repeat(NUMBER_WIDTH)} ${'9'.repeat(NUMBER_WIDTH)} ${'9'.repeat(NUMBER_WIDTH)}]`;

/** Default room for the CMS blob: certificate chain, a timestamp token and some slack. */
export const DEFAULT_CONTENTS_BYTES = 16_384;

/** `<000…0>` holding `capacityBytes` bytes once hex-encoded. */
export function contentsPlaceholder(capacityBytes: number): string {
  if (!Number.isInteger(capacityBytes) || capacityBytes <= 0) {
    throw new AppError('VALIDATION', `Signature space must be a positive whole number of bytes, got ${capacityBytes}.`);
  }
  return `<${'0'.repeat(capacityBytes * 2)}>`;
}

/**
 * The range that covers the whole file except the hex string `<…>` (delimiters included).
 * `contentsStart` is the offset of `<`, `contentsEnd` the offset just after `>`.
 */
export function computeByteRange(contentsStart: number, contentsEnd: number, fileLength: number): ByteRange {
  if (!(contentsStart > 0 && contentsEnd > contentsStart && fileLength >= contentsEnd)) {
    throw new AppError('INTERNAL', `Inconsistent signature offsets ${contentsStart}/${contentsEnd}/${fileLength}.`);
  }
  return [0, contentsStart, contentsEnd, fileLength - contentsEnd];
}

/** Text of a /ByteRange array padded with spaces to exactly the placeholder's width. */
export function formatByteRange(range: ByteRange): string {
  const text = `[${range.join(' ')}]`;
  if (text.length > BYTE_RANGE_PLACEHOLDER.length) {
    throw new AppError('FILE_TOO_LARGE', 'The PDF is too large to be signed (over 9 GB).');
  }
  // Spaces before the closing bracket keep the array valid PDF syntax.
  return text.slice(0, -1) + ' '.repeat(BYTE_RANGE_PLACEHOLDER.length - text.length) + ']';
}

/** Overwrite the placeholder at `offset` (which must hold `[`) with the real range, in place. */
export function patchByteRange(bytes: Uint8Array, offset: number, range: ByteRange): void {
  const current = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1', offset, offset + BYTE_RANGE_PLACEHOLDER.length);
  if (current !== BYTE_RANGE_PLACEHOLDER) {
    throw new AppError('INTERNAL', 'The /ByteRange placeholder was not found where it was written.');
  }
  bytes.set(Buffer.from(formatByteRange(range), 'latin1'), offset);
}

/**
 * Write `der` as upper-case hex into the `<…>` at `contentsStart`, zero-padded to the reserved size.
 * Throws SIG_CONTENTS_TOO_SMALL when the signature does not fit.
 */
export function patchContents(bytes: Uint8Array, contentsStart: number, contentsEnd: number, der: Uint8Array): void {
  if (bytes[contentsStart] !== 0x3c || bytes[contentsEnd - 1] !== 0x3e) {
    throw new AppError('INTERNAL', 'The /Contents placeholder was not found where it was written.');
  }
  const capacityHex = contentsEnd - contentsStart - 2;
  const hex = Buffer.from(der).toString('hex').toUpperCase();
  if (hex.length > capacityHex) {
    throw new AppError(
      'SIG_CONTENTS_TOO_SMALL',
      `The signature (${der.length} bytes) does not fit in the reserved space (${capacityHex / 2} bytes). Sign again with a larger signature space.`,
      { details: { needed: der.length, reserved: capacityHex / 2 } },
    );
  }
  bytes.set(Buffer.from(hex.padEnd(capacityHex, '0'), 'latin1'), contentsStart + 1);
}

/** The bytes a signature covers: the concatenation of the two ranges. */
export function signedBytes(bytes: Uint8Array, range: ByteRange): Uint8Array {
  const [s1, l1, s2, l2] = range;
  const out = new Uint8Array(l1 + l2);
  out.set(bytes.subarray(s1, s1 + l1), 0);
  out.set(bytes.subarray(s2, s2 + l2), l1);
  return out;
}

/**
 * The pieces of a file given as consecutive `parts` (e.g. the original bytes and the appended
 * revision) that the range covers, in order, as views: nothing is copied.
 */
export function byteRangeChunks(parts: readonly Uint8Array[], range: ByteRange): Uint8Array[] {
  const [s1, l1, s2, l2] = range;
  const total = parts.reduce((n, p) => n + p.length, 0);
  if (!(s1 >= 0 && l1 >= 0 && s2 >= s1 + l1 && l2 >= 0 && s2 + l2 <= total)) {
    throw new AppError('INTERNAL', `Byte range [${range.join(' ')}] does not fit a file of ${total} bytes.`);
  }
  const chunks: Uint8Array[] = [];
  for (const [from, to] of [[s1, s1 + l1], [s2, s2 + l2]] as const) {
    let partStart = 0;
    for (const part of parts) {
      const partEnd = partStart + part.length;
      const a = Math.max(from, partStart);
      const b = Math.min(to, partEnd);
      if (a < b) chunks.push(part.subarray(a - partStart, b - partStart));
      partStart = partEnd;
    }
  }
  return chunks;
}

/** Feed the two ranges to a hash without copying the file (one array, or consecutive parts). */
export function hashByteRange(file: Uint8Array | readonly Uint8Array[], range: ByteRange, update: (chunk: Uint8Array) => void): void {
  for (const chunk of byteRangeChunks(file instanceof Uint8Array ? [file] : file, range)) update(chunk);
}
