import { AppError } from '../../shared/api/errors';
import type { DocumentSummary } from '../../shared/api/documents';
import type { Actor } from '../api/context';
import type { DocumentsContext } from './context';
import type { DocumentRow } from './repository';
import { vnYear } from './time';
import { summaries } from './views';

// documents.list with keyset (cursor) paging. A page is a range walk over an index that starts
// with the most selective equality filter, then the sort key and id (migration 007), so the first
// page and a page a million rows deep cost the same. Offsets still work (a scrollbar dragged far
// away has no neighbouring page to take a cursor from); they skip index entries, not table rows.

export type ListSort = 'date' | 'number';

export interface ListFilters {
  direction?: 'incoming' | 'outgoing';
  registerId?: number;
  year?: number;
  typeCode?: string;
  issuer?: string;
  dateFrom?: string;
  dateTo?: string;
  status?: string;
  handlerId?: number;
  urgency?: string;
  confidentiality?: string;
  sort?: ListSort;
  order: 'asc' | 'desc';
  limit: number;
  /** Without a cursor: rows to skip. With one: the index of the first row asked for (for the total). */
  offset: number;
  /** Rows after this row in the list order. */
  after?: string;
  /** Rows before this row (returned in list order). */
  before?: string;
  /** Jump (sort 'number'): start at this arrival/issue number of `atYear` (this year when left out). */
  atNumber?: number;
  atYear?: number;
  /** Count the rows after the page (up to COUNT_WINDOW) for the total; false: only say whether there are more. */
  count?: boolean;
}

export interface ListPage {
  documents: DocumentSummary[];
  total: number;
  totalCapped: boolean;
  /** Index of the first row in the whole list. */
  position: number;
  startCursor: string | null;
  endCursor: string | null;
  hasMore: boolean;
}

/** Matches counted past the requested page before the total is reported as a lower bound. */
export const COUNT_WINDOW = 10_000;

/** The sort keys, written exactly as the indexes of migration 007 write them. */
const KEY: Record<ListSort, string> = {
  date: "ifnull(d.date_issued, '')",
  number: 'd.year * 10000000 + ifnull(d.arrival_number, ifnull(d.number, 0))',
};
const NUMBER_SPAN = 10_000_000;

interface Cursor {
  key: string | number;
  id: number;
}

export function encodeCursor(sort: ListSort, key: string | number, id: number): string {
  return Buffer.from(JSON.stringify([sort, key, id])).toString('base64url');
}

function decodeCursor(sort: ListSort, text: string): Cursor {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    v = null;
  }
  const ok = Array.isArray(v) && v.length === 3 && v[0] === sort && (typeof v[1] === 'string' || typeof v[1] === 'number') && Number.isInteger(v[2]);
  if (!ok) throw new AppError('VALIDATION', 'The list position is not valid for this order; reload the list from the top.', { fields: [{ path: 'after', code: 'cursor.invalid', message: 'not a cursor of this list order' }] });
  return { key: (v as [string, string | number, number])[1], id: (v as [string, string | number, number])[2] };
}

const COMMON_STATUSES = new Set(['completed', 'filed', 'released']);
const indexNames = new WeakMap<object, Set<string>>();

/**
 * The index (migration 007) whose leading equality column is the most selective filter given (a
 * rough order: a handler's documents, the rare confidentiality, status and urgency values, a type,
 * a common status, a register). Null when the profile lacks it (then SQLite chooses).
 */
