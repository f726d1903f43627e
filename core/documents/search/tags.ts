import { tagPart, tokenPart } from './normalize';

// Filter values live inside the FTS row as single rare tokens (column z) so FTS5 intersects their
// doclists with the words' doclists itself; joining the documents table per hit was the slow case
// (853 ms at a million documents). Dates are not tokens: the rowid encodes the date, so a date
// range is a rowid range.

const DAY_MS = 86_400_000;
const DOC_ID_SPAN = 2 ** 32;

/** Days since 1970-01-01 of a `YYYY-MM-DD…` string (0 for anything unparsable or earlier). */
export function dayNumber(date: string | null | undefined): number {
  if (!date || date.length < 10) return 0;
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  if (!y || !m || !d) return 0;
  return Math.max(0, Math.floor(Date.UTC(y, m - 1, d) / DAY_MS));
}

/** FTS rowid of a document: its sort date in the high part, its id in the low 32 bits. */
export function ftsRowid(sortDate: string | null | undefined, docId: number): number {
  return dayNumber(sortDate) * DOC_ID_SPAN + docId;
}

export function docIdOfRowid(rowid: number): number {
  return rowid % DOC_ID_SPAN;
}

/**
 * The rowid range covering documents dated from `from` to `to` inclusive (YYYY-MM-DD, either open).
 * BigInts because better-sqlite3 binds JS numbers as REAL, and FTS5 ignores a rowid bound that is not
 * an INTEGER: SQLite then checks the bound row by row after FTS5 has walked the whole doclist
 * (50–80 ms at a million documents instead of a seek).
 */
export function rowidRange(from?: string, to?: string): { min: bigint; max: bigint } {
  const min = from ? BigInt(dayNumber(from)) * BigInt(DOC_ID_SPAN) : 0n;
  const max = to ? BigInt(dayNumber(to) + 1) * BigInt(DOC_ID_SPAN) - 1n : BigInt(Number.MAX_SAFE_INTEGER);
  return { min, max };
}

/** What of a document the filter and visibility tokens are made from. */
export interface TaggedDocument {
  direction: string;
  registerId: number | null;
  typeCode: string;
  issuerCode: string;
  issuerShort: string;
  status: string;
  handlerId: number | null;
  urgency: string;
  confidentiality: string;
  /** Ordinary document in an ordinary register: every reader may see it (core/documents/access.ts). */
  visibleToAll: boolean;
  /** Users who may see a confidential document besides its register's keepers (may be left empty when visibleToAll). */
  involvedUserIds: readonly number[];
}

// Filter values come from small sets (types, statuses, issuers), so their tokens are remembered
// instead of normalised again for every document indexed.
const tagMemo = new Map<string, string>();
function memo(kind: string, value: string, make: (v: string) => string): string {
  const key = `${kind}\u0000${value}`;
  let t = tagMemo.get(key);
  if (t === undefined) {
    if (tagMemo.size >= 10_000) tagMemo.clear();
    t = make(value);
    tagMemo.set(key, t);
  }
  return t;
}

export const TAG = {
  any: 'zdoc',
  direction: (d: string) => memo('dir', d, (v) => `zdir${tagPart(v)}`),
  register: (id: number) => `zreg${id}`,
  type: (code: string) => memo('ty', code, (v) => `zty${tagPart(v)}`),
  issuer: (codeOrShort: string) => memo('iss', codeOrShort, (v) => `ziss${tokenPart(v)}`),
  status: (s: string) => memo('st', s, (v) => `zst${tagPart(v)}`),
  handler: (id: number) => `zh${id}`,
  urgency: (u: string) => memo('u', u, (v) => `zu${tagPart(v)}`),
  confidentiality: (c: string) => memo('c', c, (v) => `zc${tagPart(v)}`),
  /** Visible to every user who may read documents. */
  public: 'zpub',
  /** Visible to the keepers (clerks) and heads of this register. */
  registerKeepers: (id: number) => `zvr${id}`,
  /** Visible to this user (handler, leader, assignee, approver). */
  user: (id: number) => `zvu${id}`,
} as const;

export function tagsOf(d: TaggedDocument): string {
  const t: string[] = [TAG.any, TAG.direction(d.direction), TAG.type(d.typeCode), TAG.status(d.status), TAG.urgency(d.urgency), TAG.confidentiality(d.confidentiality)];
  if (d.registerId != null) t.push(TAG.register(d.registerId));
  const issuer = d.issuerCode || d.issuerShort;
  if (issuer) t.push(TAG.issuer(issuer));
  if (d.handlerId != null) t.push(TAG.handler(d.handlerId));
  if (d.visibleToAll) t.push(TAG.public);
  else {
    if (d.registerId != null) t.push(TAG.registerKeepers(d.registerId));
    for (const u of new Set(d.involvedUserIds)) t.push(TAG.user(u));
  }
  return t.join(' ');
}
