import { exactForm, foldText, splitWords } from './normalize';
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
  regex: RegExp;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function matchersFor(clauses: readonly Clause[]): ClauseMatcher[] {
  return clauses.map((clause) => {
    const body = clause.words.map((w) => escapeRe(w.folded)).join('[^\\p{L}\\p{N}]+');
    const tail = clause.prefix ? '[\\p{L}\\p{N}]*' : '(?![\\p{L}\\p{N}])';
    return { clause, regex: new RegExp(`(?<![\\p{L}\\p{N}])${body}${tail}`, 'gu') };
  });
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

/**
 * Every occurrence of every clause in `text`, in text order. `folded` may be passed when the
 * caller already has it (it must be foldText(text)).
 */
export function findSpans(text: string, matchers: readonly ClauseMatcher[], folded?: string, limitPerClause = 1000): Span[] {
  const nfc = text.normalize('NFC');
  const f = folded ?? foldText(nfc);
  const spans: Span[] = [];
  matchers.forEach((m, clause) => {
    m.regex.lastIndex = 0;
    let found = 0;
    let r: RegExpExecArray | null;
    while ((r = m.regex.exec(f)) && found < limitPerClause) {
      const start = r.index;
      const end = start + r[0].length;
      if (exactOk(m.clause, nfc.slice(start, end))) {
        spans.push({ start, end, clause });
        found++;
      }
    }
  });
  return spans.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** How often each clause occurs in `text` (used by relevance scoring). */
export function clauseCounts(text: string, matchers: readonly ClauseMatcher[], folded?: string): number[] {
  const counts = matchers.map(() => 0);
  for (const s of findSpans(text, matchers, folded, 50)) counts[s.clause]!++;
  return counts;
}
