import {
  PdfDict, PdfRef, PdfStream, PdfSyntaxError, Parser, nameOf, parseIndirectObject, skipWhite, type PdfValue,
} from './objects';
import { decodeStream } from './streams';

// The file as a sequence of revisions. Revision k is what a reader sees when the file is cut
// right after the k-th `%%EOF` whose `startxref` leads to a readable xref chain. Comparing the
// object tables of consecutive revisions tells exactly which objects each update (re)defines.

export type XrefEntry =
  | { kind: 'offset'; offset: number; gen: number }
  | { kind: 'compressed'; stream: number; index: number }
  | { kind: 'free' };

interface XrefSection {
  offset: number;
  entries: Map<number, XrefEntry>;
  trailer: PdfDict;
}

export interface Revision {
  index: number;
  /** Offset just after `%%EOF`. */
  end: number;
  /** `end` plus the end-of-line that follows `%%EOF`, if any. */
  endWithEol: number;
  startxref: number;
  /** Latest entry for every object number, as of this revision. */
  objects: Map<number, XrefEntry>;
  /** Trailer keys merged newest first. */
  trailer: Map<string, PdfValue>;
}

export function sameEntry(a: XrefEntry | undefined, b: XrefEntry | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.kind === 'offset' && b.kind === 'offset') return a.offset === b.offset;
  if (a.kind === 'compressed' && b.kind === 'compressed') return a.stream === b.stream && a.index === b.index;
  return a.kind === b.kind;
}

export class RawPdf {
  readonly revisions: Revision[] = [];
  /** Non-blank bytes after the last readable revision (a damaged or forged update). */
  readonly trailingGarbage: { start: number; end: number } | undefined;
  private readonly sections = new Map<number, XrefSection | Error>();
  private readonly objectCache = new Map<string, PdfValue>();
  private readonly objStmCache = new Map<number, { data: Buffer; offsets: Map<number, number> } | Error>();

  constructor(readonly buf: Buffer) {
    this.findRevisions();
    const last = this.revisions[this.revisions.length - 1];
    const from = last ? last.endWithEol : 0;
    const rest = skipWhite(buf, from);
    this.trailingGarbage = rest < buf.length ? { start: from, end: buf.length } : undefined;
  }

  get latest(): Revision | undefined {
    return this.revisions[this.revisions.length - 1];
  }

  /** The revision a signed prefix of `length` bytes corresponds to, if it ends exactly at one. */
  revisionEndingAt(length: number): Revision | undefined {
    return this.revisions.find((r) => r.end === length || r.endWithEol === length);
  }

  private findRevisions(): void {
    const buf = this.buf;
    let at = buf.indexOf('%%EOF', 0, 'latin1');
    while (at >= 0) {
      const rev = this.tryRevision(at);
      if (rev) this.revisions.push({ ...rev, index: this.revisions.length });
      at = buf.indexOf('%%EOF', at + 5, 'latin1');
    }
  }

  private tryRevision(eofAt: number): Omit<Revision, 'index'> | undefined {
    const buf = this.buf;
    const windowStart = Math.max(0, eofAt - 64);
    const sx = buf.lastIndexOf('startxref', eofAt, 'latin1');
    if (sx < windowStart) return undefined;
    const m = /^startxref\s+(\d+)\s*$/.exec(buf.toString('latin1', sx, eofAt));
    if (!m) return undefined;
    const startxref = Number(m[1]);
    const objects = new Map<number, XrefEntry>();
    const trailer = new Map<string, PdfValue>();
    const visited = new Set<number>();
    let off: number | undefined = startxref;
    while (off !== undefined) {
      if (visited.has(off) || off >= sx || off < 0) return undefined;
      visited.add(off);
      const section = this.section(off);
      if (section instanceof Error) return undefined;
      for (const [n, e] of section.entries) if (!objects.has(n)) objects.set(n, e);
      for (const [k, v] of section.trailer.entries) if (!trailer.has(k) && k !== 'Prev' && k !== 'XRefStm') trailer.set(k, v);
      const prev = section.trailer.get('Prev');
      off = typeof prev === 'number' ? prev : undefined;
    }
    if (!(trailer.get('Root') instanceof PdfRef)) return undefined;
    const end = eofAt + 5;
    let endWithEol = end;
    if (buf[end] === 0x0d && buf[end + 1] === 0x0a) endWithEol += 2;
    else if (buf[end] === 0x0a || buf[end] === 0x0d) endWithEol += 1;
    return { end, endWithEol, startxref, objects, trailer };
  }

