// Vietnamese text normalisation for search. Users type with or without diacritics ("kế hoạch",
// "ke hoach") and in old or new tone placement ("hòa"/"hoà"), so the index keeps two forms:
//   - folded: lowercase, every tone/vowel mark removed and đ→d; one UTF-16 unit per input unit,
//     so offsets in the folded text are offsets in the (NFC) original — snippets rely on this;
//   - exact words: the distinct lowercase words that carry a diacritic, tone placement made
//     canonical. A query word with diacritics must match one of these.
// Everything is table-driven: text normalisation was half of bulk-load time in the measured design.

const FOLD = new Uint16Array(65536);
/** 1 for code units that belong to a word (letters and digits), as FTS5's unicode61 sees them. */
const WORD = new Uint8Array(65536);
/** 1 for code units whose folded form differs from their lowercase form (carry a diacritic or are đ). */
const MARKED = new Uint8Array(65536);
/** Folded form with every non-word unit turned into a space ("1296/QĐ-UBND" → "1296 qd ubnd"). */
const FOLD_SPACE = new Uint16Array(65536);
/** Lowercase of each code unit (when it stays one unit). */
const LOWER = new Uint16Array(65536);

(function buildTables() {
  const letterOrDigit = /[\p{L}\p{N}]/u;
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) {
      FOLD[c] = c;
      continue;
    }
    const ch = String.fromCharCode(c);
    const lower = ch.toLowerCase();
    let folded = lower.length === 1 ? lower : ch;
    if (c >= 0xc0 && c < 0x2000) folded = folded.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    if (c >= 0x1e00 && c <= 0x1eff) folded = lower.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    if (lower === 'đ') folded = 'd';
    FOLD[c] = folded.length === 1 ? folded.charCodeAt(0) : lower.length === 1 ? lower.charCodeAt(0) : c;
    WORD[c] = letterOrDigit.test(ch) ? 1 : 0;
    LOWER[c] = lower.length === 1 ? lower.charCodeAt(0) : c;
    FOLD_SPACE[c] = WORD[c] ? FOLD[c]! : 32;
    MARKED[c] = lower.length === 1 && FOLD[c] !== lower.charCodeAt(0) ? 1 : 0;
  }
})();

