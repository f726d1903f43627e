import fs from 'node:fs';
import type { Database, Statement } from 'better-sqlite3';
import type { Actor } from '../../api/context';
import type { AuditLog } from '../../audit/index';
import type { BlobStore } from '../../storage/blobs';
import type { DocumentIndexer } from '../indexer';
import { PdfTextExtractor, type ExtractionOutcome } from './extract/queue';
import { DocumentSource } from './source';
import { SearchWriter, type IndexableDocument } from './writer';
import { Searcher, type SearchRequest, type SearchResult, type Visibility } from './searcher';
import { TAG } from './tags';
import { SavedSearches } from './saved';

// The search module: keeps the index in step with documents (DocumentIndexer), extracts attachment
// text in a worker thread after the change has committed, and answers queries for an actor.

interface PendingAttachment {
  id: number;
  document_id: number;
  mime: string;
  sha256: string;
  file_name: string;
}

const TEXT_MIMES = new Set(['text/plain', 'application/xml']);

export class SearchService implements DocumentIndexer {
  readonly searcher: Searcher;
  readonly saved: SavedSearches;
  private readonly writer: SearchWriter;
  private readonly source: DocumentSource;
  private readonly extractor = new PdfTextExtractor();
  private readonly inFlight = new Set<number>();
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  private catchUpTimer: ReturnType<typeof setTimeout> | null = null;
  private pendingStmt: Statement | null = null;
  /** Pages extracted and time spent, for throughput reports. */
  readonly extractionStats = { files: 0, pages: 0, ms: 0, failed: 0 };

  constructor(
    private readonly db: Database,
    private readonly blobs: BlobStore,
    audit: AuditLog,
    now: () => Date,
  ) {
    this.writer = new SearchWriter(db);
    this.source = new DocumentSource(db);
    this.searcher = new Searcher(db);
    this.saved = new SavedSearches(db, audit, now);
  }

  /** DocumentIndexer: called at the end of a document change's transaction. */
  documentChanged(id: number): void {
    this.documentsChanged([id]);
  }

  /** DocumentIndexer: a whole change set (an import chunk) in one pass and one savepoint. */
  documentsChanged(ids: readonly number[]): void {
    if (this.closed || !this.db.open || ids.length === 0) return;
    this.searcher.noteChange();
    this.reindexMany(ids);
    this.enqueueExtraction(ids);
  }

  /** Re-reads the document and replaces its index row (or removes it when the document is gone). */
  reindex(id: number): void {
    this.reindexMany([id]);
  }

  private reindexMany(ids: readonly number[]): void {
    this.db.transaction(() => {
      const docs = this.source.loadMany(ids);
      const texts = this.source.attachmentTexts(ids);
      const present: { doc: IndexableDocument; body: string | null }[] = [];
      for (const id of ids) {
        const doc = docs.get(id);
        if (doc) present.push({ doc, body: texts.get(id) ?? null });
        else this.writer.remove(id);
      }
      this.writer.replaceMany(present);
    })();
  }

  /**
   * Indexes documents added after the newest indexed one (written while search was not listening,
   * e.g. before an upgrade or when the app stopped between commit and indexing) and re-queues
   * attachments still waiting for text after a crash. Cheap at a million documents: both are index
   * range reads. Returns how many.
   */
  catchUp(batch = 5000): { indexed: number; queued: number } {
    const missing = this.db
      .prepare('SELECT id FROM documents WHERE id > (SELECT coalesce(max(doc_id), 0) FROM search_docs) ORDER BY id LIMIT ?')
      .pluck()
      .all(batch) as number[];
    for (const id of missing) this.reindex(id);
    const docs = this.db.prepare("SELECT DISTINCT document_id FROM attachments WHERE extraction = 'pending'").pluck().all() as number[];
    this.enqueueExtraction(docs);
    if (missing.length) this.searcher.noteChange();
    this.searcher.warm();
    return { indexed: missing.length, queued: docs.length };
  }

  /**
   * Runs catchUp() once, `delayMs` after the profile opened (not during start-up, and not at all
   * if the profile closes first). The timer does not keep the process alive.
   */
  scheduleCatchUp(delayMs = 1000): void {
    if (this.catchUpTimer || this.closed) return;
    this.catchUpTimer = setTimeout(() => {
      if (this.closed || !this.db.open) return;
      try {
        this.catchUp();
      } catch (e) {
        console.warn(`[search] catching up on unindexed documents failed: ${e instanceof Error ? e.message : String(e)}; it is tried again next time the profile opens.`);
      }
    }, delayMs);
    this.catchUpTimer.unref();
  }

