// Appending an incremental update (a new revision) to an existing PDF.
// pdf-lib parses the file and builds new objects; this module writes only the new and changed
// objects after the original bytes, followed by a cross-reference section of the same kind as the
// file's last one (classic table or xref stream) whose /Prev points at the previous section.

import { PDFContext, PDFDict, PDFDocument, PDFName, PDFNumber, PDFObjectParser, PDFRawStream, PDFRef, type PDFObject } from 'pdf-lib';
import { AppError } from '../../../shared/api/errors';
import { loadLazily } from './lazyLoad';

export type XrefKind = 'table' | 'stream';

export interface LastXref {
  kind: XrefKind;
  /** Offset of the last cross-reference section (the value after `startxref`). */
  offset: number;
  /** The trailer dictionary (or the xref stream's dictionary). */
  trailer: PDFDict;
  /** Trailer /Size: one more than the highest object number in use. */
  size: number;
}

export interface UpdateSession {
  readonly doc: PDFDocument;
  readonly lastXref: LastXref;
  /** Record that an existing indirect object was modified in memory and must be rewritten. */
  changed(ref: PDFRef): void;
  /** Reserve an object whose body is written verbatim; the returned ref can be used immediately. */
  raw(body: string): PDFRef;
}

export interface AppendedUpdate {
  /** The original file followed by the new revision (a copy, made on first use). */
  readonly bytes: Uint8Array;
  /** The original file, the very array given (not copied). */
  base: Uint8Array;
  /** The new revision alone: the file is `base` then `tail`. */
  tail: Uint8Array;
  /** Offset in the whole file of the first byte of each raw object's body, keyed by object number. */
  rawBodyOffsets: Map<number, number>;
}

/** `base` then `tail` as one array, made only when someone asks for it. */
export function joinedParts<T extends { base: Uint8Array; tail: Uint8Array }>(parts: T): T & { readonly bytes: Uint8Array } {
  let joined: Uint8Array | undefined;
  return Object.defineProperty(parts, 'bytes', {
    enumerable: true,
    get() {
      if (!joined) {
        joined = new Uint8Array(parts.base.length + parts.tail.length);
        joined.set(parts.base, 0);
        joined.set(parts.tail, parts.base.length);
      }
      return joined;
    },
  }) as T & { readonly bytes: Uint8Array };
}

const latin1 = (s: string) => Buffer.from(s, 'latin1');

/** Load a PDF for updating. Throws FILE_CORRUPT, PDF_ENCRYPTED. */
export async function loadForUpdate(pdfBytes: Uint8Array): Promise<{ doc: PDFDocument; lastXref: LastXref }> {
  if (!isPdfHeader(pdfBytes)) throw new AppError('FILE_CORRUPT', 'The file is not a PDF (no %PDF- header). Choose a PDF file.');
  const lazy = loadLazily(pdfBytes);
  if (lazy) {
    const lastXref = readLastXref(pdfBytes, lazy.doc);
    // The last trailer must itself carry what later revisions repeat (/Root, /Info, /ID).
    const complete = ['Root', 'Info', 'ID'].every((k) => !lazy.trailerKeys.has(k) || lastXref.trailer.has(PDFName.of(k)));
    if (lastXref.offset === lazy.startxref && complete) {
      lazy.doc.context.largestObjectNumber = Math.max(lazy.doc.context.largestObjectNumber, lastXref.size - 1);
      return { doc: lazy.doc, lastXref };
    }
  }
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdfBytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: true });
  } catch (e) {
    throw new AppError('FILE_CORRUPT', `The PDF cannot be read (${(e as Error).message}). Ask the sender for an intact copy.`);
  }
  if (doc.context.trailerInfo.Encrypt) {
    throw new AppError('PDF_ENCRYPTED', 'The PDF is encrypted or password-protected. Remove the protection, then sign.');
  }
  const lastXref = readLastXref(pdfBytes, doc);
  // New object numbers must start at /Size: pdf-lib does not count xref/object streams it consumed.
  doc.context.largestObjectNumber = Math.max(doc.context.largestObjectNumber, lastXref.size - 1);
  return { doc, lastXref };
}

