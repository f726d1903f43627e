// A small, strict-enough PDF object parser that works on the raw file bytes. The verifier needs
// byte offsets (where a /Contents hex string starts and ends, where each revision ends) and the
// objects of every revision, which whole-document libraries hide.

export class PdfName {
  constructor(readonly name: string) {}
}

export class PdfRef {
  constructor(readonly num: number, readonly gen: number) {}
  get key(): string {
    return `${this.num} ${this.gen}`;
  }
}

export class PdfString {
  /** start/end: offsets of the token (including its delimiters) in the buffer it was parsed from. */
  constructor(readonly bytes: Buffer, readonly hex: boolean, readonly start: number, readonly end: number) {}
  text(): string {
    // UTF-16BE with BOM, else PDFDocEncoding (close enough to latin1 for names and dates).
    if (this.bytes.length >= 2 && this.bytes[0] === 0xfe && this.bytes[1] === 0xff) {
      const b = Buffer.from(this.bytes.subarray(2));
      b.swap16();
      return b.toString('utf16le');
    }
    if (this.bytes.length >= 3 && this.bytes[0] === 0xef && this.bytes[1] === 0xbb && this.bytes[2] === 0xbf) {
      return this.bytes.subarray(3).toString('utf8');
    }
    return this.bytes.toString('latin1');
  }
}

export class PdfDict {
  constructor(readonly entries: Map<string, PdfValue>, readonly start: number, readonly end: number) {}
  get(key: string): PdfValue | undefined {
    return this.entries.get(key);
  }
  has(key: string): boolean {
    return this.entries.has(key);
  }
}

export class PdfStream {
  constructor(readonly dict: PdfDict, readonly dataStart: number, readonly dataEnd: number) {}
}

/** A keyword that is not a value (obj, endobj, stream, R …); only seen by the tokenizer. */
class Keyword {
  constructor(readonly word: string) {}
}

export type PdfValue = null | boolean | number | PdfName | PdfString | PdfRef | PdfValue[] | PdfDict | PdfStream;

