import type { Database, Statement } from 'better-sqlite3';

// Document frequencies for relevance scoring. Counting a common word's documents through
// fts5vocab walks its whole doclist (stock bm25 does that on every query: 1.6 s at a million
// documents), so counts are cached in search_term_stats and recomputed only after the index
// has grown or shrunk by REFRESH_RATIO.

const REFRESH_RATIO = 1.2;

/** Reads an SQLite varint (as FTS5 stores its averages record). */
function readVarint(buf: Uint8Array, pos: number): { value: number; next: number } {
  let value = 0;
  for (let i = 0; i < 8; i++) {
    const byte = buf[pos + i] ?? 0;
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return { value, next: pos + i + 1 };
  }
  return { value: value * 256 + (buf[pos + 8] ?? 0), next: pos + 9 };
}

export class TermStats {
  private readonly vocabDocs: Statement;
  private readonly cachedGet: Statement;
  private readonly cachedPut: Statement;
  private readonly averages: Statement;
  private readonly memo = new Map<string, number>();
  private avgBody: number | null = null;

  constructor(private readonly db: Database) {
    this.vocabDocs = db.prepare('SELECT doc FROM search_vocab WHERE term = ?').pluck();
    this.cachedGet = db.prepare('SELECT docs, indexed_docs FROM search_term_stats WHERE term = ?');
    this.cachedPut = db.prepare('INSERT OR REPLACE INTO search_term_stats(term, docs, indexed_docs) VALUES (?, ?, ?)');
    // FTS5 keeps the row count and per-column token totals in record 1 of its data table.
    this.averages = db.prepare('SELECT block FROM search_fts_data WHERE id = 1').pluck();
  }

  /** Number of indexed documents (read from FTS5's own bookkeeping: no table scan). */
  indexedDocuments(): number {
    const blob = this.averages.get() as Uint8Array | undefined;
    if (!blob || blob.length === 0) return 0;
    return readVarint(blob, 0).value;
  }

  /** Number of documents containing a term (folded or exact form), cached. */
  documentFrequency(term: string): number {
    const n = this.indexedDocuments();
    const hit = this.memo.get(term);
    if (hit !== undefined) return hit;
    const cached = this.cachedGet.get(term) as { docs: number; indexed_docs: number } | undefined;
    if (cached && n <= cached.indexed_docs * REFRESH_RATIO && n * REFRESH_RATIO >= cached.indexed_docs) {
      this.memo.set(term, cached.docs);
      return cached.docs;
    }
    const docs = (this.vocabDocs.get(term) as number | undefined) ?? 0;
    try {
      this.cachedPut.run(term, docs, n);
    } catch {
      /* a read-only connection still scores, it just does not keep the count */
    }
    this.memo.set(term, docs);
    return docs;
  }

  /** BM25's idf, floored so very common words still count a little. */
  idf(term: string, _kind: 'folded' | 'x'): number {
    const n = Math.max(1, this.indexedDocuments());
    const df = this.documentFrequency(term);
    return Math.max(0.05, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
  }

  /** Average body length in characters, sampled from the newest documents once per service. */
  averageBodyLength(): number {
    if (this.avgBody === null) {
      const v = this.db.prepare('SELECT avg(length(body)) FROM (SELECT body FROM search_docs ORDER BY doc_id DESC LIMIT 1000)').pluck().get() as number | null;
      this.avgBody = v && v > 0 ? v : 1000;
    }
    return this.avgBody;
  }

  /** Forget in-memory counts (after bulk changes). */
  reset(): void {
    this.memo.clear();
    this.avgBody = null;
  }
}
