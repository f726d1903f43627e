import zlib from 'node:zlib';
import { PdfDict, PdfStream, nameOf, type PdfValue } from './objects';

// Stream decoding for the few filters the verifier needs to read structure: xref streams, object
// streams and DSS data (FlateDecode with PNG/TIFF predictors). Content streams are compared as
// raw bytes and never decoded.

export class UnsupportedFilterError extends Error {}

const MAX_DECODED = 256 * 1024 * 1024;

export function decodeStream(buf: Buffer, s: PdfStream, resolve: (v: PdfValue | undefined) => PdfValue | undefined): Buffer {
  let data: Buffer = buf.subarray(s.dataStart, s.dataEnd);
  const filterV = resolve(s.dict.get('Filter'));
  const filters = Array.isArray(filterV) ? filterV.map((f) => nameOf(resolve(f))) : filterV ? [nameOf(filterV)] : [];
  const parmsV = resolve(s.dict.get('DecodeParms'));
  const parmsList = Array.isArray(parmsV) ? parmsV.map((p) => resolve(p)) : [parmsV];
  filters.forEach((f, i) => {
    const parms = parmsList[i];
    if (f === 'FlateDecode' || f === 'Fl') {
      data = inflateLenient(data);
      if (parms instanceof PdfDict) data = unpredict(data, parms, resolve);
    } else if (f === undefined) {
      throw new UnsupportedFilterError('Unnamed filter');
    } else {
      throw new UnsupportedFilterError(`Filter ${f} is not supported`);
    }
  });
  return data;
}

function inflateLenient(data: Buffer): Buffer {
  try {
    return zlib.inflateSync(data, { maxOutputLength: MAX_DECODED });
  } catch {
    // Some writers leave trailing garbage or a truncated adler checksum.
    return zlib.inflateSync(data, { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: MAX_DECODED });
  }
}

function num(v: PdfValue | undefined, dflt: number): number {
  return typeof v === 'number' ? v : dflt;
}

function unpredict(data: Buffer, parms: PdfDict, resolve: (v: PdfValue | undefined) => PdfValue | undefined): Buffer {
  const predictor = num(resolve(parms.get('Predictor')), 1);
  if (predictor < 10) {
    if (predictor === 1) return data;
    throw new UnsupportedFilterError(`Predictor ${predictor} is not supported`);
  }
  const colors = num(resolve(parms.get('Colors')), 1);
  const bpc = num(resolve(parms.get('BitsPerComponent')), 8);
  const columns = num(resolve(parms.get('Columns')), 1);
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLen = Math.ceil((colors * bpc * columns) / 8);
  const rows = Math.floor(data.length / (rowLen + 1));
  const out = Buffer.alloc(rows * rowLen);
  let prev = Buffer.alloc(rowLen);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLen + 1)]!;
    const row = Buffer.from(data.subarray(r * (rowLen + 1) + 1, (r + 1) * (rowLen + 1)));
    for (let i = 0; i < rowLen; i++) {
      const left = i >= bpp ? row[i - bpp]! : 0;
      const up = prev[i]!;
      const upLeft = i >= bpp ? prev[i - bpp]! : 0;
      let add = 0;
      if (type === 1) add = left;
      else if (type === 2) add = up;
      else if (type === 3) add = (left + up) >> 1;
      else if (type === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        add = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      row[i] = (row[i]! + add) & 0xff;
    }
    row.copy(out, r * rowLen);
    prev = row;
  }
  return out;
}
