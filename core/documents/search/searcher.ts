import type { Database, Statement } from 'better-sqlite3';
import { buildExpression, parseQuery, textExpression, type ParsedQuery } from './query';
import { matchersFor, type ClauseMatcher } from './matcher';
import { countWords, foldForScan } from './normalize';
import type { Clause } from './query';
import { docIdOfRowid, rowidRange, TAG } from './tags';
import { highlightAll, snippet, type Segment } from './snippet';
import { TermStats } from './termStats';
import { MatchCounter } from './counter';

// Runs searches. Date order reads the FTS index by rowid (which follows the date) and stops after
// the page; the total is counted in C window by window within a time budget and estimated from a
// sample beyond it (counter.ts). Relevance scores a bounded candidate set (newest subject matches
// plus newest matches anywhere) with BM25-style weights, IDF from cached fts5vocab counts and term
// counts taken from the text.

const SUBJECT_CANDIDATES = 200;
const SUBJECT_QUERY_MAX_WORDS = 2;
/**
 * Looking for subject matches stops after this long: words common in bodies but rare together in
 * subjects make FTS5 check the columns of most documents (150 ms at a million for "chuyen doi so").
 */
const SUBJECT_BUDGET_MS = 15;
const ANY_CANDIDATES = 300;
/** Characters of the body read for scoring: enough for term counts, bounded reading per candidate. */
const BODY_SCORE_CHARS = 2000;
const SUBJECT_WEIGHT = 3;
/**
 * Characters of the body a snippet is looked for in: a page of 20 hits with long attachments
 * (hundreds of pages of text) would otherwise fold and scan megabytes per query. A match further on
 * still finds the document; its snippet then shows the beginning.
 */
const SNIPPET_SCAN_CHARS = 50_000;

export interface SearchFilters {
  direction?: string;
  registerId?: number;
  typeCode?: string;
  issuerCode?: string;
  status?: string;
  handlerId?: number;
  urgency?: string;
  confidentiality?: string;
  /** Inclusive YYYY-MM-DD bounds on the document date (arrival for incoming, issue for outgoing). */
  dateFrom?: string;
  dateTo?: string;
}

export type SearchSort = 'date_desc' | 'date_asc' | 'relevance';

export interface SearchRequest {
  text: string;
  filters: SearchFilters;
  sort: SearchSort;
  offset: number;
  limit: number;
}

/** null: the caller may see every document; otherwise the visibility tokens that admit a document. */
export type Visibility = readonly string[] | null;

export interface SearchHit {
  id: number;
  direction: string;
  registerId: number | null;
  numberNotation: string | null;
  arrivalNumber: number | null;
  typeCode: string;
  subject: string;
  issuerName: string;
  date: string | null;
  status: string;
  urgency: string;
  confidentiality: string;
  subjectHighlight: Segment[];
  snippet: Segment[];
  score: number | null;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Exact unless `totalIsEstimate`: then estimated from a sample ("about N"). */
  total: number;
  totalIsEstimate: boolean;
  tookMs: number;
}

interface HitRow {
  id: number;
  direction: string;
  register_id: number | null;
  number_notation: string | null;
  arrival_number: number | null;
  type_code: string;
  subject: string;
  issuer_name: string;
  date_issued: string | null;
  arrival_at: string | null;
  status: string;
  urgency: string;
  confidentiality: string;
  signer: string;
  body: string;
}

/** Deeper pages of a relevance ranking need proportionally more candidates. */
function candidateScale(needed: number): number {
  return Math.max(1, Math.ceil(needed / 20));
}

export function filterGroups(f: SearchFilters, visibility: Visibility): string[][] {
  const g: string[][] = [];
  if (f.registerId !== undefined) g.push([TAG.register(f.registerId)]);
  if (f.handlerId !== undefined) g.push([TAG.handler(f.handlerId)]);
  if (f.issuerCode) g.push([TAG.issuer(f.issuerCode)]);
  if (f.typeCode) g.push([TAG.type(f.typeCode)]);
  if (f.status) g.push([TAG.status(f.status)]);
  if (f.urgency) g.push([TAG.urgency(f.urgency)]);
  if (f.confidentiality) g.push([TAG.confidentiality(f.confidentiality)]);
  if (f.direction) g.push([TAG.direction(f.direction)]);
  if (visibility) g.push([...visibility]);
  return g;
}

export class Searcher {
  private readonly stats: TermStats;
  private readonly pageDesc: Statement;
  private readonly pageAsc: Statement;
  private readonly countAll: Statement;
  private readonly counter: MatchCounter;

