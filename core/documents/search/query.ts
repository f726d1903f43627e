import { AppError } from '../../../shared/api/errors';
import { exactForm, foldText, hasDiacritics, splitWords } from './normalize';

// Turns what a user types into an FTS5 expression over the search_fts columns.
//   kế hoạch        → both words, anywhere (AND by default); with diacritics they must match exactly
//   ke hoach        → both words with or without diacritics
//   "kế hoạch"      → the phrase
//   1296/QĐ-UBND    → the notation as a phrase of its parts (1296 qđ ubnd), like FTS5 indexed it
//   chuyển*         → prefix
//   -thông          → without this word

export interface QueryWord {
  /** Lowercase, diacritic-free. */
  folded: string;
  /** Lowercase, canonical tones, when the user typed diacritics; null otherwise. */
  exact: string | null;
}

export interface Clause {
  /** One word, or several that must be adjacent (a quoted phrase or a notation). */
  words: QueryWord[];
  prefix: boolean;
  negated: boolean;
}

export interface ParsedQuery {
  positive: Clause[];
  negative: Clause[];
}

const MAX_CLAUSES = 16;

export function parseQuery(text: string): ParsedQuery {
  const positive: Clause[] = [];
  const negative: Clause[] = [];
  const chunk = /(-?)"([^"]*)"(\*?)|(\S+)/g;
  const src = text.normalize('NFC');
  let m: RegExpExecArray | null;
  while ((m = chunk.exec(src))) {
    let negated = false;
    let prefix = false;
    let body: string;
    if (m[2] !== undefined) {
      negated = m[1] === '-';
      prefix = m[3] === '*';
      body = m[2];
    } else {
      body = m[4] ?? '';
      if (body.startsWith('-') && body.length > 1) {
        negated = true;
        body = body.slice(1);
      }
      if (body.endsWith('*')) {
        prefix = true;
        body = body.replace(/\*+$/, '');
      }
    }
    const words = splitWords(body).map(toQueryWord);
    if (words.length === 0) continue;
    (negated ? negative : positive).push({ words, prefix, negated });
  }
  if (positive.length + negative.length > MAX_CLAUSES) {
    throw new AppError('VALIDATION', `The search has too many words (more than ${MAX_CLAUSES}); shorten it or use quotes for a phrase.`);
  }
  return { positive, negative };
}

function toQueryWord(word: string): QueryWord {
  return { folded: foldText(word), exact: hasDiacritics(word) ? exactForm(word) : null };
}

function quoted(words: readonly string[], prefix: boolean): string {
  // Words come from splitWords (letters and digits only), so they need no escaping.
  return `"${words.join(' ')}"${prefix ? '*' : ''}`;
}

/** Which text columns a clause must match in: everything, or the subject line only. */
export type Scope = 'all' | 'subject';

function clauseExpr(c: Clause, scope: Scope): string {
  const cols = scope === 'subject' ? 's' : '{s f}';
  const exact = c.words.map((w, i) => (w.exact ? `x : ${quoted([w.exact], c.prefix && i === c.words.length - 1)}` : null)).filter((e): e is string => e !== null);
  // One word with diacritics in any column: the exact column (which covers every text field) suffices.
  if (c.words.length === 1 && exact.length === 1 && scope === 'all') return exact[0]!;
  const folded = `${cols} : ${quoted(c.words.map((w) => w.folded), c.prefix)}`;
  return exact.length ? `(${[folded, ...exact].join(' AND ')})` : folded;
}

/** The text part of the FTS expression, or null when the query has no positive words. */
export function textExpression(q: ParsedQuery, scope: Scope = 'all'): string | null {
  if (q.positive.length === 0) {
    if (q.negative.length) throw new AppError('VALIDATION', 'Add at least one word to search for; a search cannot consist only of excluded (-) words.');
    return null;
  }
  let expr = q.positive.map((c) => clauseExpr(c, scope)).join(' AND ');
  if (q.negative.length) expr = `(${expr}) NOT (${q.negative.map((c) => clauseExpr(c, 'all')).join(' OR ')})`;
  return expr;
}

/** Single-token alternatives over the z column: `(z : a OR z : b)`. */
export function tokenExpression(tokens: readonly string[]): string {
  if (tokens.length === 1) return `z : ${tokens[0]}`;
  return `(${tokens.map((t) => `z : ${t}`).join(' OR ')})`;
}

/** Whole expression: text AND each filter group (each group is OR of alternatives). */
export function buildExpression(text: string | null, filterGroups: readonly (readonly string[])[]): string {
  const parts: string[] = [];
  if (text) parts.push(text.includes(' NOT ') ? `(${text})` : text);
  for (const g of filterGroups) if (g.length) parts.push(tokenExpression(g));
  if (parts.length === 0) parts.push('z : zdoc');
  return parts.join(' AND ');
}