  private section(offset: number): XrefSection | Error {
    const cached = this.sections.get(offset);
    if (cached) return cached;
    let result: XrefSection | Error;
    try {
      // Some writers point startxref at the end-of-line just before the keyword: tolerate blanks.
      const at = skipWhite(this.buf, offset);
      result = this.buf.toString('latin1', at, at + 4) === 'xref' ? this.readTable(at) : this.readXrefStream(offset);
    } catch (e) {
      result = e as Error;
    }
    this.sections.set(offset, result);
    return result;
  }

  private readTable(offset: number): XrefSection {
    const buf = this.buf;
    const entries = new Map<number, XrefEntry>();
    let pos = offset + 4;
    for (;;) {
      pos = skipWhite(buf, pos);
      if (buf.toString('latin1', pos, pos + 7) === 'trailer') break;
      const head = /^(\d+)[ \t]+(\d+)/.exec(buf.toString('latin1', pos, pos + 40));
      if (!head) throw new PdfSyntaxError('Bad xref subsection header', pos);
      const first = Number(head[1]);
      const count = Number(head[2]);
      pos += head[0].length;
      for (let i = 0; i < count; i++) {
        pos = skipWhite(buf, pos);
        const line = /^(\d{1,10})[ ]+(\d{1,5})[ ]+([nf])/.exec(buf.toString('latin1', pos, pos + 20));
        if (!line) throw new PdfSyntaxError('Bad xref entry', pos);
        pos += line[0].length;
        const n = first + i;
        if (entries.has(n)) continue;
        entries.set(n, line[3] === 'n' ? { kind: 'offset', offset: Number(line[1]), gen: Number(line[2]) } : { kind: 'free' });
      }
    }
    const p = new Parser(buf, pos + 7);
    const trailer = p.value();
    if (!(trailer instanceof PdfDict)) throw new PdfSyntaxError('Trailer is not a dictionary', pos);
    const xrefStm = trailer.get('XRefStm');
    if (typeof xrefStm === 'number') {
      // Hybrid file: the table wins, the stream fills in compressed objects.
      const s = this.section(xrefStm);
      if (!(s instanceof Error)) for (const [n, e] of s.entries) if (!entries.has(n)) entries.set(n, e);
    }
    return { offset, entries, trailer };
  }

  private readXrefStream(offset: number): XrefSection {
    const obj = parseIndirectObject(this.buf, offset);
    if (!(obj.value instanceof PdfStream) || nameOf(obj.value.dict.get('Type')) !== 'XRef') {
      throw new PdfSyntaxError('startxref does not point to an xref table or stream', offset);
    }
    const dict = obj.value.dict;
    const data = decodeStream(this.buf, obj.value, (v) => v);
    const w = dict.get('W');
    if (!Array.isArray(w) || w.length < 3 || !w.every((x) => typeof x === 'number' && x >= 0 && x <= 8)) {
      throw new PdfSyntaxError('Bad /W in xref stream', offset);
    }
    const [w0, w1, w2] = w as number[];
    const size = dict.get('Size');
    const index = dict.get('Index');
    const ranges: number[] = Array.isArray(index) ? (index as number[]) : [0, typeof size === 'number' ? size : 0];
    const rowLen = w0! + w1! + w2!;
    const entries = new Map<number, XrefEntry>();
    let row = 0;
    const field = (start: number, width: number, dflt: number): number => {
      if (width === 0) return dflt;
      let v = 0;
      for (let i = 0; i < width; i++) v = v * 256 + data[start + i]!;
      return v;
    };
    for (let r = 0; r + 1 < ranges.length; r += 2) {
      const first = ranges[r]!;
      const count = ranges[r + 1]!;
      for (let i = 0; i < count; i++, row++) {
        const base = row * rowLen;
        if (base + rowLen > data.length) throw new PdfSyntaxError('Xref stream is too short', offset);
        const type = field(base, w0!, 1);
        const a = field(base + w0!, w1!, 0);
        const b = field(base + w0! + w1!, w2!, 0);
        const n = first + i;
        if (entries.has(n)) continue;
        if (type === 0) entries.set(n, { kind: 'free' });
        else if (type === 1) entries.set(n, { kind: 'offset', offset: a, gen: b });
        else if (type === 2) entries.set(n, { kind: 'compressed', stream: a, index: b });
      }
    }
    return { offset, entries, trailer: dict };
  }

