// Loading a PDF for an incremental update without parsing the whole file.
// pdf-lib's PDFDocument.load reads every object (and copies every stream) even though a signature
// only needs the trailer, the catalog, the page tree, the AcroForm and the target page. Here the
// cross-reference chain of the latest revision says where each object is, and pdf-lib's object
// parser reads an object only when something looks it up. Any doubt about the cross-reference data
// returns undefined so the caller falls back to the full parse.

import { PDFCatalog, PDFContext, PDFDocument, PDFObjectParser, PDFRef, type PDFObject } from 'pdf-lib';
import { AppError } from '../../../shared/api/errors';
import { RawPdf, type Revision } from '../verify/raw/document';
import { Parser, PdfStream, isWhite } from '../verify/raw/objects';

type ObjectLoader = (ref: PDFRef) => PDFObject | undefined;

/** The context's object table, filled on first lookup of each object. */
class LazyObjectTable extends Map<PDFRef, PDFObject> {
  private readonly attempted = new Set<PDFRef>();
  constructor(private readonly load: ObjectLoader) {
    super();
  }
  override get(ref: PDFRef): PDFObject | undefined {
    const known = super.get(ref);
    if (known !== undefined || this.attempted.has(ref)) return known;
    this.attempted.add(ref);
    const loaded = this.load(ref);
    if (loaded !== undefined) super.set(ref, loaded);
    return loaded;
  }
  override has(ref: PDFRef): boolean {
    return this.get(ref) !== undefined;
  }
}

/** The number at `pos` (ASCII digits), or -1; `next` receives the offset after it. */
function readUint(buf: Uint8Array, pos: number): { value: number; next: number } {
  let value = 0;
  let at = pos;
  while (at < buf.length && buf[at]! >= 0x30 && buf[at]! <= 0x39 && at - pos < 11) value = value * 10 + buf[at++]! - 0x30;
  return at === pos ? { value: -1, next: pos } : { value, next: at };
}

function skipBlanks(buf: Uint8Array, pos: number): number {
  while (pos < buf.length && (isWhite(buf[pos]) || buf[pos] === 0)) pos++;
  return pos;
}

/** Offset just after `num gen obj` at `offset`, or -1 when the bytes there are something else. */
export function objectBodyOffset(buf: Uint8Array, offset: number, num: number, gen: number): number {
  const a = readUint(buf, skipBlanks(buf, offset));
  if (a.value !== num) return -1;
  const b = readUint(buf, skipBlanks(buf, a.next));
  if (b.value !== gen) return -1;
  const k = skipBlanks(buf, b.next);
  if (buf[k] !== 0x6f || buf[k + 1] !== 0x62 || buf[k + 2] !== 0x6a) return -1; // "obj"
  return k + 3;
}

/** Every in-file entry of the latest revision points at its own object header. */
function crossReferencesHold(buf: Uint8Array, rev: Revision): boolean {
  for (const [num, entry] of rev.objects) {
    if (entry.kind === 'offset') {
      if (entry.offset >= buf.length || objectBodyOffset(buf, entry.offset, num, entry.gen) < 0) return false;
    } else if (entry.kind === 'compressed') {
      if (rev.objects.get(entry.stream)?.kind !== 'offset') return false;
    }
  }
  return true;
}

interface ObjectStreamIndex {
  data: Buffer;
  /** Object number → offset of its body in `data`. */
  offsets: Map<number, number>;
}

/**
 * A PDFDocument whose objects are parsed on demand, or undefined when the file's cross-reference
 * data cannot be trusted for that (then parse it whole).
 */