function indexFor(ctx: DocumentsContext, f: ListFilters, sort: ListSort): string | null {
  const rare = (v: string | undefined) => v !== undefined && v !== 'normal';
  // Number order (the register book) has only the plain and the per-register index; the other
  // filters are checked in their entries while walking it.
  const prefix =
    sort === 'number' ? (f.registerId !== undefined ? 'register' : null)
    : f.handlerId !== undefined ? 'handler'
    : rare(f.confidentiality) ? 'confidentiality'
    : f.status !== undefined && !COMMON_STATUSES.has(f.status) ? 'status'
    : rare(f.urgency) ? 'urgency'
    : f.typeCode !== undefined ? 'type'
    : f.status !== undefined ? 'status'
    : f.registerId !== undefined ? 'register'
    : null;
  const name = prefix ? `documents_${prefix}_by_${sort}` : `documents_by_${sort}`;
  let names = indexNames.get(ctx.db);
  if (!names) indexNames.set(ctx.db, (names = new Set(ctx.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'documents'").pluck().all() as string[])));
  return names.has(name) ? name : null;
}

/**
 * Visible rows matching `conds`, counted in two walks: the ordinary documents everyone may see by
 * a test on the index entry alone, and the few others (confidential) through the full visibility
 * clause — evaluating that clause on every entry is most of the cost of a large count.
 */
function countVisible(ctx: DocumentsContext, actor: Actor, from: string, conds: string[], visSql: string, params: Record<string, unknown>): number {
  const where = conds.length ? conds.join(' AND ') : '1';
  if (actor.kind === 'system') return ctx.repo.sql(`SELECT count(*) FROM ${from} WHERE ${where}`).pluck().get(params) as number;
  const secret = (ctx.repo.sql('SELECT id FROM registers WHERE confidential = 1').pluck().all() as number[]).map((n) => Math.trunc(n));
  const ordinary = `d.confidentiality = 'normal' AND ${secret.length ? `(d.register_id IS NULL OR d.register_id NOT IN (${secret.join(', ')}))` : '1'}`;
  const open = ctx.repo.sql(`SELECT count(*) FROM ${from} WHERE ${where} AND ${ordinary}`).pluck().get(params) as number;
  const restricted = ctx.repo.sql(`SELECT count(*) FROM ${from} WHERE ${where} AND NOT (${ordinary}) AND ${visSql}`).pluck().get(params) as number;
  return open + restricted;
}

export function listDocuments(ctx: DocumentsContext, actor: Actor, f: ListFilters): ListPage {
  const sort = f.sort ?? 'date';
  const key = KEY[sort];
  const vis = ctx.visibility(actor);
  const where = [vis.sql];
  const params: Record<string, unknown> = { ...vis.params };
  const eq = (col: string, name: string, v: unknown) => {
    if (v === undefined) return;
    where.push(`d.${col} = @${name}`);
    params[name] = v;
  };
  // A register holds documents of its own direction only (registration checks it), and its indexes
  // do not carry the direction: with a register of the right direction the filter is redundant, and
  // testing it would read every walked row from the table.
  const registerDirection = f.registerId !== undefined ? ctx.repo.register(f.registerId)?.direction : undefined;
  if (registerDirection === undefined || registerDirection !== f.direction) eq('direction', 'direction', f.direction);
  eq('register_id', 'registerId', f.registerId);
  eq('type_code', 'typeCode', f.typeCode);
  eq('status', 'status', f.status);
  eq('handler_id', 'handlerId', f.handlerId);
  eq('urgency', 'urgency', f.urgency);
  eq('confidentiality', 'confidentiality', f.confidentiality);
  if (f.year !== undefined) {
    // In number order the year is the high part of the key: a range on the index, not a filter.
    if (sort === 'number') {
      where.push(`${key} >= @yearLow AND ${key} < @yearHigh`);
      Object.assign(params, { yearLow: f.year * NUMBER_SPAN, yearHigh: (f.year + 1) * NUMBER_SPAN });
    } else eq('year', 'year', f.year);
  }
  if (f.issuer) {
    where.push(`(d.issuer_name LIKE @issuerLike ESCAPE '\\' OR d.issuer_short = @issuer OR d.issuer_code = @issuer)`);
    params.issuer = f.issuer.trim();
    params.issuerLike = `%${f.issuer.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  const dateCol = sort === 'date' ? KEY.date : 'd.date_issued';
  if (f.dateFrom) {
    where.push(`${dateCol} >= @dateFrom`);
    params.dateFrom = f.dateFrom;
  }
  if (f.dateTo) {
    where.push(`${dateCol} <= @dateTo`);
    params.dateTo = f.dateTo;
  }
  // The partial indexes (rare urgency and confidentiality values) apply only when the query says so.
  if (f.urgency !== undefined && f.urgency !== 'normal') where.push("d.urgency != 'normal'");
  if (f.confidentiality !== undefined && f.confidentiality !== 'normal') where.push("d.confidentiality != 'normal'");
  const base = where.join(' AND ');
  const filters = where.slice(1);
  const index = indexFor(ctx, f, sort);
  const from = `documents d${index ? ` INDEXED BY ${index}` : ''}`;
  const desc = f.order !== 'asc';
  const ord = (reverse: boolean) => (desc !== reverse ? `${key} DESC, d.id DESC` : `${key} ASC, d.id ASC`);
  // "Comes after c in this order": the first term is a range the index seeks to, the second breaks ties.
  const beyond = (c: Cursor, forward: boolean, p: string) => {
    params[`${p}k`] = c.key;
    params[`${p}i`] = c.id;
    const later = desc === forward;
    return later ? `${key} <= @${p}k AND (${key} < @${p}k OR d.id < @${p}i)` : `${key} >= @${p}k AND (${key} > @${p}k OR d.id > @${p}i)`;
  };
  const sql = (conds: string[], reverse: boolean, tail: string) => `SELECT d.*, ${key} AS __key FROM ${from} WHERE ${[base, ...conds].join(' AND ')} ORDER BY ${ord(reverse)} ${tail}`;
  const take = f.limit + 1;
  type Row = DocumentRow & { __key: string | number };
  let rows: Row[];
  let position = f.offset;
  let hasMore: boolean;

  if (f.after !== undefined || f.before !== undefined || f.atNumber !== undefined) {
    const conds: string[] = [];
    if (f.atNumber !== undefined) {
      if (sort !== 'number') throw new AppError('VALIDATION', 'Jumping to a number needs the list in number order.', { fields: [{ path: 'atNumber', code: 'sort.number', message: 'use sort: number' }] });
      const year = f.atYear ?? f.year ?? vnYear(ctx.deps.now());
      // The row with that number, or where it would be: inclusive, unlike a cursor.
      params.atKey = year * NUMBER_SPAN + f.atNumber;
      conds.push(desc ? `${key} <= @atKey` : `${key} >= @atKey`);
      position = countVisible(ctx, actor, from, [...filters, desc ? `${key} > @atKey` : `${key} < @atKey`], vis.sql, params);
    }
    if (f.after !== undefined) conds.push(beyond(decodeCursor(sort, f.after), true, 'a'));
    if (f.before !== undefined) {
      conds.push(beyond(decodeCursor(sort, f.before), false, 'b'));
      // Walk backwards from the cursor, then put the rows back in list order.
      const back = ctx.repo.sql(sql(conds, true, 'LIMIT @__limit')).all({ ...params, __limit: f.limit }) as Row[];
      rows = back.reverse();
      hasMore = true; // the cursor row itself follows
    } else {
      rows = ctx.repo.sql(sql(conds, false, 'LIMIT @__take')).all({ ...params, __take: take }) as Row[];
      hasMore = rows.length > f.limit;
      rows = rows.slice(0, f.limit);
    }
  } else {
    rows = ctx.repo.sql(sql([], false, 'LIMIT @__take OFFSET @__offset')).all({ ...params, __take: take, __offset: f.offset }) as Row[];
    hasMore = rows.length > f.limit;
    rows = rows.slice(0, f.limit);
  }

  const last = rows[rows.length - 1];
  const first = rows[0];
  let total = position + rows.length;
  let totalCapped = hasMore;
  if (f.count !== false) {
    if (rows.length === 0 && position > 0 && f.after === undefined && f.before === undefined) {
      // Past the end of the list: count it (rare, and bounded by the window past the offset).
      const window = position + COUNT_WINDOW;
      total = ctx.repo.sql(`SELECT count(*) FROM (SELECT 1 FROM ${from} WHERE ${base} LIMIT @__window)`).pluck().get({ ...params, __window: window }) as number;
      totalCapped = total >= window;
    } else if (hasMore && last) {
      // Count a window past the page, starting at its last row: the cost does not grow with depth.
      const after = beyond({ key: last.__key, id: last.id }, true, 'w');
      const rest = ctx.repo.sql(`SELECT count(*) FROM (SELECT 1 FROM ${from} WHERE ${base} AND ${after} ORDER BY ${ord(false)} LIMIT @__window)`).pluck().get({ ...params, __window: COUNT_WINDOW }) as number;
      total += rest;
      totalCapped = rest >= COUNT_WINDOW;
    }
  }
  return {
    documents: summaries(ctx, rows),
    total,
    totalCapped,
    position,
    startCursor: first ? encodeCursor(sort, first.__key, first.id) : null,
    endCursor: last ? encodeCursor(sort, last.__key, last.id) : null,
    hasMore,
  };
}
