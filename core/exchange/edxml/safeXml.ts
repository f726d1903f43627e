// Reading XML from other agencies' systems without trusting it: no DTDs, no entities beyond the
// five XML builtins and character references, hard limits checked by a linear pre-scan before the
// parser builds anything, and namespaces resolved by URI so prefixes never matter.
import { isAscii, isUtf8 } from 'node:buffer';
import { edxmlError } from './text';
import { XmlSyntaxError, positionOf, readXml, type ReadElement } from './xmlReader';

export interface XmlLimits {
  maxBytes: number;
  maxDepth: number;
  maxElements: number;
  maxAttributeLength: number;
  maxAttachments: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxDepth: 32,
  maxElements: 20_000,
  maxAttributeLength: 4096,
  maxAttachments: 50,
};

export interface XmlAttribute {
  ns: string | null;
  local: string;
  value: string;
}

export interface XmlElement {
  ns: string | null;
  local: string;
  attrs: XmlAttribute[];
  children: XmlNode[];
  /**
   * The element's whole text when it is one long ASCII run set aside as bytes (a Base64 payload):
   * kept as a view of the package, never made into a string unless asked (textOf does).
   */
  payload?: Uint8Array;
}

/** Text set aside while validating and parsing: a string, or a view of the package's bytes. */
type Run = string | Buffer;

export type XmlNode = XmlElement | string;

const XML_URI = 'http://www.w3.org/XML/1998/namespace';

/** Bytes → string, refusing anything but UTF-8. */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  checkUtf8(bytes);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

function checkUtf8(bytes: Uint8Array): void {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw edxmlError('EDXML_ENCODING', 'The file is UTF-16; edXML packages must be UTF-8. Ask the sender to re-export it as UTF-8.', { encoding: 'UTF-16' });
  }
  if (bytes.length >= 4 && (bytes[0] === 0 || bytes[1] === 0 || bytes[2] === 0 || bytes[3] === 0)) {
    throw edxmlError('EDXML_ENCODING', 'The file looks like UTF-16/UTF-32 (NUL bytes); edXML packages must be UTF-8.', { encoding: 'UTF-16/32' });
  }
  if (!isUtf8(bytes)) {
    throw edxmlError(
      'EDXML_ENCODING',
      'The file is not valid UTF-8 (probably a legacy Vietnamese encoding such as TCVN3 or VNI). Ask the sender to re-export it as UTF-8.',
      { encoding: 'not-utf-8' },
    );
  }
}

const DECLARED_ENCODING = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/;
const BAD_REFERENCE = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});)/;

/** Text between tags at least this long is set aside before validating and parsing (see below). */
const LONG_TEXT = 2048;

// Helpers of the pre-scan live outside it: closures made in its loop cost an allocation per tag.
function checkReferences(text: string, from: number, to: number): void {
  if (to > from && BAD_REFERENCE.test(text.slice(from, to))) {
    throw edxmlError('EDXML_ENTITY_FORBIDDEN', 'The package uses an entity reference other than the five XML builtins; it was refused.');
  }
}

function skipPast(text: string, marker: string, from: number): number {
  const end = text.indexOf(marker, from);
  if (end < 0) throw edxmlError('EDXML_MALFORMED', 'The package is cut off (an unterminated comment, CDATA or instruction).');
  return end + marker.length;
}

/**
 * The linear pre-scan: structure limits and forbidden constructs, before any tree is built. Returns
 * the long runs of character data it met (start, end), e.g. Base64 attachment payloads.
 */
