import type { RawPdf, Revision } from './raw/document';
import { PdfString } from './raw/objects';
import { reason, type Reason } from './reasons';
import type { FoundSignature } from './signatures';

// The /ByteRange rules that defeat universal signature forgery and signature wrapping:
// exactly [0 a b c]; the gap [a, b) is exactly the /Contents hex string of this very signature
// dictionary as it sits in the file; the signed bytes end exactly at the end of a revision.

export interface ByteRangeCheck {
  reasons: Reason[];
  /** The signed bytes, as views into the file (no copy). */
  parts: Buffer[];
  /** The revision the signature covers. */
  revision?: Revision;
  /** The /Contents bytes (DER plus zero padding). */
  contents?: Buffer;
  range?: [number, number, number, number];
}

export function checkByteRange(raw: RawPdf, s: FoundSignature): ByteRangeCheck {
  const out: ByteRangeCheck = { reasons: [], parts: [] };
  const buf = raw.buf;
  const contents = s.sig.get('Contents');
  if (contents === undefined || contents === null) out.reasons.push(reason('CONTENTS_MISSING'));
  else if (!(contents instanceof PdfString) || !contents.hex) out.reasons.push(reason('CONTENTS_NOT_HEX'));
  else if (contents.bytes.length === 0 || contents.bytes.every((b) => b === 0)) out.reasons.push(reason('CONTENTS_EMPTY'));
  else out.contents = contents.bytes;

  const br = s.sig.get('ByteRange');
  if (br === undefined || br === null) {
    out.reasons.push(reason('BYTE_RANGE_MISSING'));
    return out;
  }
  if (!Array.isArray(br) || br.length !== 4 || !br.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0)) {
    out.reasons.push(reason('BYTE_RANGE_MALFORMED', Array.isArray(br) ? `[${br.map(String).join(' ')}]` : 'not an array'));
    return out;
  }
  const [start, a, b, c] = br as [number, number, number, number];
  out.range = [start, a, b, c];
  if (start !== 0 || a === 0) {
    out.reasons.push(reason('BYTE_RANGE_MALFORMED', `[${start} ${a} ${b} ${c}]`));
    return out;
  }
  if (b < a) {
    out.reasons.push(reason('BYTE_RANGE_OVERLAP', `[${start} ${a} ${b} ${c}]`));
    return out;
  }
  if (b + c > buf.length) {
    out.reasons.push(reason('BYTE_RANGE_OUTSIDE_FILE', `ends at ${b + c}, the file has ${buf.length} bytes`));
    return out;
  }
  // The gap must be this dictionary's own /Contents token, read from the file itself.
  const inFile = s.sigLocation?.kind === 'offset';
  if (!inFile) out.reasons.push(reason('SIGNATURE_DICT_UNSIGNED', 'the signature dictionary is not stored directly in the file'));
  else if (contents instanceof PdfString && (contents.start !== a || contents.end !== b)) {
    out.reasons.push(reason('BYTE_RANGE_GAP_NOT_CONTENTS', `gap ${a}–${b}, /Contents at ${contents.start}–${contents.end}`));
  } else if (!(contents instanceof PdfString) && b !== a) {
    out.reasons.push(reason('BYTE_RANGE_GAP_NOT_CONTENTS', `gap ${a}–${b} without a /Contents string`));
  }
  if (inFile && s.sigLocation?.kind === 'offset' && (s.sigLocation.offset >= a && s.sigLocation.offset < b)) {
    out.reasons.push(reason('SIGNATURE_DICT_UNSIGNED', 'the signature dictionary starts inside the unsigned gap'));
  }
  out.revision = raw.revisionEndingAt(b + c);
  if (!out.revision) out.reasons.push(reason('BYTE_RANGE_NOT_REVISION_END', `signed bytes end at ${b + c}`));
  else if (s.sigLocation?.kind === 'offset' && s.sigNum !== undefined) {
    // The dictionary we read must be the one the signed revision defines.
    const signedEntry = out.revision.objects.get(s.sigNum);
    if (!signedEntry || signedEntry.kind !== 'offset' || signedEntry.offset !== s.sigLocation.offset) {
      out.reasons.push(reason('SIGNATURE_DICT_UNSIGNED', 'the signature dictionary was redefined after signing'));
    }
  }
  out.parts = [buf.subarray(0, a), buf.subarray(b, b + c)];
  return out;
}

/** Bytes of `contents` after the DER object must be zero padding. */
export function trailingPaddingOk(contents: Buffer, derLength: number): boolean {
  for (let i = derLength; i < contents.length; i++) if (contents[i] !== 0) return false;
  return true;
}
