import type { Database, Statement } from 'better-sqlite3';
import { TAG } from './tags';

// Totals for the first page. FTS5 counts in C at 40–650 ns per matching document, so an exact count
// of a common phrase at a million documents takes up to 650 ms. The count is therefore taken month
// by month, newest first, while a small time budget lasts (exact for most filtered or rare
// queries); then months spread over the rest of the range are counted as a sample, and the months
// not counted are estimated from the sample's share of matches per document ("about N"). The
// number of documents per month comes from the index itself (a count of `zdoc` per month, ~40 ms
// at a million documents, kept in memory and rebuilt after many changes).

const DOC_ID_SPAN = 2n ** 32n;
const DAY_MS = 86_400_000;
/** Time for counting months exactly, newest first. */
export const EXACT_BUDGET_MS = 8;
/** Time for counting sample months once the exact budget is spent. */
export const SAMPLE_BUDGET_MS = 5;

export interface CountOutcome {
  total: number;
  /** True when part of the range was estimated from a sample: show "about N". */
  estimated: boolean;
}

interface Month {
  firstDay: number;
  /** Exclusive. */
  endDay: number;
  docs: number;
}

export interface Window {
  min: bigint;
  max: bigint;
  /** Documents of every kind in the window (estimated for a partly covered month). */
  docs: number;
  /** Outside the months counted: always counted, never estimated. */
  edge: boolean;
}

/** "About 769,497" reads as exact: keep two significant digits. */
export function roundEstimate(n: number): number {
  if (n < 100) return Math.round(n);
  const unit = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / unit) * unit;
}

/** 0, ½, ¼, ¾, ⅛ … of n, without repeats: samples spread over the whole range whenever they stop. */
export function spreadOrder(n: number): number[] {
  const out: number[] = [];
  const seen = new Uint8Array(n);
  for (let j = 0; out.length < n && j < 4 * n + 4; j++) {
    let f = 0;
    let half = 0.5;
    for (let k = j; k > 0; k >>= 1, half /= 2) if (k & 1) f += half;
    const i = Math.min(n - 1, Math.floor(f * n));
    if (!seen[i]) {
      seen[i] = 1;
      out.push(i);
    }
  }
  for (let i = 0; i < n; i++) if (!seen[i]) out.push(i);
  return out;
}

function dayOfRowid(rowid: number): number {
  return Math.floor(rowid / 2 ** 32);
}

function monthStart(day: number): number {
  const d = new Date(day * DAY_MS);
  return Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS);
}

function nextMonthStart(day: number): number {
  const d = new Date(day * DAY_MS);
  return Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY_MS);
}

export class MatchCounter {
  private readonly countIn: Statement;
  private readonly edge: { asc: Statement; desc: Statement };
  private months: Month[] | null = null;
  private docsAtBuild = 0;
  private changes = 0;

  constructor(
    db: Database,
    /** Time for exact and for sample counting; months sampled at least (whatever the time). */
    private readonly budget: { exactMs: number; sampleMs: number; minSamples?: number } = { exactMs: EXACT_BUDGET_MS, sampleMs: SAMPLE_BUDGET_MS },
  ) {
    this.countIn = db.prepare('SELECT count(*) FROM search_fts WHERE search_fts MATCH ? AND rowid BETWEEN ? AND ?').pluck();
    const edge = (order: string) => db.prepare(`SELECT rowid FROM search_fts WHERE search_fts MATCH '${`z : ${TAG.any}`}' ORDER BY rowid ${order} LIMIT 1`).pluck();
    this.edge = { asc: edge('ASC'), desc: edge('DESC') };
  }

  /** A document was indexed, changed or removed: the month counts drift until rebuilt. */
  noteChange(): void {
    this.changes++;
  }

  /** Documents per month of the whole index (rebuilt after changes worth 10% of it, or 1,000). */
  monthCounts(): Month[] {
    if (this.months && this.changes <= Math.max(1000, this.docsAtBuild / 10)) return this.months;
    const first = this.edge.asc.get() as number | undefined;
    const last = this.edge.desc.get() as number | undefined;
    const months: Month[] = [];
    if (first !== undefined && last !== undefined) {
      for (let day = monthStart(dayOfRowid(first)); day <= dayOfRowid(last); ) {
        const endDay = nextMonthStart(day);
        const docs = this.countIn.get(`z : ${TAG.any}`, BigInt(day) * DOC_ID_SPAN, BigInt(endDay) * DOC_ID_SPAN - 1n) as number;
        months.push({ firstDay: day, endDay, docs });
        day = endDay;
      }
    }
    this.months = months;
    this.docsAtBuild = months.reduce((s, m) => s + m.docs, 0);
    this.changes = 0;
    return months;
  }

