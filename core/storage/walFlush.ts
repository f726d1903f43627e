// Commits whose disk flush runs on the thread pool. A transaction is committed with
// synchronous=NORMAL (SQLite writes the WAL but does not flush it), and whoever must not act
// before it is on disk (acknowledge a package, send one) awaits `flush()`: an fdatasync of the
// WAL file on the thread pool, shared by every commit made before it started. That is what
// synchronous=FULL does inside each COMMIT, but there it blocks the event loop for the length of a
// disk flush. The axis stub flushes its store the same way.
import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import { SharedFlush } from './sharedFlush';

export class WalFlusher {
  private fd: number | undefined;

  constructor(private readonly db: Database) {}

  /**
   * Runs `fn` in an IMMEDIATE transaction committed without a disk flush (joins an outer
   * transaction as a savepoint). Durable once a later `flush()` resolves, or a later FULL commit.
   */
  txUnflushed<T>(fn: () => T): T {
    if (this.db.inTransaction) return this.db.transaction(fn)();
    const before = this.db.pragma('synchronous', { simple: true }) as number;
    this.db.pragma('synchronous = NORMAL');
    try {
      return this.db.transaction(fn).immediate();
    } finally {
      this.db.pragma(`synchronous = ${before}`);
    }
  }

  private readonly flusher = new SharedFlush(() => {
    this.fd ??= fs.openSync(`${this.db.name}-wal`, 'r');
    const fd = this.fd;
    return new Promise<void>((resolve, reject) => fs.fdatasync(fd, (e) => (e ? reject(e) : resolve())));
  });

  /** Resolves once every commit made before this call is on disk. */
  flush(): Promise<void> {
    return this.flusher.request();
  }

  /** flush() on the calling thread (rare writes that answer at once, e.g. an admin change). */
  flushSync(): void {
    this.fd ??= fs.openSync(`${this.db.name}-wal`, 'r');
    fs.fdatasyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
