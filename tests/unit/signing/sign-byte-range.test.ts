import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BYTE_RANGE_PLACEHOLDER,
  byteRangeChunks,
  computeByteRange,
  contentsPlaceholder,
  formatByteRange,
  hashByteRange,
  patchByteRange,
  patchContents,
  signedBytes,
  type ByteRange,
} from '../../../core/signing/pdf/byteRange';

// The arithmetic every signature depends on: what the signature covers, and the fixed-width
// placeholders patched after the offsets are known.

const concat = (parts: Uint8Array[]) => Buffer.concat(parts.map((p) => Buffer.from(p)));

/** A file, a /Contents gap inside it, and the file cut into consecutive parts at arbitrary points. */
const arbSplitFile = fc
  .record({ length: fc.integer({ min: 3, max: 400 }), a: fc.nat(), b: fc.nat(), cuts: fc.array(fc.nat(), { maxLength: 4 }) })
  .map(({ length, a, b, cuts }) => {
    const bytes = Uint8Array.from({ length }, (_, i) => (i * 31 + 7) & 0xff);
    const start = 1 + (a % (length - 2));
    const end = start + 1 + (b % (length - start - 1));
    const points = [...new Set(cuts.map((c) => c % (length + 1)))].sort((x, y) => x - y);
    const parts: Uint8Array[] = [];
    let from = 0;
    for (const p of [...points, length]) {
      parts.push(bytes.subarray(from, p));
      from = p;
    }
    return { bytes, start, end, parts };
  });

describe('what a signature covers', () => {
  it('is the whole file but the <…> of /Contents, whether the file is one array or several parts (property)', () => {
    fc.assert(
      fc.property(arbSplitFile, ({ bytes, start, end, parts }) => {
        const range = computeByteRange(start, end, bytes.length);
        expect(range).toEqual([0, start, end, bytes.length - end]);
        const expected = Buffer.concat([Buffer.from(bytes.subarray(0, start)), Buffer.from(bytes.subarray(end))]);
        expect(Buffer.from(signedBytes(bytes, range)).equals(expected)).toBe(true);
        expect(concat(byteRangeChunks(parts, range)).equals(expected)).toBe(true);
        const hashed: Uint8Array[] = [];
        hashByteRange(parts, range, (c) => hashed.push(c));
        expect(concat(hashed).equals(expected)).toBe(true);
        // Views, never copies: every chunk shares memory with one of the parts.
        for (const c of byteRangeChunks(parts, range)) expect(parts.some((p) => p.buffer === c.buffer)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses offsets that do not describe a gap inside the file', () => {
    expect(() => computeByteRange(0, 10, 20)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    expect(() => computeByteRange(10, 10, 20)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    expect(() => computeByteRange(5, 25, 20)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    const bad: ByteRange = [0, 10, 12, 100];
    expect(() => byteRangeChunks([new Uint8Array(50)], bad)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});

describe('placeholders patched in place', () => {
  it('writes the real /ByteRange in exactly the placeholder width, for any file size up to 9 GB (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9_000_000_000 }), fc.integer({ min: 1, max: 100_000 }), (size, gap) => {
        const start = Math.max(1, Math.floor(size / 3));
        const range = computeByteRange(start, start + gap, size + gap);
        const text = formatByteRange(range);
        expect(text.length).toBe(BYTE_RANGE_PLACEHOLDER.length);
        expect(text.slice(1, -1).trim().split(/ +/).map(Number)).toEqual(range);
      }),
    );
    expect(() => formatByteRange([0, 99_999_999_999, 99_999_999_999, 99_999_999_999])).toThrow(expect.objectContaining({ code: 'FILE_TOO_LARGE' }));
  });

  it('patches /ByteRange only where its placeholder is, and /Contents only if the signature fits', () => {
    const head = Buffer.from(`<< /ByteRange ${BYTE_RANGE_PLACEHOLDER} /Contents `, 'latin1');
    const file = Buffer.concat([head, Buffer.from(contentsPlaceholder(4), 'latin1'), Buffer.from(' >>', 'latin1')]);
    const at = head.indexOf('[');
    expect(() => patchByteRange(file, at + 1, [0, 1, 2, 3])).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    patchByteRange(file, at, [0, 10, 20, 30]);
    expect(file.toString('latin1')).toContain('/ByteRange [0 10 20 30');
    const cStart = head.length;
    const cEnd = cStart + 10;
    expect(() => patchContents(file, cStart, cEnd, new Uint8Array(5))).toThrow(expect.objectContaining({ code: 'SIG_CONTENTS_TOO_SMALL' }));
    patchContents(file, cStart, cEnd, Uint8Array.of(0xab, 0x01));
    expect(file.toString('latin1', cStart, cEnd)).toBe('<AB010000>');
    expect(() => patchContents(file, cStart + 1, cEnd, Uint8Array.of(1))).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});