  /**
   * The range cut into months, newest first. Rowids outside the known months (documents dated
   * after the counts were taken, or before the oldest) fall into `edge` windows, always counted.
   */
  windowsOf(range: { min: bigint; max: bigint }): Window[] {
    const months = this.monthCounts();
    if (months.length === 0) return [{ min: range.min, max: range.max, docs: 0, edge: true }];
    const out: Window[] = [];
    const lo = BigInt(months[0]!.firstDay) * DOC_ID_SPAN;
    const hi = BigInt(months[months.length - 1]!.endDay) * DOC_ID_SPAN;
    if (range.max >= hi) out.push({ min: range.min > hi ? range.min : hi, max: range.max, docs: 0, edge: true });
    for (let i = months.length - 1; i >= 0; i--) {
      const m = months[i]!;
      const mMin = BigInt(m.firstDay) * DOC_ID_SPAN;
      const mMax = BigInt(m.endDay) * DOC_ID_SPAN - 1n;
      if (mMax < range.min || mMin > range.max) continue;
      const min = mMin > range.min ? mMin : range.min;
      const max = mMax < range.max ? mMax : range.max;
      const days = m.endDay - m.firstDay;
      const coveredDays = Math.min(days, Number((max - min) / DOC_ID_SPAN) + 1);
      out.push({ min, max, docs: (m.docs * coveredDays) / days, edge: false });
    }
    if (range.min < lo) out.push({ min: range.min, max: range.max < lo - 1n ? range.max : lo - 1n, docs: 0, edge: true });
    return out;
  }

  count(expr: string, range: { min: bigint; max: bigint }): CountOutcome {
    const start = performance.now();
    const countOf = (w: Window) => this.countIn.get(expr, w.min, w.max) as number;
    const windows = this.windowsOf(range);
    let total = 0;
    const rest: Window[] = [];
    for (const w of windows) {
      if (w.edge || (rest.length === 0 && performance.now() - start <= this.budget.exactMs)) total += countOf(w);
      else rest.push(w);
    }
    if (rest.length === 0) return { total, estimated: false };

    const sampleEnd = performance.now() + this.budget.sampleMs;
    let sampledMatches = 0;
    let sampledDocs = 0;
    let unsampledDocs = rest.reduce((s, w) => s + w.docs, 0);
    let sampled = 0;
    for (const k of spreadOrder(rest.length)) {
      if (sampled >= (this.budget.minSamples ?? 1) && performance.now() > sampleEnd) break;
      const w = rest[k]!;
      const n = countOf(w);
      total += n;
      sampledMatches += n;
      sampledDocs += w.docs;
      unsampledDocs -= w.docs;
      sampled++;
    }
    if (sampled === rest.length) return { total, estimated: false };
    return { total: this.extrapolate(total, sampledMatches, sampledDocs, unsampledDocs), estimated: true };
  }

  /**
   * For expressions FTS5 evaluates all at once before the first row (prefixes: every word with the
   * prefix merged into one list, 40–100 ms for a common one), where a count per month would pay
   * that every month: walks the matches newest first, taking the first `keep` rowids, and counts
   * on for the time budget; the rest of the range is estimated from what was walked.
   */
  walk(rows: IterableIterator<number>, range: { min: bigint; max: bigint }, keep: number): { newest: number[] } & CountOutcome {
    const newest: number[] = [];
    let n = 0;
    let last = 0;
    let deadline = Infinity;
    for (const rowid of rows) {
      if (n === 0) deadline = performance.now() + this.budget.exactMs + this.budget.sampleMs;
      if (n < keep) newest.push(rowid);
      n++;
      last = rowid;
      // Reading the clock every row would cost more than the rows.
      if ((n & 255) === 0 && n >= keep && performance.now() > deadline) {
        const walked = this.windowsOf({ min: BigInt(last), max: range.max }).reduce((s, w) => s + w.docs, 0);
        const all = this.windowsOf(range).reduce((s, w) => s + w.docs, 0);
        return { newest, total: this.extrapolate(n, n, walked, all - walked), estimated: true };
      }
    }
    return { newest, total: n, estimated: false };
  }

  private extrapolate(counted: number, sampleMatches: number, sampleDocs: number, otherDocs: number): number {
    const estimate = counted + (sampleDocs > 0 ? (sampleMatches / sampleDocs) * Math.max(0, otherDocs) : 0);
    return Math.max(counted, roundEstimate(estimate));
  }
}
