import type { Database } from 'better-sqlite3';
import { AppError } from '../../shared/api/errors';
import type { AppEvent } from '../../shared/api/contract';
import type { DocumentsSettings } from '../../shared/api/documents';
import type { Actor } from '../api/context';
import type { AuditLog } from '../audit/index';
import { IdentityRepository, type UserRow } from '../identity/repository';
import type { BlobStore } from '../storage/blobs';
import { visibilityClause } from './access';
import { notifyDocumentChanged, type DocumentIndexer } from './indexer';
import { DocumentsRepository, type DocumentRow } from './repository';

export const DEFAULT_DOCUMENTS_SETTINGS: DocumentsSettings = { maxAttachmentBytes: 50 * 1024 * 1024, maxForwardDepth: 2 };

export interface DocumentsDeps {
  db: Database;
  audit: AuditLog;
  blobs: BlobStore;
  now: () => Date;
  listeners: readonly DocumentIndexer[];
  emit?: (e: AppEvent) => void;
}

/** What every part of the documents module shares: storage, the clock, transactions, access. */
export class DocumentsContext {
  readonly db: Database;
  readonly repo: DocumentsRepository;
  readonly users: IdentityRepository;
  private depth = 0;
  private changed = new Set<number>();

  constructor(readonly deps: DocumentsDeps) {
    this.db = deps.db;
    this.repo = new DocumentsRepository(deps.db);
    this.users = new IdentityRepository(deps.db);
  }

  get audit(): AuditLog {
    return this.deps.audit;
  }

  nowIso(): string {
    return this.deps.now().toISOString();
  }

  /**
   * Runs `fn` in one BEGIN IMMEDIATE transaction (taking the write lock up front, so concurrent
   * writers queue instead of failing mid-way). The indexers are told which documents changed at
   * the end of that same transaction, inside a savepoint: the change and its indexing cost one
   * commit (one fsync) instead of two, and an indexer that fails only undoes its own work.
   */
  tx<T>(fn: () => T): T {
    if (this.depth > 0) {
      this.depth++;
      try {
        return fn();
      } finally {
        this.depth--;
      }
    }
    this.depth++;
    let ids: number[] = [];
    let result: T;
    try {
      result = this.db
        .transaction(() => {
          const r = fn();
          ids = [...this.changed];
          this.changed.clear();
          if (ids.length && this.deps.listeners.length) this.notifyIndexers(ids);
          return r;
        })
        .immediate();
    } finally {
      this.changed.clear();
      this.depth--;
    }
    for (const id of ids) this.deps.emit?.({ type: 'changed', subject: 'documents', id: String(id) });
    return result;
  }

  private notifyIndexers(ids: number[]): void {
    try {
      this.db.transaction(() => notifyDocumentChanged(this.deps.listeners, ids))();
    } catch {
      /* indexers catch up on their own (search re-scans documents missing from its index) */
    }
  }

  touched(id: number): void {
    this.changed.add(id);
  }

  settings(): DocumentsSettings {
    const raw = this.users.setting('documents');
    return raw ? { ...DEFAULT_DOCUMENTS_SETTINGS, ...(JSON.parse(raw) as Partial<DocumentsSettings>) } : DEFAULT_DOCUMENTS_SETTINGS;
  }

  user(id: number): UserRow {
    const u = this.users.userById(id);
    if (!u || u.disabled) throw new AppError('NOT_FOUND', `No active user with id ${id}.`, { details: { userId: id } });
    return u;
  }

  userHasRole(u: UserRow, role: string): boolean {
    return (JSON.parse(u.roles) as string[]).includes(role);
  }

  /** visibilityClause with the current confidential registers filled in. */
  visibility(actor: Actor, alias = 'd'): ReturnType<typeof visibilityClause> {
    const ids = this.repo.sql('SELECT id FROM registers WHERE confidential = 1').pluck().all() as number[];
    return visibilityClause(actor, alias, ids);
  }

  /** The document if it exists and the actor may see it; NOT_FOUND otherwise (no hint it exists). */
  visibleDoc(actor: Actor, id: number): DocumentRow {
    const { sql, params } = this.visibility(actor);
    const row = this.repo.sql(`SELECT d.* FROM documents d WHERE d.id = @__id AND ${sql}`).get({ ...params, __id: id }) as DocumentRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No document with id ${id} that you can see.`);
    return row;
  }

  /** Optimistic concurrency: the caller read version N; refuse if someone changed it since. */
  checkVersion(doc: DocumentRow, expected: number | undefined): void {
    if (expected !== undefined && expected !== doc.version) {
      throw new AppError('CONFLICT', `Document ${doc.id} was changed by someone else (version ${doc.version}, you had ${expected}). Reload it and try again.`, {
        details: { currentVersion: doc.version, yourVersion: expected },
      });
    }
  }

  /** Updates a document (bumping its version) and marks it for re-indexing. */
  patch(doc: DocumentRow, patch: Parameters<DocumentsRepository['update']>[1]): void {
    if (!this.repo.update(doc.id, patch, this.nowIso(), doc.version)) {
      throw new AppError('CONFLICT', `Document ${doc.id} was changed by someone else meanwhile. Reload it and try again.`);
    }
    this.touched(doc.id);
  }

  record(actor: Actor, action: string, documentId: number, after?: unknown, before?: unknown): void {
    this.audit.record({ actor: actor.label, action, subjectType: 'document', subjectId: documentId, after, before });
    this.touched(documentId);
  }
}

export function requireState(doc: DocumentRow, allowed: readonly string[], what: string): void {
  if (!allowed.includes(doc.status)) {
    throw new AppError('INVALID_STATE', `Cannot ${what}: document ${doc.id} is "${doc.status}" (needs ${allowed.join(' or ')}).`, {
      details: { status: doc.status, allowed },
    });
  }
}

export function notReleased(doc: DocumentRow): void {
  if (doc.released_at) {
    throw new AppError('DOCUMENT_RELEASED', `Document ${doc.id} was released and cannot be changed; draft a correcting document that refers to it.`);
  }
}