  constructor(private readonly db: Database) {
    this.stats = new TermStats(db);
    const match = 'search_fts MATCH ? AND rowid BETWEEN ? AND ?';
    this.pageDesc = db.prepare(`SELECT rowid FROM search_fts WHERE ${match} ORDER BY rowid DESC LIMIT ? OFFSET ?`).pluck();
    this.pageAsc = db.prepare(`SELECT rowid FROM search_fts WHERE ${match} ORDER BY rowid ASC LIMIT ? OFFSET ?`).pluck();
    this.countAll = db.prepare(`SELECT count(*) FROM search_fts WHERE ${match}`).pluck();
    this.counter = new MatchCounter(db);
  }

  /** The index changed (a document was indexed or removed). */
  noteChange(): void {
    this.counter.noteChange();
  }

  /** Takes the per-day document counts now (~200 ms at a million documents) rather than in the first search. */
  warm(): void {
    this.counter.dayCounts();
  }

  get termStats(): TermStats {
    return this.stats;
  }

  private plan(req: Pick<SearchRequest, 'text' | 'filters'>, visibility: Visibility) {
    const parsed = parseQuery(req.text);
    const groups = filterGroups(req.filters, visibility);
    const range = rowidRange(req.filters.dateFrom, req.filters.dateTo);
    return { parsed, groups, range, expr: buildExpression(textExpression(parsed), groups) };
  }

  search(req: SearchRequest, visibility: Visibility): SearchResult {
    const t0 = performance.now();
    const { parsed, groups, range, expr } = this.plan(req, visibility);
    const relevance = req.sort === 'relevance' && parsed.positive.length > 0;
    const needed = req.offset + req.limit;
    let ids: number[];
    let scores: Map<number, number> | null = null;
    // A first read that comes back short of what it asked for has seen every match: that is the total.
    let seenAll: number | null = null;
    const keep = relevance ? ANY_CANDIDATES * candidateScale(needed) : needed;
    // A prefix is expanded by FTS5 before the first row, on every statement: one walk gives the
    // page (or the relevance candidates) and the count.
    const prefix = parsed.positive.some((c) => c.prefix);
    const walked = prefix ? this.counter.walk(this.pageDesc.iterate(expr, range.min, range.max, -1, 0) as IterableIterator<number>, range, req.sort === 'date_asc' ? 0 : keep) : null;
    if (relevance) {
      const newest = walked ? walked.newest : (this.pageDesc.all(expr, range.min, range.max, keep, 0) as number[]);
      if (newest.length < keep) seenAll = newest.length;
      const ranked = this.rankByRelevance(parsed, groups, range, needed, newest);
      ids = ranked.slice(req.offset, needed).map((r) => r.id);
      scores = new Map(ranked.map((r) => [r.id, r.score]));
    } else {
      const rowids = walked && req.sort !== 'date_asc'
        ? walked.newest.slice(req.offset, needed)
        : ((req.sort === 'date_asc' ? this.pageAsc : this.pageDesc).all(expr, range.min, range.max, req.limit, req.offset) as number[]);
      if (rowids.length < req.limit && (rowids.length > 0 || req.offset === 0)) seenAll = req.offset + rowids.length;
      ids = rowids.map(docIdOfRowid);
    }
    const count = walked ?? (seenAll !== null ? { total: seenAll, estimated: false } : this.counter.count(expr, range));
    const hits = this.hydrate(ids, parsed, scores);
    return { hits, total: count.total, totalIsEstimate: count.estimated, tookMs: Math.round((performance.now() - t0) * 10) / 10 };
  }

  countExact(req: Pick<SearchRequest, 'text' | 'filters'>, visibility: Visibility): number {
    const { range, expr } = this.plan(req, visibility);
    return this.countAll.get(expr, range.min, range.max) as number;
  }

  /** Candidates newest-first from the subject and from anywhere, scored; best first. */
  private rankByRelevance(
    parsed: ParsedQuery,
    groups: string[][],
    range: { min: bigint; max: bigint },
    needed: number,
    anyCandidates: readonly number[],
  ): { id: number; score: number; rowid: number }[] {
    const subjectExpr = buildExpression(textExpression(parsed, 'subject'), groups);
    const scale = candidateScale(needed);
    // A subject-only match needs FTS5 to check the column of every document holding the words
    // anywhere; with phrases or many common words that is most of the index (300 ms at a million
    // documents when few subjects match), so those queries rank the newest matches anywhere only.
    const subjectQuery = parsed.positive.length <= SUBJECT_QUERY_MAX_WORDS && parsed.positive.every((c) => c.words.length === 1);
    const cand = new Set<number>(subjectQuery ? this.newestWithin(subjectExpr, range, SUBJECT_CANDIDATES * scale, SUBJECT_BUDGET_MS) : []);
    for (const r of anyCandidates) cand.add(r);
    const rowids = [...cand];
    if (rowids.length === 0) return [];
    const idf = parsed.positive.map((c) => c.words.reduce((s, w) => s + this.stats.idf(w.exact ?? w.folded, w.exact ? 'x' : 'folded'), 0));
    const texts = this.loadTexts(rowids.map(docIdOfRowid));
    const avgLen = this.stats.averageBodyLength();
    const scored = rowids.map((rowid) => {
      const id = docIdOfRowid(rowid);
      const t = texts.get(id);
      return { id, rowid, score: t ? scoreDocument(t.meta, t.body, parsed.positive, idf, avgLen) : 0 };
    });
    scored.sort((a, b) => b.score - a.score || b.rowid - a.rowid);
    return scored;
  }