function isPdfHeader(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

/** Find `startxref`, and read the cross-reference section it points to. */
export function readLastXref(bytes: Uint8Array, doc: PDFDocument | PDFContext): LastXref {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const tailStart = Math.max(0, buf.length - 4096);
  const tail = buf.toString('latin1', tailStart);
  const at = tail.lastIndexOf('startxref');
  const match = at >= 0 ? /^startxref\s+(\d+)/.exec(tail.slice(at)) : null;
  if (!match) throw corrupt('no startxref at the end of the file');
  const offset = Number(match[1]);
  if (offset >= buf.length) throw corrupt('startxref points past the end of the file');
  // Some producers point a few whitespace bytes before the section; readers accept that, so do we.
  const head = buf.toString('latin1', offset, Math.min(buf.length, offset + 64)).replace(/^[\s\0]+/, (ws) => ' '.repeat(ws.length));
  if (/^ *xref/.test(head)) {
    const trailerAt = buf.indexOf('trailer', offset, 'latin1');
    if (trailerAt < 0) throw corrupt('classic xref table without a trailer');
    const parsed = parseObjectAt(bytes, trailerAt + 'trailer'.length, doc);
    if (!(parsed instanceof PDFDict)) throw corrupt('trailer is not a dictionary');
    return { kind: 'table', offset, trailer: parsed, size: sizeOf(parsed) };
  }
  const header = /^ *(\d+)\s+(\d+)\s+obj/.exec(head);
  if (!header) throw corrupt('startxref does not point at a cross-reference section');
  const parsed = parseObjectAt(bytes, offset + header[0].length, doc);
  if (!(parsed instanceof PDFRawStream) || parsed.dict.get(PDFName.of('Type')) !== PDFName.of('XRef')) {
    throw corrupt('startxref does not point at a cross-reference stream');
  }
  return { kind: 'stream', offset, trailer: parsed.dict, size: sizeOf(parsed.dict) };
}

function parseObjectAt(bytes: Uint8Array, offset: number, doc: PDFDocument | PDFContext): PDFObject {
  try {
    return PDFObjectParser.forBytes(bytes.subarray(offset), doc instanceof PDFContext ? doc : doc.context).parseObject();
  } catch (e) {
    throw corrupt(`unreadable trailer (${(e as Error).message})`);
  }
}

function sizeOf(trailer: PDFDict): number {
  const size = trailer.get(PDFName.of('Size'));
  if (!(size instanceof PDFNumber) || size.asNumber() < 1) throw corrupt('trailer has no /Size');
  return size.asNumber();
}

function corrupt(why: string): AppError {
  return new AppError('FILE_CORRUPT', `The PDF's cross-reference data is damaged (${why}). Repair it (e.g. qpdf in.pdf out.pdf), then sign.`);
}

/**
 * Run `build` against the loaded document, then append the new revision to `pdfBytes`.
 * Every object created in the context during `build` (object number ≥ the old /Size) is written,
 * plus the existing objects passed to `changed`.
 */
export async function appendIncrementalUpdate(
  pdfBytes: Uint8Array,
  build: (session: UpdateSession) => Promise<void> | void,
  loaded?: { doc: PDFDocument; lastXref: LastXref },
): Promise<AppendedUpdate> {
  const { doc, lastXref } = loaded ?? (await loadForUpdate(pdfBytes));
  const changedRefs = new Map<number, PDFRef>();
  const rawBodies = new Map<number, string>();
  await build({
    doc,
    lastXref,
    changed(ref) {
      changedRefs.set(ref.objectNumber, ref);
    },
    raw(body) {
      const ref = doc.context.nextRef();
      rawBodies.set(ref.objectNumber, body);
      return ref;
    },
  });
  await doc.flush();

  const toWrite = new Map<number, PDFRef>(changedRefs);
  for (const [ref] of doc.context.enumerateIndirectObjects()) {
    if (ref.objectNumber >= lastXref.size) toWrite.set(ref.objectNumber, ref);
  }
  for (const num of rawBodies.keys()) toWrite.set(num, PDFRef.of(num));

  const parts: Uint8Array[] = [];
  let position = pdfBytes.length;
  const push = (chunk: Uint8Array) => {
    parts.push(chunk);
    position += chunk.length;
  };
  // The appended revision must start on a fresh line after the old %%EOF.
  const last = pdfBytes[pdfBytes.length - 1];
  if (last !== 0x0a && last !== 0x0d) push(latin1('\n'));

  const offsets = new Map<number, { offset: number; generation: number }>();
  const rawBodyOffsets = new Map<number, number>();
  for (const num of [...toWrite.keys()].sort((a, b) => a - b)) {
    const ref = toWrite.get(num)!;
    offsets.set(num, { offset: position, generation: ref.generationNumber });
    push(latin1(`${num} ${ref.generationNumber} obj\n`));
    const raw = rawBodies.get(num);
    if (raw !== undefined) {
      rawBodyOffsets.set(num, position);
      push(latin1(raw));
    } else {
      push(serialize(doc.context.lookup(ref), num));
    }
    push(latin1('\nendobj\n'));
  }

  const trailerEntries = keptTrailerEntries(lastXref.trailer, doc);
  if (lastXref.kind === 'table') {
    const size = Math.max(lastXref.size, doc.context.largestObjectNumber + 1);
    const xrefOffset = position;
    push(latin1(classicXref(offsets)));
    push(latin1(`trailer\n<< /Size ${size}${trailerEntries} /Prev ${lastXref.offset} >>\nstartxref\n${xrefOffset}\n%%EOF\n`));
  } else {
    const xrefRef = doc.context.nextRef();
    const xrefOffset = position;
    offsets.set(xrefRef.objectNumber, { offset: xrefOffset, generation: 0 });
    const size = Math.max(lastXref.size, doc.context.largestObjectNumber + 1);
    const { data, index, widths } = xrefStreamData(offsets, xrefOffset);
    push(latin1(
      `${xrefRef.objectNumber} 0 obj\n<< /Type /XRef /Size ${size} /W [${widths.join(' ')}] /Index [${index.join(' ')}]` +
        `${trailerEntries} /Prev ${lastXref.offset} /Length ${data.length} >>\nstream\n`,
    ));
    push(data);
    push(latin1(`\nendstream\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`));
  }

  // Only the new revision is assembled; the original bytes are never copied here.
  const tail = new Uint8Array(position - pdfBytes.length);
  let at = 0;
  for (const p of parts) {
    tail.set(p, at);
    at += p.length;
  }
  return joinedParts({ base: pdfBytes, tail, rawBodyOffsets });
}

function serialize(object: PDFObject | undefined, num: number): Uint8Array {
  if (!object) throw new AppError('INTERNAL', `Object ${num} vanished while writing the update.`);
  const bytes = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(bytes, 0);
  return bytes;
}

/** /Root, /Info and /ID carried over from the previous trailer, as text starting with a space. */
function keptTrailerEntries(trailer: PDFDict, doc: PDFDocument): string {
  let text = '';
  for (const key of ['Root', 'Info', 'ID']) {
    // Fall back to what pdf-lib saw in earlier trailers (some writers repeat only /Size).
    const info = doc.context.trailerInfo as Record<string, PDFObject | undefined>;
    const value = trailer.get(PDFName.of(key)) ?? info[key];
    if (value) text += ` /${key} ${value.toString()}`;
  }
  if (!text.includes('/Root')) throw corrupt('trailer has no /Root');
  return text;
}

/** Consecutive runs of object numbers: [[first, count], …]. */
function subsections(nums: number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const n of nums) {
    const run = runs[runs.length - 1];
    if (run && run[0] + run[1] === n) run[1] += 1;
    else runs.push([n, 1]);
  }
  return runs;
}