/** Old-style and new-style tone placement on word-final oa/oe/uy ("hoà"/"hòa", "thuỷ"/"thủy"). */
// In "quý" the u belongs to the consonant qu, so the tone stays on y.
const TONE_ON_SECOND = /(q?)(o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ])(?![\p{L}\p{N}])/gu;
const MOVE_TONE: Record<string, string> = {};
(function buildToneMoves() {
  const tones = ['\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
  for (const [first, second] of [['o', 'a'], ['o', 'e'], ['u', 'y']] as const) {
    for (const t of tones) MOVE_TONE[(first + (second + t).normalize('NFC'))] = (first + t).normalize('NFC') + second;
  }
})();

/** Canonical tone placement (tone on the first vowel of word-final oa/oe/uy, as official texts write "hòa", "thủy"). */
export function canonicalTones(lowerNfc: string): string {
  return lowerNfc.replace(TONE_ON_SECOND, (m, q: string, pair: string) => (q ? m : (MOVE_TONE[pair] ?? m)));
}

/** Lowercase, diacritic-free form of `text`; same length as `text.normalize('NFC')`. */
export function foldText(text: string): string {
  const s = text.normalize('NFC');
  const n = s.length;
  const out = new Uint16Array(n);
  for (let i = 0; i < n; i++) out[i] = FOLD[s.charCodeAt(i)]!;
  return Buffer.from(out.buffer, out.byteOffset, n * 2).toString('utf16le');
}

/** Folded text where anything between words is a space: for fast counting of words and phrases with indexOf. */
export function foldForScan(text: string): string {
  const n = text.length;
  const out = new Uint16Array(n);
  for (let i = 0; i < n; i++) out[i] = FOLD_SPACE[text.charCodeAt(i)]!;
  return Buffer.from(out.buffer, out.byteOffset, n * 2).toString('utf16le');
}

/** Occurrences of `needle` (folded words joined by single spaces) as whole words in `hay` (from foldForScan), up to `cap`. */
export function countWords(hay: string, needle: string, prefix: boolean, cap = 20): number {
  let n = 0;
  let i = hay.indexOf(needle);
  while (i >= 0 && n < cap) {
    const end = i + needle.length;
    if ((i === 0 || hay.charCodeAt(i - 1) === 32) && (prefix || end === hay.length || hay.charCodeAt(end) === 32)) n++;
    i = hay.indexOf(needle, end);
  }
  return n;
}

/** Lowercase NFC form with canonical tone placement: how exact (diacritic) words are compared. */
export function exactForm(text: string): string {
  return canonicalTones(text.normalize('NFC').toLowerCase());
}

export interface PreparedText {
  /** Folded text for the FTS row (the FTS tokenizer splits it into words). */
  folded: string;
  /** Distinct exact words carrying a diacritic, space-separated, lowercase, canonical tones. */
  exactWords: string;
}

// Scratch space reused by prepareText: an open-addressing set of word hashes (two independent
// 32-bit hashes, so two different words of one document colliding is ~1e-15), cleared per call by
// bumping a generation number instead of zero-filling.
const SET_SIZE = 4096;
const setH1 = new Int32Array(SET_SIZE);
const setH2 = new Int32Array(SET_SIZE);
const setGen = new Uint32Array(SET_SIZE);
let generation = 0;
let exactBuf = new Uint16Array(8192);

/** Adds a word hash to the scratch set; false if it was there already. */
function addHash(h1: number, h2: number): boolean {
  let slot = (h1 ^ (h2 >>> 7)) & (SET_SIZE - 1);
  for (let probes = 0; probes < SET_SIZE; probes++) {
    if (setGen[slot] !== generation) {
      setGen[slot] = generation;
      setH1[slot] = h1;
      setH2[slot] = h2;
      return true;
    }
    if (setH1[slot] === h1 && setH2[slot] === h2) return false;
    slot = (slot + 1) & (SET_SIZE - 1);
  }
  return true; // set full (a document with over 4096 distinct marked words): keep the duplicate
}

/**
 * One pass over the text: folds it and collects the distinct lowercase words that carry
 * diacritics, all in typed arrays (no per-word strings). Exact words get canonical tone placement.
 */
export function prepareText(text: string): PreparedText {
  const s = text.normalize('NFC');
  const n = s.length;
  const out = new Uint16Array(n);
  if (exactBuf.length < n + 1) exactBuf = new Uint16Array(n * 2 + 16);
  const ex = exactBuf;
  generation = (generation + 1) >>> 0;
  if (generation === 0) {
    setGen.fill(0);
    generation = 1;
  }
  let e = 0;
  let start = -1;
  let marked = false;
  let h1 = 0;
  let h2 = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? s.charCodeAt(i) : 32;
    if (i < n) out[i] = FOLD[c]!;
    if (WORD[c]) {
      if (start < 0) {
        start = i;
        marked = false;
        h1 = 0;
        h2 = 0x811c9dc5;
      }
      const l = LOWER[c]!;
      h1 = (Math.imul(h1, 31) + l) | 0;
      h2 = Math.imul(h2 ^ l, 16777619);
      if (MARKED[c]) marked = true;
    } else if (start >= 0) {
      if (marked && addHash(h1, h2)) {
        if (e > 0) ex[e++] = 32;
        for (let k = start; k < i; k++) ex[e++] = LOWER[s.charCodeAt(k)]!;
      }
      start = -1;
    }
  }
  const folded = Buffer.from(out.buffer, out.byteOffset, n * 2).toString('utf16le');
  const exact = e ? Buffer.from(ex.buffer, ex.byteOffset, e * 2).toString('utf16le') : '';
  return { folded, exactWords: e ? canonicalTones(exact) : '' };
}

/** Splits text into words the same way FTS5 unicode61 does (letters and digits; all else separates). */
export function splitWords(text: string): string[] {
  const out: string[] = [];
  let start = -1;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 32;
    if (WORD[c]) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push(text.slice(start, i));
      start = -1;
    }
  }
  return out;
}

/** Whether a word carries a diacritic (or đ), i.e. its folded form differs from its lowercase form. */
export function hasDiacritics(word: string): boolean {
  const s = word.normalize('NFC');
  for (let i = 0; i < s.length; i++) if (MARKED[s.charCodeAt(i)]) return true;
  return false;
}

export function isWordChar(code: number): boolean {
  return WORD[code] === 1;
}

/** A filter-token part that keeps Vietnamese letters (type ĐA and DA must stay apart): lowercase letters and digits only. */
export function tagPart(value: string | number): string {
  return String(value).normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** Turns any code or name into one ASCII token part for a filter token (`000.00.00.G22` → `0000000g22`). */
export function tokenPart(value: string | number): string {
  return foldText(String(value)).replace(/[^a-z0-9]/g, '');
}
