import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { MethodName, Input, Output, AppEvent } from '../shared/api/contract';
import { AuditLog } from './audit/index';
import { IdentityService } from './identity/index';
import { BlobStore } from './storage/blobs';
import { openDatabase, schemaVersion } from './storage/database';
import { acquireDirLock, type DirLock } from './storage/lock';
import { dispatch, type CallAuth, type HandlerMap } from './api/dispatch';
import { systemActor, type Actor } from './api/context';
import { EventHub } from './events';
import { buildHandlers } from './api/handlers';
import type { DocumentIndexer } from './documents/indexer';
import { SearchService } from './documents/search/index';

export interface CoreOptions {
  dataDir: string;
  /** Injected clock (tests move time forward to check idle lock and lock-out). */
  now?: () => Date;
  /** What holds the lock, shown to a second instance that is refused. */
  purpose?: string;
}

export interface SyncState {
  state: 'offline' | 'online' | 'syncing' | 'error' | 'disabled';
  queued: number;
  detail: string;
}

/** Everything one profile (data directory) runs on. Transports call `call`; nothing else. */
export class Core {
  readonly dataDir: string;
  readonly db: Database;
  readonly blobs: BlobStore;
  readonly audit: AuditLog;
  readonly identity: IdentityService;
  readonly events = new EventHub();
  readonly now: () => Date;
  /** Replaced by the exchange module when a connection to the axis is configured. */
  syncState: () => SyncState = () => ({ state: 'disabled', queued: 0, detail: 'exchange not configured' });
  /** Told after every committed document change (search indexes through this). */
  readonly documentListeners: DocumentIndexer[] = [];
  /** Full-text search: indexes each committed document change, extracts attachment text in a worker. */
  readonly search: SearchService;
  private readonly handlers: HandlerMap;
  private readonly closers: (() => void)[] = [];
  private closed = false;

  private constructor(opts: CoreOptions, lock: DirLock, db: Database) {
    this.dataDir = opts.dataDir;
    this.now = opts.now ?? (() => new Date());
    this.db = db;
    this.closers.push(() => lock.release());
    this.blobs = new BlobStore(path.join(opts.dataDir, 'blobs'));
    this.audit = new AuditLog(db, this.now);
    this.identity = new IdentityService(db, this.audit, this.now);
    this.search = new SearchService(db, this.blobs, this.audit, this.now);
    this.documentListeners.push(this.search);
    this.search.scheduleCatchUp();
    this.onClose(() => void this.search.close());
    this.handlers = buildHandlers(this);
  }

  static open(opts: CoreOptions): Core {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    const lock = acquireDirLock(opts.dataDir, opts.purpose ?? 'app');
    let db: Database;
    try {
      db = openDatabase(opts.dataDir);
    } catch (e) {
      lock.release();
      throw e;
    }
    return new Core(opts, lock, db);
  }

  get schemaVersion(): number {
    return schemaVersion(this.db);
  }

  /** Calls an API method through the same validation and permission checks as every transport. */
  call<M extends MethodName>(method: M, input: Input<M>, auth: CallAuth): Promise<Output<M>>;
  call(method: string, input: unknown, auth: CallAuth): Promise<unknown>;
  call(method: string, input: unknown, auth: CallAuth): Promise<unknown> {
    return dispatch(this.handlers, this.identity, method, input, auth);
  }

  /** Direct-call transport for the CLI and tests: acts as a named system actor. */
  asSystem(name: string): <M extends MethodName>(method: M, input: Input<M>) => Promise<Output<M>> {
    const actor: Actor = systemActor(name);
    return (method, input) => this.call(method, input, { actor });
  }

  emit(e: AppEvent): void {
    this.events.emit(e);
  }

  onClose(fn: () => void): void {
    this.closers.unshift(fn);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.closers.splice(0)) {
      try {
        c();
      } catch {
        /* keep closing */
      }
    }
    if (this.db.open) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    }
  }
}