  private enqueueExtraction(documentIds: readonly number[]): void {
    if (documentIds.length === 0) return;
    // By document (its index), not by the partial index of every pending attachment in the profile.
    this.pendingStmt ??= this.db.prepare(
      "SELECT id, document_id, mime, sha256, file_name FROM attachments WHERE document_id IN (SELECT value FROM json_each(?)) AND +extraction = 'pending' ORDER BY document_id, id",
    );
    const pending = this.pendingStmt.all(JSON.stringify(documentIds)) as PendingAttachment[];
    for (const a of pending) {
      if (this.inFlight.has(a.id)) continue;
      this.inFlight.add(a.id);
      void this.extractOne(a)
        .catch((e: unknown) => this.markFailed(a, e))
        .finally(() => {
          this.inFlight.delete(a.id);
          if (this.inFlight.size === 0) for (const w of this.idleWaiters.splice(0)) w();
        });
    }
  }

  private async extractOne(a: PendingAttachment): Promise<void> {
    let outcome: ExtractionOutcome;
    const file = this.blobs.pathOf(a.sha256);
    if (a.mime === 'application/pdf' || a.file_name.toLowerCase().endsWith('.pdf')) {
      outcome = await this.extractor.extract(file);
    } else if (TEXT_MIMES.has(a.mime)) {
      const t0 = performance.now();
      const text = fs.readFileSync(file, 'utf8').normalize('NFC');
      outcome = { ok: true, text, pages: 1, ms: performance.now() - t0 };
    } else {
      outcome = { ok: false, pages: 0, reason: 'extract.unsupported', message: `Text of ${a.file_name} is not extracted (only PDF and plain text are).`, ms: 0 };
    }
    if (this.closed || !this.db.open) return;
    this.extractionStats.files++;
    this.extractionStats.pages += outcome.pages;
    this.extractionStats.ms += outcome.ms;
    if (!outcome.ok) this.extractionStats.failed++;
    this.db.transaction(() => {
      if (outcome.ok) {
        this.db
          .prepare('INSERT OR REPLACE INTO search_attachment_text(attachment_id, document_id, text, pages) VALUES (?, ?, ?, ?)')
          .run(a.id, a.document_id, outcome.text ?? '', outcome.pages);
        this.db.prepare("UPDATE attachments SET extraction = 'done', extraction_error = NULL WHERE id = ?").run(a.id);
      } else {
        this.db
          .prepare("UPDATE attachments SET extraction = 'failed', extraction_error = ?, warning = coalesce(warning, ?) WHERE id = ?")
          .run(outcome.message ?? outcome.reason ?? 'failed', outcome.reason ?? null, a.id);
      }
    })();
    if (outcome.ok) this.reindex(a.document_id);
  }

  /** Extraction broke outside the worker (blob missing, database busy): the attachment says so, the log says why. */
  private markFailed(a: PendingAttachment, e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    console.warn(`[search] text of attachment ${a.id} (${a.file_name}) was not extracted: ${message}`);
    if (this.closed || !this.db.open) return;
    try {
      this.db
        .prepare("UPDATE attachments SET extraction = 'failed', extraction_error = ?, warning = coalesce(warning, 'pdf.unreadable') WHERE id = ? AND extraction = 'pending'")
        .run(`text extraction failed: ${message}`, a.id);
    } catch {
      /* still pending: catchUp() queues it again when the profile next opens */
    }
  }

  /** Resolves when no attachment text is being extracted. */
  whenIdle(): Promise<void> {
    if (this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** The tokens that admit a document for this actor; null for the system (sees everything). Mirrors core/documents/access.ts. */
  visibilityFor(actor: Actor): Visibility {
    if (actor.kind === 'system') return null;
    const uid = actor.userId ?? -1;
    const tokens: string[] = [TAG.public, TAG.user(uid)];
    if (actor.roles.includes('clerk') || actor.roles.includes('leader')) {
      const kept = this.db.prepare('SELECT register_id FROM register_keepers WHERE user_id = ?').pluck().all(uid) as number[];
      for (const r of kept) tokens.push(TAG.registerKeepers(r));
    }
    return tokens;
  }

  query(actor: Actor, req: SearchRequest): SearchResult {
    return this.searcher.search(req, this.visibilityFor(actor));
  }

  countExact(actor: Actor, req: Pick<SearchRequest, 'text' | 'filters'>): number {
    return this.searcher.countExact(req, this.visibilityFor(actor));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.catchUpTimer) clearTimeout(this.catchUpTimer);
    await this.extractor.close();
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