export class PdfSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at byte ${offset}`);
  }
}

const WS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) WS[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;

export function isWhite(c: number | undefined): boolean {
  return c !== undefined && WS[c] === 1;
}

export function skipWhite(buf: Uint8Array, pos: number): number {
  while (pos < buf.length) {
    const c = buf[pos]!;
    if (WS[c]) pos++;
    else if (c === 0x25 /* % */) {
      while (pos < buf.length && buf[pos] !== 0x0a && buf[pos] !== 0x0d) pos++;
    } else break;
  }
  return pos;
}

function isRegular(c: number | undefined): boolean {
  return c !== undefined && !WS[c] && !DELIM[c];
}

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

const MAX_DEPTH = 64;

export class Parser {
  pos: number;
  constructor(readonly buf: Buffer, pos = 0) {
    this.pos = pos;
  }

  /** Parses one value; refs (`n g R`) are recognised. */
  value(depth = 0): PdfValue {
    const t = this.token(depth);
    if (t instanceof Keyword) throw new PdfSyntaxError(`Unexpected keyword "${t.word}"`, this.pos);
    return t;
  }

  private token(depth: number): PdfValue | Keyword {
    if (depth > MAX_DEPTH) throw new PdfSyntaxError('Nesting too deep', this.pos);
    const buf = this.buf;
    this.pos = skipWhite(buf, this.pos);
    const start = this.pos;
    if (start >= buf.length) throw new PdfSyntaxError('Unexpected end of data', start);
    const c = buf[start]!;
    if (c === 0x2f /* / */) return this.name();
    if (c === 0x28 /* ( */) return this.literalString();
    if (c === 0x3c /* < */) {
      if (buf[start + 1] === 0x3c) return this.dict(depth);
      return this.hexString();
    }
    if (c === 0x5b /* [ */) {
      this.pos++;
      const items: PdfValue[] = [];
      for (;;) {
        this.pos = skipWhite(buf, this.pos);
        if (this.pos >= buf.length) throw new PdfSyntaxError('Unterminated array', start);
        if (buf[this.pos] === 0x5d) {
          this.pos++;
          return items;
        }
        items.push(this.value(depth + 1));
      }
    }
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) return this.numberOrRef();
    if (isRegular(c)) {
      let end = start;
      while (isRegular(buf[end])) end++;
      const word = buf.toString('latin1', start, end);
      this.pos = end;
      if (word === 'true') return true;
      if (word === 'false') return false;
      if (word === 'null') return null;
      return new Keyword(word);
    }
    throw new PdfSyntaxError(`Unexpected character "${String.fromCharCode(c)}"`, start);
  }

  private readNumber(): { n: number; int: boolean } | undefined {
    const buf = this.buf;
    let p = this.pos;
    const s = p;
    if (buf[p] === 0x2b || buf[p] === 0x2d) p++;
    let digits = 0;
    let int = true;
    while (p < buf.length && ((buf[p]! >= 0x30 && buf[p]! <= 0x39) || buf[p] === 0x2e)) {
      if (buf[p] === 0x2e) int = false;
      else digits++;
      p++;
    }
    if (digits === 0) return undefined;
    const n = Number(buf.toString('latin1', s, p));
    if (!Number.isFinite(n)) return undefined;
    this.pos = p;
    return { n, int };
  }

  private numberOrRef(): PdfValue {
    const start = this.pos;
    const first = this.readNumber();
    if (!first) throw new PdfSyntaxError('Bad number', start);
    if (first.int && first.n >= 0 && isWhite(this.buf[this.pos])) {
      // Look ahead for "gen R" without consuming on failure.
      const save = this.pos;
      this.pos = skipWhite(this.buf, this.pos);
      const c = this.buf[this.pos];
      if (c !== undefined && c >= 0x30 && c <= 0x39) {
        const second = this.readNumber();
        if (second && second.int && isWhite(this.buf[this.pos])) {
          const p = skipWhite(this.buf, this.pos);
          if (this.buf[p] === 0x52 /* R */ && !isRegular(this.buf[p + 1])) {
            this.pos = p + 1;
            return new PdfRef(first.n, second.n);
          }
        }
      }
      this.pos = save;
    }
    return first.n;
  }

  private name(): PdfName {
    const buf = this.buf;
    let p = this.pos + 1;
    const bytes: number[] = [];
    while (isRegular(buf[p])) {
      const c = buf[p]!;
      if (c === 0x23 /* # */ && p + 2 < buf.length && hexVal(buf[p + 1]!) >= 0 && hexVal(buf[p + 2]!) >= 0) {
        bytes.push(hexVal(buf[p + 1]!) * 16 + hexVal(buf[p + 2]!));
        p += 3;
      } else {
        bytes.push(c);
        p++;
      }
    }
    this.pos = p;
    return new PdfName(Buffer.from(bytes).toString('latin1'));
  }

  private hexString(): PdfString {
    const buf = this.buf;
    const start = this.pos;
    const end = buf.indexOf(0x3e /* > */, start + 1);
    if (end < 0) throw new PdfSyntaxError('Unterminated hex string', start);
    // Fast path: an unbroken run of hex digits (signature values are tens of kilobytes).
    const run = buf.toString('latin1', start + 1, end);
    if (run.length % 2 === 0 && /^[0-9A-Fa-f]*$/.test(run)) {
      this.pos = end + 1;
      return new PdfString(Buffer.from(run, 'hex'), true, start, end + 1);
    }
    const out = Buffer.allocUnsafe(Math.ceil((end - start) / 2));
    let n = 0;
    let hi = -1;
    for (let p = start + 1; p < end; p++) {
      const c = buf[p]!;
      if (WS[c]) continue;
      const v = hexVal(c);
      if (v < 0) throw new PdfSyntaxError('Bad hex digit', p);
      if (hi < 0) hi = v;
      else {
        out[n++] = hi * 16 + v;
        hi = -1;
      }
    }
    if (hi >= 0) out[n++] = hi * 16;
    this.pos = end + 1;
    return new PdfString(out.subarray(0, n), true, start, end + 1);
  }

  private literalString(): PdfString {
    const buf = this.buf;
    const start = this.pos;
    let p = start + 1;
    let depth = 1;
    const out: number[] = [];
    while (p < buf.length) {
      const c = buf[p]!;
      if (c === 0x5c /* \ */) {
        const d = buf[p + 1];
        p += 2;
        if (d === undefined) break;
        const simple: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
        if (simple[d] !== undefined) out.push(simple[d]!);
        else if (d >= 0x30 && d <= 0x37) {
          let v = d - 0x30;
          for (let k = 0; k < 2 && buf[p]! >= 0x30 && buf[p]! <= 0x37; k++) v = v * 8 + (buf[p++]! - 0x30);
          out.push(v & 0xff);
        } else if (d === 0x0d) {
          if (buf[p] === 0x0a) p++;
        } else if (d !== 0x0a) out.push(d);
        continue;
      }
      if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) {
        this.pos = p + 1;
        return new PdfString(Buffer.from(out), false, start, p + 1);
      }
      out.push(c);
      p++;
    }
    throw new PdfSyntaxError('Unterminated string', start);
  }

  private dict(depth: number): PdfDict {
    const buf = this.buf;
    const start = this.pos;
    this.pos += 2;
    const entries = new Map<string, PdfValue>();
    for (;;) {
      this.pos = skipWhite(buf, this.pos);
      if (this.pos >= buf.length) throw new PdfSyntaxError('Unterminated dictionary', start);
      if (buf[this.pos] === 0x3e && buf[this.pos + 1] === 0x3e) {
        this.pos += 2;
        return new PdfDict(entries, start, this.pos);
      }
      const key = this.token(depth + 1);
      if (!(key instanceof PdfName)) throw new PdfSyntaxError('Dictionary key is not a name', this.pos);
      const v = this.value(depth + 1);
      // A repeated key is ambiguous between readers (a known attack vector): keep the first, as
      // most readers do, and let callers see the ambiguity through `duplicateKeys` if needed.
      if (!entries.has(key.name)) entries.set(key.name, v);
    }
  }

  /** Reads a bare keyword at the current position (e.g. `obj`, `stream`). */
  keyword(): string | undefined {
    const p = skipWhite(this.buf, this.pos);
    let end = p;
    while (isRegular(this.buf[end])) end++;
    if (end === p) return undefined;
    this.pos = end;
    return this.buf.toString('latin1', p, end);
  }

  peekKeyword(): string | undefined {
    const save = this.pos;
    const k = this.keyword();
    this.pos = save;
    return k;
  }
}

export interface IndirectObject {
  num: number;
  gen: number;
  value: PdfValue;
  /** Offset of `num gen obj` and just after `endobj` (or after the value when endobj is missing). */
  start: number;
  end: number;
}

/**
 * Parses `num gen obj … endobj` at `offset`. `streamLength` resolves an indirect /Length. Stream
 * data bounds come from /Length when it lands on `endstream`, else from a search for it.
 */
export function parseIndirectObject(buf: Buffer, offset: number, streamLength?: (v: PdfValue) => number | undefined): IndirectObject {
  const p = new Parser(buf, skipWhite(buf, offset));
  const start = p.pos;
  const num = p.value();
  const gen = p.value();
  if (typeof num !== 'number' || typeof gen !== 'number' || p.keyword() !== 'obj') {
    throw new PdfSyntaxError('Expected "n g obj"', offset);
  }
  const value = p.value();
  let result: PdfValue = value;
  if (value instanceof PdfDict && p.peekKeyword() === 'stream') {
    p.keyword();
    let dataStart = p.pos;
    if (buf[dataStart] === 0x0d && buf[dataStart + 1] === 0x0a) dataStart += 2;
    else if (buf[dataStart] === 0x0a || buf[dataStart] === 0x0d) dataStart += 1;
    let dataEnd = -1;
    const len = streamLength ? streamLength(value.get('Length') ?? null) : typeof value.get('Length') === 'number' ? (value.get('Length') as number) : undefined;
    if (len !== undefined && Number.isInteger(len) && len >= 0 && dataStart + len <= buf.length) {
      const after = skipWhite(buf, dataStart + len);
      if (buf.toString('latin1', after, after + 9) === 'endstream') dataEnd = dataStart + len;
    }
    if (dataEnd < 0) {
      const found = buf.indexOf('endstream', dataStart, 'latin1');
      if (found < 0) throw new PdfSyntaxError('Stream without endstream', dataStart);
      dataEnd = found;
      if (buf[dataEnd - 1] === 0x0a) dataEnd--;
      if (buf[dataEnd - 1] === 0x0d) dataEnd--;
    }
    p.pos = buf.indexOf('endstream', dataEnd, 'latin1') + 9;
    result = new PdfStream(value, dataStart, dataEnd);
  }
  let end = p.pos;
  if (p.peekKeyword() === 'endobj') {
    p.keyword();
    end = p.pos;
  }
  return { num, gen, value: result, start, end };
}

// ---- small accessors used everywhere ----

export function nameOf(v: PdfValue | undefined): string | undefined {
  return v instanceof PdfName ? v.name : undefined;
}

export function dictOf(v: PdfValue | undefined): PdfDict | undefined {
  if (v instanceof PdfDict) return v;
  if (v instanceof PdfStream) return v.dict;
  return undefined;
}

/** Structural equality of two parsed values (refs compare by number/generation, streams by bytes). */
export function sameValue(a: PdfValue | undefined, b: PdfValue | undefined, bufA?: Buffer, bufB?: Buffer): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (a instanceof PdfName) return b instanceof PdfName && a.name === b.name;
  if (a instanceof PdfRef) return b instanceof PdfRef && a.num === b.num && a.gen === b.gen;
  if (a instanceof PdfString) return b instanceof PdfString && a.bytes.equals(b.bytes);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i], bufA, bufB));
  if (a instanceof PdfStream) {
    if (!(b instanceof PdfStream) || !bufA || !bufB) return false;
    if (!sameDict(a.dict, b.dict, bufA, bufB, true)) return false;
    return bufA.subarray(a.dataStart, a.dataEnd).equals(bufB.subarray(b.dataStart, b.dataEnd));
  }
  if (a instanceof PdfDict) return b instanceof PdfDict && sameDict(a, b, bufA, bufB, false);
  return false;
}

function sameDict(a: PdfDict, b: PdfDict, bufA: Buffer | undefined, bufB: Buffer | undefined, ignoreLength: boolean): boolean {
  const keys = new Set([...a.entries.keys(), ...b.entries.keys()]);
  for (const k of keys) {
    if (ignoreLength && k === 'Length') continue;
    if (!sameValue(a.get(k), b.get(k), bufA, bufB)) return false;
  }
  return true;
}

/** Every indirect reference inside a value (not following them). */
export function collectRefs(v: PdfValue | undefined, out: PdfRef[] = []): PdfRef[] {
  if (v instanceof PdfRef) out.push(v);
  else if (Array.isArray(v)) for (const x of v) collectRefs(x, out);
  else if (v instanceof PdfDict) for (const x of v.entries.values()) collectRefs(x, out);
  else if (v instanceof PdfStream) collectRefs(v.dict, out);
  return out;
}