function prescan(text: string, limits: XmlLimits): [number, number][] {
  const longRuns: [number, number][] = [];
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw edxmlError('EDXML_DTD_FORBIDDEN', 'The package declares a DTD or entities, which edXML never needs; it was refused for safety.');
  }
  const declared = DECLARED_ENCODING.exec(text)?.[1];
  if (declared && !/^utf-?8$/i.test(declared)) {
    throw edxmlError('EDXML_ENCODING', `The package declares encoding "${declared}"; edXML packages must be UTF-8.`, { encoding: declared });
  }
  const len = text.length;
  let depth = 0;
  let elements = 0;
  let i = 0;
  while (i < len) {
    const lt = text.indexOf('<', i);
    checkReferences(text, i, lt < 0 ? len : lt);
    if (lt < 0) break;
    if (lt - i >= LONG_TEXT && depth > 0) longRuns.push([i, lt]);
    if (text.startsWith('<!--', lt)) { i = skipPast(text, '-->', lt + 4); continue; }
    if (text.startsWith('<![CDATA[', lt)) { i = skipPast(text, ']]>', lt + 9); continue; }
    if (text.startsWith('<?', lt)) { i = skipPast(text, '?>', lt + 2); continue; }
    if (text.startsWith('<!', lt)) throw edxmlError('EDXML_DTD_FORBIDDEN', 'The package contains a markup declaration (<!…>), which edXML never needs.');
    const closing = text[lt + 1] === '/';
    let j = lt + 1;
    let quote: string | null = null;
    let quoteStart = 0;
    for (; j < len; j++) {
      const c = text[j];
      if (quote) {
        if (c === quote) {
          if (j - quoteStart > limits.maxAttributeLength) {
            throw edxmlError('EDXML_ATTRIBUTE_TOO_LONG', `An attribute value is longer than ${limits.maxAttributeLength} characters; the package was refused.`, { limit: limits.maxAttributeLength });
          }
          checkReferences(text, quoteStart, j);
          quote = null;
        }
      } else if (c === '"' || c === "'") {
        quote = c;
        quoteStart = j + 1;
      } else if (c === '>') break;
    }
    if (quote && len - quoteStart > limits.maxAttributeLength) {
      throw edxmlError('EDXML_ATTRIBUTE_TOO_LONG', `An attribute value is longer than ${limits.maxAttributeLength} characters; the package was refused.`, { limit: limits.maxAttributeLength });
    }
    if (j >= len) throw edxmlError('EDXML_MALFORMED', 'The package is cut off inside a tag.');
    if (closing) depth--;
    else {
      elements++;
      if (elements > limits.maxElements) {
        throw edxmlError('EDXML_TOO_MANY_ELEMENTS', `The package has more than ${limits.maxElements} elements; it was refused.`, { limit: limits.maxElements });
      }
      if (text[j - 1] !== '/') {
        depth++;
        if (depth > limits.maxDepth) {
          throw edxmlError('EDXML_TOO_DEEP', `The package nests elements deeper than ${limits.maxDepth} levels; it was refused.`, { limit: limits.maxDepth });
        }
      }
    }
    i = j + 1;
  }
  return longRuns;
}

function decodeReferences(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g, (_m, ref: string) => {
    switch (ref) {
      case 'amp': return '&';
      case 'lt': return '<';
      case 'gt': return '>';
      case 'quot': return '"';
      case 'apos': return "'";
    }
    const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    if (cp > 0x10ffff || cp === 0 || (cp >= 0xd800 && cp <= 0xdfff)) {
      throw edxmlError('EDXML_MALFORMED', `The package contains an invalid character reference &${ref};.`);
    }
    return String.fromCodePoint(cp);
  });
}

function splitName(qname: string): [string | undefined, string] {
  const colon = qname.indexOf(':');
  return colon < 0 ? [undefined, qname] : [qname.slice(0, colon), qname.slice(colon + 1)];
}

/**
 * Character data cannot change whether a document is well formed once the pre-scan has checked its
 * references, yet the validator and the parser walk it character by character. Long runs (the
 * Base64 payloads, which are nearly the whole package) are replaced by a short placeholder in
 * private-use characters, which keeps the line count for error positions, and put back in the tree.
 */
const RUN_OPEN = '\uE000';
const RUN_CLOSE = '\uE001';
/** Marks where the line feeds that only keep error positions right begin. */
const RUN_END = '\uE002';