export function loadLazily(bytes: Uint8Array): LazyDocument | undefined {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let raw: RawPdf;
  try {
    raw = new RawPdf(buf);
  } catch {
    return undefined;
  }
  const rev = raw.latest;
  // Encrypted files go the full way, which refuses them with the usual message.
  if (!rev || raw.trailingGarbage || rev.trailer.has('Encrypt') || !crossReferencesHold(buf, rev)) return undefined;

  const context = PDFContext.create();
  const objectStreams = new Map<number, ObjectStreamIndex | null>();
  const objectStream = (streamNum: number): ObjectStreamIndex | null => {
    if (objectStreams.has(streamNum)) return objectStreams.get(streamNum)!;
    let index: ObjectStreamIndex | null = null;
    const stream = raw.object(streamNum, rev);
    if (stream instanceof PdfStream) {
      try {
        const data = raw.decode(stream, rev);
        const n = raw.resolve(stream.dict.get('N'), rev);
        const first = raw.resolve(stream.dict.get('First'), rev);
        if (typeof n === 'number' && typeof first === 'number') {
          const header = new Parser(data, 0);
          const offsets = new Map<number, number>();
          for (let i = 0; i < n; i++) {
            const num = header.value();
            const at = header.value();
            if (typeof num !== 'number' || typeof at !== 'number') throw new Error('bad object stream header');
            if (!offsets.has(num)) offsets.set(num, first + at);
          }
          index = { data, offsets };
        }
      } catch {
        index = null;
      }
    }
    objectStreams.set(streamNum, index);
    return index;
  };

  const load: ObjectLoader = (ref) => {
    const entry = rev.objects.get(ref.objectNumber);
    if (!entry || entry.kind === 'free') return undefined;
    try {
      if (entry.kind === 'offset') {
        if (entry.gen !== ref.generationNumber) return undefined;
        const body = objectBodyOffset(buf, entry.offset, ref.objectNumber, entry.gen);
        return PDFObjectParser.forBytes(bytes.subarray(body), context).parseObject();
      }
      if (ref.generationNumber !== 0) return undefined;
      const stream = objectStream(entry.stream);
      const at = stream?.offsets.get(ref.objectNumber);
      if (!stream || at === undefined) throw new Error(`object ${ref.objectNumber} is missing from its object stream`);
      return PDFObjectParser.forBytes(stream.data.subarray(at), context).parseObject();
    } catch (e) {
      throw new AppError('FILE_CORRUPT', `The PDF cannot be read (object ${ref.objectNumber}: ${(e as Error).message}). Ask the sender for an intact copy.`);
    }
  };
  (context as unknown as { indirectObjects: Map<PDFRef, PDFObject> }).indirectObjects = new LazyObjectTable(load);
  // (A loop, not Math.max(...keys): a file may hold more objects than a call takes arguments.)
  let largest = 0;
  for (const num of rev.objects.keys()) if (num > largest) largest = num;
  context.largestObjectNumber = largest;
  const doc = finishDocument(context, rev);
  return doc && { doc, startxref: rev.startxref, trailerKeys: new Set(rev.trailer.keys()) };
}

export interface LazyDocument {
  doc: PDFDocument;
  /** Offset of the latest cross-reference section. */
  startxref: number;
  /** Keys of the trailer merged over the whole /Prev chain. */
  trailerKeys: Set<string>;
}

function finishDocument(context: PDFContext, rev: Revision): PDFDocument | undefined {
  const rootRef = rev.trailer.get('Root');
  if (!rootRef || typeof rootRef !== 'object' || !('num' in rootRef)) return undefined;
  context.trailerInfo.Root = PDFRef.of(rootRef.num, rootRef.gen);
  const info = rev.trailer.get('Info');
  if (info && typeof info === 'object' && 'num' in info) context.trailerInfo.Info = PDFRef.of(info.num, info.gen);
  let doc: PDFDocument;
  try {
    // The constructor is private in pdf-lib's types; it only wires the catalog and caches.
    const construct = PDFDocument as unknown as new (context: PDFContext, ignoreEncryption: boolean, updateMetadata: boolean) => PDFDocument;
    doc = new construct(context, true, false);
  } catch {
    return undefined;
  }
  return doc.catalog instanceof PDFCatalog ? doc : undefined;
}
