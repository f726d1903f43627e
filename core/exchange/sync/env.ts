// What the sync parts share: the profile's database and blobs, the clock, and the audit log.
import type { Database } from 'better-sqlite3';
import type { AppEvent } from '../../../shared/api/contract';
import type { AuditLog } from '../../audit/index';
import path from 'node:path';
import type { BlobStore } from '../../storage/blobs';
import { SegmentLog } from '../../storage/segmentLog';
import { WalFlusher } from '../../storage/walFlush';
import { ExchangeRepository, type OutboxRow } from './repository';

export interface SyncDeps {
  db: Database;
  blobs: BlobStore;
  audit: AuditLog;
  now: () => Date;
  emit?: (e: AppEvent) => void;
  /** The profile folder: received PDFs are verified against its trust store. */
  dataDir?: string;
}

export class SyncEnv {
  readonly db: Database;
  readonly blobs: BlobStore;
  readonly repo: ExchangeRepository;
  readonly now: () => Date;

  constructor(readonly deps: SyncDeps) {
    this.db = deps.db;
    this.blobs = deps.blobs;
    this.now = deps.now;
    this.repo = new ExchangeRepository(deps.db);
    this.wal = new WalFlusher(deps.db);
  }

  private readonly logs = new Map<'outbox' | 'inbox', SegmentLog>();

  /** The outbox's packages, `<profile>/exchange/outbox/NNNNNN.seg` (opened on first use). */
  outboxLog(): SegmentLog {
    return this.logNamed('outbox');
  }

  /** Received files not yet registered, `<profile>/exchange/inbox/NNNNNN.seg` (opened on first use). */
  inboxLog(): SegmentLog {
    return this.logNamed('inbox');
  }

  private logNamed(name: 'outbox' | 'inbox'): SegmentLog {
    let log = this.logs.get(name);
    if (!log) this.logs.set(name, (log = new SegmentLog(path.join(this.deps.dataDir ?? path.dirname(this.blobs.root), 'exchange', name))));
    return log;
  }

  /** With the profile: a flush still running is cut short, as a crash would (its rows are not committed). */
  close(): void {
    for (const log of this.logs.values()) log.closeSync();
    this.logs.clear();
    this.wal.close();
  }

  nowIso(): string {
    return this.now().toISOString();
  }

  /** One IMMEDIATE transaction (nested calls join the outer one as a savepoint). */
  tx<T>(fn: () => T): T {
    return this.db.inTransaction ? this.db.transaction(fn)() : this.db.transaction(fn).immediate();
  }

  private readonly wal: WalFlusher;

  /**
   * The sync loop's own transactions: committed without waiting for the disk on the event loop.
   * Before anything outside the profile acts on one (an acknowledgement, a send), await durable().
   */
  txUnflushed<T>(fn: () => T): T {
    return this.wal.txUnflushed(fn);
  }

  /** Every commit made so far is on disk (flushed on the thread pool). */
  durable(): Promise<void> {
    return this.wal.flush();
  }

  /** An audit entry about an outbox row (actor: the sync worker). */
  audit(action: string, row: Pick<OutboxRow, 'id' | 'delivery_id' | 'kind' | 'document_id' | 'recipient_code' | 'status_code'>, after: Record<string, unknown>): void {
    this.deps.audit.record({
      actor: 'system:exchange',
      action,
      subjectType: row.kind === 'document' && row.document_id !== null ? 'document' : 'exchange.outbox',
      subjectId: row.kind === 'document' && row.document_id !== null ? row.document_id : row.id,
      after: { deliveryId: row.delivery_id, recipient: row.recipient_code, statusCode: row.status_code ?? undefined, ...after },
    });
  }

  emit(e: AppEvent): void {
    this.deps.emit?.(e);
  }
}