function classicXref(offsets: Map<number, { offset: number; generation: number }>): string {
  const nums = [...offsets.keys()].sort((a, b) => a - b);
  let text = 'xref\n';
  for (const [first, count] of subsections(nums)) {
    text += `${first} ${count}\n`;
    for (let n = first; n < first + count; n++) {
      const e = offsets.get(n)!;
      // Each entry is exactly 20 bytes, ending with CR LF.
      text += `${String(e.offset).padStart(10, '0')} ${String(e.generation).padStart(5, '0')} n\r\n`;
    }
  }
  return text;
}

function xrefStreamData(offsets: Map<number, { offset: number; generation: number }>, maxOffset: number) {
  const nums = [...offsets.keys()].sort((a, b) => a - b);
  const offsetWidth = Math.max(4, Math.ceil(Math.log2(maxOffset + 1) / 8));
  const widths = [1, offsetWidth, 2];
  const data = Buffer.alloc(nums.length * (1 + offsetWidth + 2));
  let at = 0;
  for (const n of nums) {
    const e = offsets.get(n)!;
    data[at++] = 1;
    data.writeUIntBE(e.offset, at, offsetWidth);
    at += offsetWidth;
    data.writeUInt16BE(e.generation, at);
    at += 2;
  }
  const index = subsections(nums).flat();
  return { data, index, widths };
}

/** Resolve an entry that may be direct or indirect; report the ref that must be rewritten if changed. */
export function lookupOwned<T extends PDFObject>(
  doc: PDFDocument,
  container: PDFDict,
  key: string,
  // pdf-lib classes have private constructors, so only the Function type accepts them here.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  type: Function & { prototype: T },
): { value: T; ref?: PDFRef } | undefined {
  const raw = container.get(PDFName.of(key));
  if (raw === undefined) return undefined;
  if (raw instanceof PDFRef) {
    const value = doc.context.lookup(raw);
    return value instanceof type ? { value: value as T, ref: raw } : undefined;
  }
  return raw instanceof type ? { value: raw as T } : undefined;
}
