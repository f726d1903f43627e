import type { Database, Statement } from 'better-sqlite3';
import { TAG } from './tags';

// Totals for the first page. FTS5 counts in C at 40–650 ns per matching document, so an exact count
// of a common phrase at a million documents takes up to 650 ms. The range is therefore cut into
// windows of about WINDOW_DOCS documents (consecutive days); windows are counted newest first while
// a small time budget lasts (exact for most filtered or rare queries), then windows spread over the
// rest of the range are counted as a sample, and the windows not counted are estimated from the
// sample's share of matches per document ("about N"). Documents per day come from the index itself
// (`zdoc` grouped by day, ~200 ms once at a million documents, kept in memory and rebuilt after
// many changes).

const DOC_ID_SPAN = 2n ** 32n;
/** Time for counting windows exactly, newest first. */
export const EXACT_BUDGET_MS = 6;
/** Time for counting sample windows once the exact budget is spent. */
export const SAMPLE_BUDGET_MS = 4;
/**
 * Documents per window: small enough that the window counted when the time runs out costs little
 * (~1.5 ms for a common phrase), large enough that the per-statement seek does not dominate.
 */
export const WINDOW_DOCS = 2500;
/** A range of at most this many documents is always counted exactly (≤ 13 ms even for a common phrase). */
export const ALWAYS_EXACT_DOCS = 20_000;

export interface CountOutcome {
  total: number;
  /** True when part of the range was estimated from a sample: show "about N". */
  estimated: boolean;
}

export interface Window {
  min: bigint;
  max: bigint;
  /** Documents of every kind in the window. */
  docs: number;
  /** Outside the days counted: always counted, never estimated. */
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

export class MatchCounter {
  private readonly countIn: Statement;
  private readonly perDay: Statement;
  /** Days holding documents, ascending, and docs before each: cum[i] = documents on days[0 … i-1]. */
  private days: number[] | null = null;
  private cum: Float64Array = new Float64Array(1);
  private docsAtBuild = 0;
  private changes = 0;

  constructor(
    db: Database,
    /** Time for exact and for sample counting; windows sampled at least (whatever the time). */
    private readonly budget: { exactMs: number; sampleMs: number; minSamples?: number; windowDocs?: number; alwaysExactDocs?: number } = {
      exactMs: EXACT_BUDGET_MS,
      sampleMs: SAMPLE_BUDGET_MS,
    },
  ) {
    this.countIn = db.prepare('SELECT count(*) FROM search_fts WHERE search_fts MATCH ? AND rowid BETWEEN ? AND ?').pluck();
    // Per day: windows follow the documents (a date range, a walk's end and the newest, incomplete
    // month cut anywhere), and documents per day vary too much to share a month's count out evenly.
    this.perDay = db.prepare(`SELECT rowid >> 32 AS day, count(*) AS docs FROM search_fts WHERE search_fts MATCH 'z : ${TAG.any}' GROUP BY day ORDER BY day`);
  }

  /** A document was indexed, changed or removed: the counts drift until rebuilt. */
  noteChange(): void {
    this.changes++;
  }

  /** Documents per day of the whole index (rebuilt after changes worth 10% of it, or 1,000). */
  dayCounts(): void {
    if (this.days && this.changes <= Math.max(1000, this.docsAtBuild / 10)) return;
    const rows = this.perDay.all() as { day: number; docs: number }[];
    this.days = rows.map((r) => r.day);
    this.cum = new Float64Array(rows.length + 1);
    rows.forEach((r, i) => (this.cum[i + 1] = this.cum[i]! + r.docs));
    this.docsAtBuild = this.cum[rows.length]!;
    this.changes = 0;
  }

  /** Documents dated from day `lo` to day `hi`, inclusive. */
  private docsOnDays(lo: number, hi: number): number {
    const days = this.days ?? [];
    const firstAtOrAfter = (d: number) => {
      let a = 0;
      let b = days.length;
      while (a < b) {
        const m = (a + b) >> 1;
        if (days[m]! < d) a = m + 1;
        else b = m;
      }
      return a;
    };
    return hi < lo ? 0 : this.cum[firstAtOrAfter(hi + 1)]! - this.cum[firstAtOrAfter(lo)]!;
  }