  /**
   * Up to `limit` newest matches, fewer if finding them takes longer than `budgetMs`: read window
   * by window (counter.ts), because FTS5 cannot be stopped inside one statement that finds nothing for a long time.
   */
  private newestWithin(expr: string, range: { min: bigint; max: bigint }, limit: number, budgetMs: number): number[] {
    const deadline = performance.now() + budgetMs;
    const out: number[] = [];
    for (const w of this.counter.windowsOf(range)) {
      for (const r of this.pageDesc.all(expr, w.min, w.max, limit - out.length, 0) as number[]) out.push(r);
      if (out.length >= limit || performance.now() > deadline) break;
    }
    return out;
  }

  private loadTexts(ids: number[]): Map<number, { meta: string; body: string }> {
    const out = new Map<number, { meta: string; body: string }>();
    const stmt = this.db.prepare(
      `SELECT d.id, d.subject, d.number_notation, d.issuer_name, d.signer, substr(s.body, 1, ${BODY_SCORE_CHARS}) AS body
         FROM documents d JOIN search_docs s ON s.doc_id = d.id WHERE d.id IN (SELECT value FROM json_each(?))`,
    );
    for (const r of stmt.all(JSON.stringify(ids)) as { id: number; subject: string; number_notation: string | null; issuer_name: string; signer: string; body: string }[]) {
      out.set(r.id, { meta: [r.subject, r.number_notation ?? '', r.issuer_name, r.signer].join(' \n '), body: r.body });
    }
    return out;
  }

  private hydrate(ids: number[], parsed: ParsedQuery, scores: Map<number, number> | null): SearchHit[] {
    if (ids.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT d.id, d.direction, d.register_id, d.number_notation, d.arrival_number, d.type_code, d.subject, d.issuer_name, d.date_issued,
                d.arrival_at, d.status, d.urgency, d.confidentiality, d.signer, substr(coalesce(s.body, ''), 1, ${SNIPPET_SCAN_CHARS}) AS body
           FROM documents d LEFT JOIN search_docs s ON s.doc_id = d.id WHERE d.id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(ids)) as HitRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const matchers: ClauseMatcher[] = matchersFor(parsed.positive);
    const out: SearchHit[] = [];
    for (const id of ids) {
      const r = byId.get(id);
      if (!r) continue;
      out.push({
        id: r.id,
        direction: r.direction,
        registerId: r.register_id,
        numberNotation: r.number_notation,
        arrivalNumber: r.arrival_number,
        typeCode: r.type_code,
        subject: r.subject,
        issuerName: r.issuer_name,
        date: r.direction === 'incoming' ? (r.arrival_at ?? r.date_issued) : r.date_issued,
        status: r.status,
        urgency: r.urgency,
        confidentiality: r.confidentiality,
        subjectHighlight: matchers.length ? highlightAll(r.subject, matchers) : [{ text: r.subject, match: false }],
        snippet: r.body ? snippet(r.body, matchers) : [],
        score: scores ? Math.round((scores.get(id) ?? 0) * 1000) / 1000 : null,
      });
    }
    return out;
  }
}

/**
 * BM25-style: saturating term counts, body length normalised, subject (and notation/issuer) weighted
 * up. Counts are taken on the folded text with indexOf (the document already matched exactly in
 * the index; scoring does not need to re-check diacritics).
 */
export function scoreDocument(meta: string, body: string, clauses: readonly Clause[], idf: readonly number[], avgBodyLength: number): number {
  const k1 = 1.2;
  const b = 0.75;
  const metaScan = foldForScan(meta);
  const bodyScan = foldForScan(body);
  const lenNorm = 1 - b + (b * Math.min(body.length, BODY_SCORE_CHARS)) / Math.max(1, Math.min(avgBodyLength, BODY_SCORE_CHARS));
  const sat = (tf: number, norm: number) => (tf * (k1 + 1)) / (tf + k1 * norm);
  let score = 0;
  clauses.forEach((c, i) => {
    const needle = c.words.map((w) => w.folded).join(' ');
    score += idf[i]! * (SUBJECT_WEIGHT * sat(countWords(metaScan, needle, c.prefix), 1) + sat(countWords(bodyScan, needle, c.prefix), lenNorm));
  });
  return score;
}