  /** The value of object `num` as of `rev` (undefined when absent or free). */
  object(num: number, rev: Revision): PdfValue | undefined {
    const entry = rev.objects.get(num);
    if (!entry || entry.kind === 'free') return undefined;
    const stm = entry.kind === 'compressed' ? rev.objects.get(entry.stream) : undefined;
    const key = entry.kind === 'offset' ? `o${entry.offset}` : `c${stm?.kind === 'offset' ? stm.offset : -1}:${num}`;
    if (this.objectCache.has(key)) return this.objectCache.get(key);
    let value: PdfValue | undefined;
    try {
      if (entry.kind === 'offset') {
        const obj = parseIndirectObject(this.buf, entry.offset, (v) => {
          const r = this.resolve(v, rev);
          return typeof r === 'number' ? r : undefined;
        });
        value = obj.num === num ? obj.value : undefined;
      } else {
        value = this.compressedObject(num, entry.stream, rev);
      }
    } catch {
      value = undefined;
    }
    this.objectCache.set(key, value as PdfValue);
    return value;
  }

  /** Where object `num` of `rev` sits: an offset in the file, or inside an object stream. */
  location(num: number, rev: Revision): XrefEntry | undefined {
    return rev.objects.get(num);
  }

  resolve(v: PdfValue | undefined, rev: Revision, depth = 0): PdfValue | undefined {
    if (v instanceof PdfRef) {
      if (depth > 16) return undefined;
      return this.resolve(this.object(v.num, rev), rev, depth + 1);
    }
    return v;
  }

  dict(v: PdfValue | undefined, rev: Revision): PdfDict | undefined {
    const r = this.resolve(v, rev);
    if (r instanceof PdfDict) return r;
    if (r instanceof PdfStream) return r.dict;
    return undefined;
  }

  decode(s: PdfStream, rev: Revision): Buffer {
    return decodeStream(this.buf, s, (v) => this.resolve(v, rev));
  }

  private compressedObject(num: number, streamNum: number, rev: Revision): PdfValue | undefined {
    const stmEntry = rev.objects.get(streamNum);
    if (!stmEntry || stmEntry.kind !== 'offset') return undefined;
    let parsed = this.objStmCache.get(stmEntry.offset);
    if (!parsed) {
      try {
        const s = this.object(streamNum, rev);
        if (!(s instanceof PdfStream) || nameOf(s.dict.get('Type')) !== 'ObjStm') throw new Error('not an object stream');
        const data = this.decode(s, rev);
        const n = this.resolve(s.dict.get('N'), rev);
        const first = this.resolve(s.dict.get('First'), rev);
        if (typeof n !== 'number' || typeof first !== 'number') throw new Error('bad object stream header');
        const p = new Parser(data, 0);
        const offsets = new Map<number, number>();
        for (let i = 0; i < n; i++) {
          const on = p.value();
          const oo = p.value();
          if (typeof on !== 'number' || typeof oo !== 'number') throw new Error('bad object stream header');
          if (!offsets.has(on)) offsets.set(on, first + oo);
        }
        parsed = { data, offsets };
      } catch (e) {
        parsed = e as Error;
      }
      this.objStmCache.set(stmEntry.offset, parsed);
    }
    if (parsed instanceof Error) return undefined;
    const at = parsed.offsets.get(num);
    if (at === undefined) return undefined;
    return new Parser(parsed.data, at).value();
  }
}