  /**
   * The range cut into windows of about WINDOW_DOCS documents, newest first, covering it without
   * gaps. Rowids outside the days counted (documents dated after the counts were taken, or before
   * the oldest) fall into `edge` windows, always counted.
   */
  windowsOf(range: { min: bigint; max: bigint }): Window[] {
    this.dayCounts();
    const days = this.days!;
    if (days.length === 0) return [{ min: range.min, max: range.max, docs: 0, edge: true }];
    const lo = BigInt(days[0]!) * DOC_ID_SPAN;
    const hi = BigInt(days[days.length - 1]! + 1) * DOC_ID_SPAN;
    const out: Window[] = [];
    if (range.max >= hi) out.push({ min: range.min > hi ? range.min : hi, max: range.max, docs: 0, edge: true });
    const floor = range.min > lo ? range.min : lo;
    let top = range.max < hi - 1n ? range.max : hi - 1n;
    let docs = 0;
    for (let i = days.length - 1; i >= 0 && top >= floor; i--) {
      const dayMin = BigInt(days[i]!) * DOC_ID_SPAN;
      if (dayMin > top) continue;
      if (dayMin < floor) break;
      docs += this.cum[i + 1]! - this.cum[i]!;
      if (docs >= (this.budget.windowDocs ?? WINDOW_DOCS)) {
        out.push({ min: dayMin, max: top, docs, edge: false });
        top = dayMin - 1n;
        docs = 0;
      }
    }
    if (top >= floor) out.push({ min: floor, max: top, docs, edge: false });
    if (range.min < lo) out.push({ min: range.min, max: range.max < lo - 1n ? range.max : lo - 1n, docs: 0, edge: true });
    return out;
  }

  count(expr: string, range: { min: bigint; max: bigint }): CountOutcome {
    const start = performance.now();
    const countOf = (w: Window) => this.countIn.get(expr, w.min, w.max) as number;
    const windows = this.windowsOf(range);
    // Small stores and short date ranges: exact whatever the clock says (a busy machine must not
    // turn a count of 8,000 documents into an estimate).
    if (windows.reduce((s, w) => s + w.docs, 0) <= (this.budget.alwaysExactDocs ?? ALWAYS_EXACT_DOCS)) {
      return { total: this.countIn.get(expr, range.min, range.max) as number, estimated: false };
    }
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
   * prefix merged into one list, 40–100 ms for a common one), where a count per window would pay
   * that every window: walks the matches newest first, taking the first `keep` rowids, and counts
   * on for the time budget; the rest of the range is estimated from what was walked.
   */
  walk(rows: IterableIterator<number>, range: { min: bigint; max: bigint }, keep: number): { newest: number[] } & CountOutcome {
    this.dayCounts();
    const topDay = Number(range.max / DOC_ID_SPAN);
    const all = this.docsOnDays(Number(range.min / DOC_ID_SPAN), topDay);
    const small = all <= (this.budget.alwaysExactDocs ?? ALWAYS_EXACT_DOCS);
    const newest: number[] = [];
    let n = 0;
    let last = 0;
    let deadline = Infinity;
    for (const rowid of rows) {
      if (n === 0 && !small) deadline = performance.now() + this.budget.exactMs + this.budget.sampleMs;
      if (n < keep) newest.push(rowid);
      n++;
      last = rowid;
      // Reading the clock every row would cost more than the rows.
      if ((n & 255) === 0 && n >= keep && performance.now() > deadline) {
        const lastDay = dayOfRowid(last);
        // The day the walk stopped in counts half.
        const walked = this.docsOnDays(lastDay + 1, topDay) + this.docsOnDays(lastDay, lastDay) / 2;
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
