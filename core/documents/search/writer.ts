import type { Database, Statement } from 'better-sqlite3';
import { prepareText } from './normalize';
import { docIdOfRowid, ftsRowid, tagsOf, type TaggedDocument } from './tags';

// Writes FTS rows. Used one document at a time after each change (DocumentIndexer) and in bulk by
// the synthetic-store generator; both go through `toRow` so they index identically.

/** What the index needs from a document. */
export interface IndexableDocument extends TaggedDocument {
  id: number;
  /** Date the document sorts and filters by (YYYY-MM-DD…): arrival for incoming, issue date for outgoing. */
  sortDate: string | null;
  subject: string;
  numberNotation: string;
  issuerName: string;
  signer: string;
  /** Other short searchable metadata (recipients, notes). */
  extra: string;
}

export interface FtsRow {
  rowid: number;
  s: string;
  f: string;
  x: string;
  z: string;
}

export function toRow(doc: IndexableDocument, body: string): FtsRow {
  const meta = [doc.subject, doc.numberNotation, doc.issuerName, doc.signer, doc.extra].filter(Boolean).join(' \n ');
  const m = prepareText(meta);
  const b = body ? prepareText(body) : null;
  // Exact words of metadata and body in one column; a word in both is simply listed twice.
  const x = b && b.exactWords ? (m.exactWords ? `${m.exactWords} ${b.exactWords}` : b.exactWords) : m.exactWords;
  return { rowid: ftsRowid(doc.sortDate, doc.id), s: m.folded, f: b ? b.folded : '', x, z: tagsOf(doc) };
}

export class SearchWriter {
  private readonly insertFts: Statement;
  private readonly deleteFts: Statement;
  private readonly findRowid: Statement;
  private readonly upsertDoc: Statement;
  private readonly insertDoc: Statement;
  private readonly deleteDoc: Statement;
  private readonly previous: Statement;
  private readonly bodyStmt: Statement;
  private readonly newestIndexed: Statement;

  constructor(private readonly db: Database) {
    this.insertFts = db.prepare('INSERT INTO search_fts(rowid, s, f, x, z) VALUES (?, ?, ?, ?, ?)');
    this.deleteFts = db.prepare('DELETE FROM search_fts WHERE rowid = ?');
    this.findRowid = db.prepare('SELECT fts_rowid FROM search_docs WHERE doc_id = ?').pluck();
    this.upsertDoc = db.prepare(
      'INSERT INTO search_docs(doc_id, fts_rowid, body) VALUES (?, ?, ?) ON CONFLICT(doc_id) DO UPDATE SET fts_rowid = excluded.fts_rowid, body = excluded.body',
    );
    this.insertDoc = db.prepare('INSERT INTO search_docs(doc_id, fts_rowid, body) VALUES (?, ?, ?)');
    this.deleteDoc = db.prepare('DELETE FROM search_docs WHERE doc_id = ?');
    this.previous = db.prepare('SELECT fts_rowid AS rowid, body FROM search_docs WHERE doc_id = ?');
    this.newestIndexed = db.prepare('SELECT max(doc_id) FROM search_docs').pluck();
    this.bodyStmt = db.prepare('SELECT body FROM search_docs WHERE doc_id = ?').pluck();
  }

  /**
   * (Re)indexes a change set: old rows go first, then the new ones are inserted in rowid order, as
   * FTS5 writes its pending terms out as a segment whenever a rowid goes backwards. `body` null keeps
   * the text indexed before (metadata changed, no new attachment text). Call inside a transaction.
   */
  replaceMany(entries: readonly { doc: IndexableDocument; body: string | null }[]): void {
    const rows: { row: FtsRow; body: string; known: boolean }[] = [];
    // Documents newer than every indexed one (an import) have no old row to look up.
    const newest = entries.length > 1 ? ((this.newestIndexed.get() as number | null) ?? 0) : Infinity;
    for (const { doc, body } of entries) {
      const old = doc.id > newest ? undefined : (this.previous.get(doc.id) as { rowid: number; body: string } | undefined);
      if (old) this.deleteFts.run(old.rowid);
      const text = body ?? old?.body ?? '';
      rows.push({ row: toRow(doc, text), body: text, known: old !== undefined });
    }
    rows.sort((a, b) => a.row.rowid - b.row.rowid);
    for (const { row, body, known } of rows) {
      this.insertFts.run(row.rowid, row.s, row.f, row.x, row.z);
      const docId = docIdOfRowid(row.rowid);
      if (known) this.upsertDoc.run(docId, row.rowid, body);
      else this.insertDoc.run(docId, row.rowid, body);
    }
  }

  /** (Re)indexes one document, replacing its previous row. Call inside a transaction for atomicity. */
  replace(doc: IndexableDocument, body: string): void {
    this.replaceMany([{ doc, body }]);
  }

  /** Adds a document known not to be indexed yet (bulk import): no lookup of an old row. */
  insertNew(doc: IndexableDocument, body: string): void {
    const row = toRow(doc, body);
    this.insertFts.run(row.rowid, row.s, row.f, row.x, row.z);
    this.insertDoc.run(doc.id, row.rowid, body);
  }

  remove(docId: number): void {
    const old = this.findRowid.get(docId) as number | undefined;
    if (old === undefined) return;
    this.deleteFts.run(old);
    this.deleteDoc.run(docId);
  }

  /** The text searched for a document besides its metadata (kept across metadata re-indexing). */
  bodyOf(docId: number): string {
    return (this.bodyStmt.get(docId) as string | undefined) ?? '';
  }
}