function setAside(text: string, runs: [number, number][], kept: Run[]): string {
  if (!runs.length) return text;
  const parts: string[] = [];
  let at = 0;
  for (const [from, to] of runs) {
    let run = text.slice(from, to);
    if (run.includes(']]>')) continue; // not well-formed: leave it for the reader to report
    // A package with any Vietnamese text decodes to a two-byte string, and so would every slice of
    // it; an ASCII run (Base64) copied into a one-byte string makes the later whitespace removal and
    // Base64 decoding several times cheaper.
    if (ASCII_ONLY.test(run)) run = Buffer.from(run, 'latin1').toString('latin1');
    let lines = '';
    for (let k = run.indexOf('\n'); k >= 0; k = run.indexOf('\n', k + 1)) lines += '\n';
    parts.push(text.slice(at, from), `${RUN_OPEN}${kept.length}${RUN_CLOSE}${lines ? `${RUN_END}${lines}` : ''}`);
    kept.push(run);
    at = to;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

const PRIVATE_MARKS = [RUN_OPEN, RUN_CLOSE, RUN_END].map((c) => Buffer.from(c, 'utf8'));
const LT = 0x3c;
const GT = 0x3e;
const AMP = 0x26;

/**
 * The same set-aside done on the bytes, before anything is decoded: a package is nearly all Base64,
 * and decoding it to a string only to copy it back out cost more than the rest of the parse. A run
 * qualifies when it sits between the end of a tag and the next "<", is at least LONG_TEXT bytes, is
 * ASCII and holds no ">" or "&": such text cannot open, close or hide markup, so cutting it out
 * cannot change the document's structure, wherever it sits. The placeholders carry no line feeds;
 * an error position is taken from the whole text instead (see parseSafeXml).
 */
function setAsideBytes(buf: Buffer, kept: Run[]): string {
  const parts: string[] = [];
  let at = 0;
  for (let lt = buf.indexOf(LT); lt >= 0; ) {
    const next = buf.indexOf(LT, lt + 1);
    if (next < 0) break;
    if (next - lt > LONG_TEXT) {
      const gt = buf.indexOf(GT, lt + 1);
      const from = gt + 1;
      if (gt >= 0 && gt < next && next - from >= LONG_TEXT) {
        const run = buf.subarray(from, next);
        if (isAscii(run) && run.indexOf(GT) < 0 && run.indexOf(AMP) < 0) {
          parts.push(buf.toString('utf8', at, from), `${RUN_OPEN}${kept.length}${RUN_CLOSE}`);
          kept.push(buf.subarray(from, next));
          at = next;
        }
      }
    }
    lt = next;
  }
  if (!kept.length) return buf.toString('utf8');
  parts.push(buf.toString('utf8', at));
  return parts.join('');
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;
const PLACEHOLDER = /\uE000(\d+)\uE001(?:\uE002(\n*))?/g;
const SOLE_RUN = /^\uE000(\d+)\uE001$/;

function runText(run: Run): string {
  return typeof run === 'string' ? run : run.toString('latin1');
}

function putBack(s: string, runs: Run[]): string {
  if (!runs.length || !s.includes(RUN_OPEN)) return s;
  // A placeholder is followed by as many line feeds as its run holds; more are the document's own.
  return s.replace(PLACEHOLDER, (_m, k: string, feeds: string | undefined) => {
    const run = runText(runs[Number(k)]!);
    if (!feeds) return run;
    let own = 0;
    for (let i = run.indexOf('\n'); i >= 0; i = run.indexOf('\n', i + 1)) own++;
    return run + feeds.slice(own);
  });
}

function namespaceOf(scope: Map<string | undefined, string | null>, prefix: string | undefined, forAttribute: boolean): string | null {
  if (prefix === 'xml') return XML_URI;
  if (prefix === undefined) return forAttribute ? null : (scope.get(undefined) ?? null);
  const uri = scope.get(prefix);
  if (uri === undefined || uri === null) throw edxmlError('EDXML_MALFORMED', `The package uses the prefix "${prefix}" without declaring it.`);
  return uri;
}

function resolveTree(node: ReadElement, scope: Map<string | undefined, string | null>, runs: Run[]): XmlElement {
  const qname = node.name;
  let local = scope;
  const plain: [string, string][] = [];
  for (const [name, raw] of node.attrs) {
    const value = decodeReferences(raw);
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      if (local === scope) local = new Map(scope);
      local.set(name === 'xmlns' ? undefined : name.slice(6), value === '' ? null : value);
    } else plain.push([name, value]);
  }
  const [prefix, name] = splitName(qname);
  const el: XmlElement = {
    ns: namespaceOf(local, prefix, false),
    local: name,
    attrs: plain.map(([n, value]) => {
      const [p, l] = splitName(n);
      return { ns: namespaceOf(local, p, true), local: l, value };
    }),
    children: [],
  };
  const content = node.children;
  const first = content[0];
  const only = content.length === 1 && first && 'text' in first && !first.cdata ? SOLE_RUN.exec(first.text) : null;
  const sole = only ? runs[Number(only[1])] : undefined;
  if (sole !== undefined && typeof sole !== 'string') {
    el.payload = sole;
    return el;
  }
  for (const child of content) {
    if (!('text' in child)) el.children.push(resolveTree(child, local, runs));
    // A run set aside as bytes may sit inside a CDATA section too; CDATA has no references.
    else el.children.push(child.cdata ? putBack(child.text, runs) : decodeReferences(putBack(child.text, runs)));
  }
  return el;
}

/** Parses untrusted XML into a namespace-resolved tree, or throws an AppError with an EDXML_* reason. */
export function parseSafeXml(input: Uint8Array | string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > limits.maxBytes) {
    throw edxmlError('EDXML_TOO_LARGE', `The package is ${size} bytes; the limit is ${limits.maxBytes}.`, { size, limit: limits.maxBytes });
  }
  const runs: Run[] = [];
  let text: string;
  // Text already holding our placeholder characters is parsed whole (slower, never wrong).
  let mayAside: boolean;
  if (typeof input === 'string') {
    text = input;
    mayAside = !text.includes(RUN_OPEN) && !text.includes(RUN_CLOSE) && !text.includes(RUN_END);
  } else {
    checkUtf8(input);
    const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    mayAside = PRIVATE_MARKS.every((m) => buf.indexOf(m) < 0);
    text = mayAside ? setAsideBytes(buf, runs) : buf.toString('utf8');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw edxmlError('EDXML_MALFORMED', 'The file is empty.');
  const longRuns = prescan(text, limits);
  const skeleton = mayAside ? setAside(text, longRuns, runs) : text;
  let root: ReadElement;
  try {
    root = readXml(skeleton);
  } catch (e) {
    if (!(e instanceof XmlSyntaxError)) throw e;
    // With text set aside, positions in the skeleton are off: report the one in the whole text.
    throw runs.length ? malformed(wholeTextError(input) ?? e, wholeText(input)) : malformed(e, text);
  }
  return resolveTree(root, new Map([[undefined, null]]), runs);
}

function wholeText(input: Uint8Array | string): string {
  const t = typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
  return t.charCodeAt(0) === 0xfeff ? t.slice(1) : t;
}

/** The same error found in the whole text, where its position is the one the sender sees. */
function wholeTextError(input: Uint8Array | string): XmlSyntaxError | undefined {
  try {
    readXml(wholeText(input));
  } catch (e) {
    if (e instanceof XmlSyntaxError) return e;
    throw e;
  }
  return undefined;
}

function malformed(e: XmlSyntaxError, text: string): Error {
  const { line, col } = positionOf(text, e.at);
  return edxmlError('EDXML_MALFORMED', `The package is not well-formed XML (line ${line}, column ${col}: ${e.message}).`, { line, col });
}

// ---- small helpers for walking a resolved tree ----

export function childElements(el: XmlElement, ns?: string, local?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) {
    if (typeof c === 'string') continue;
    if (ns !== undefined && c.ns !== ns) continue;
    if (local !== undefined && c.local !== local) continue;
    out.push(c);
  }
  return out;
}

export function textOf(el: XmlElement): string {
  if (el.payload) return Buffer.from(el.payload.buffer, el.payload.byteOffset, el.payload.byteLength).toString('latin1');
  let s = '';
  for (const c of el.children) if (typeof c === 'string') s += c;
  return s;
}

export function attrOf(el: XmlElement, local: string, ns?: string | null): string | undefined {
  // Attributes in the field come both unqualified and edXML-qualified: accept either unless asked.
  const hit = el.attrs.find((a) => a.local === local && (ns === undefined || a.ns === ns));
  return hit?.value;
}

export function findDescendant(el: XmlElement, ns: string, local: string, maxDepth = 4): XmlElement | undefined {
  for (const c of childElements(el)) {
    if (c.ns === ns && c.local === local) return c;
  }
  if (maxDepth <= 0) return undefined;
  for (const c of childElements(el)) {
    const hit = findDescendant(c, ns, local, maxDepth - 1);
    if (hit) return hit;
  }
  return undefined;
}

/** The element's text as ASCII bytes when it was set aside as a payload (see XmlElement.payload). */
export function payloadOf(el: XmlElement): Uint8Array | undefined {
  return el.payload;
}
