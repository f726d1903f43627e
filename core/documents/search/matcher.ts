import { exactForm, foldText, isWordChar, splitWords } from './normalize';
import type { Clause } from './query';

// Finds where query clauses occur in a text, for highlighting and relevance scoring. Works on the
// folded text (same offsets as the NFC original) and checks words typed with diacritics against
// the original, so "số" does not highlight "sở".

export interface Span {
  start: number;
  end: number;
  clause: number;
}

export interface ClauseMatcher {
  clause: Clause;
  /** Folded words of the clause. */
  words: string[];
}

export function matchersFor(clauses: readonly Clause[]): ClauseMatcher[] {
  return clauses.map((clause) => ({ clause, words: clause.words.map((w) => w.folded) }));
}

function exactOk(clause: Clause, original: string): boolean {
  if (clause.words.every((w) => w.exact === null)) return true;
  const words = splitWords(exactForm(original));
  return clause.words.every((w, i) => {
    if (!w.exact) return true;
    const got = words[i] ?? '';
    return clause.prefix && i === clause.words.length - 1 ? got.startsWith(w.exact) : got === w.exact;
  });
}

// Word boundaries of the last text scanned, reused between calls (no per-word strings).
let starts = new Int32Array(4096);
let ends = new Int32Array(4096);

function scanWords(f: string): number {
  let n = 0;
  let start = -1;
  const len = f.length;
  for (let i = 0; i <= len; i++) {
    const word = i < len && isWordChar(f.charCodeAt(i));
    if (word) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (n === starts.length) {
        const s2 = new Int32Array(n * 2);
        s2.set(starts);
        starts = s2;
        const e2 = new Int32Array(n * 2);
        e2.set(ends);
        ends = e2;
      }
      starts[n] = start;
      ends[n] = i;
      n++;
      start = -1;
    }
  }
  return n;
}

/**
 * Every occurrence of every clause in `text`, in text order: word-by-word comparison on the folded
 * text (a regex per clause was ten times slower), then words typed with diacritics checked against
 * the original. `folded` may be passed when the caller already has foldText(text).
 */
export function findSpans(text: string, matchers: readonly ClauseMatcher[], folded?: string, limitPerClause = 1000): Span[] {
  const nfc = text.normalize('NFC');
  const f = folded ?? foldText(nfc);
  const n = scanWords(f);
  const spans: Span[] = [];
  const found = matchers.map(() => 0);
  for (let k = 0; k < n; k++) {
    const ws = starts[k]!;
    const wl = ends[k]! - ws;
    for (let c = 0; c < matchers.length; c++) {
      const m = matchers[c]!;
      if (found[c]! >= limitPerClause) continue;
      const last = m.words.length - 1;
      if (k + last >= n) continue;
      let ok = true;
      for (let j = 0; j <= last && ok; j++) {
        const w = m.words[j]!;
        const s0 = starts[k + j]!;
        const l0 = j === 0 ? wl : ends[k + j]! - s0;
        const prefix = m.clause.prefix && j === last;
        ok = (prefix ? l0 >= w.length : l0 === w.length) && f.startsWith(w, s0);
      }
      if (!ok) continue;
      const end = ends[k + last]!;
      if (exactOk(m.clause, nfc.slice(ws, end))) {
        spans.push({ start: ws, end, clause: c });
        found[c]!++;
      }
    }
  }
  return spans.sort((a, b) => a.start - b.start || b.end - a.end);
}
