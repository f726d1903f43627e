// Group commit: writes requested in the same event-loop turn are run together in one SQLite
// transaction, and each caller is answered only once that transaction is on disk. The disk flush
// (fdatasync of the WAL) runs on the thread pool, so the axis keeps parsing and committing other
// requests meanwhile; one flush covers every commit made before it started. An answered request is
// durable, and the event loop never waits for the disk.
import type { Database } from 'better-sqlite3';

interface Pending {
  work: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/** Work that rides along with every group transaction (the used nonces waiting to be written). */
export interface CommitPassenger {
  /** Runs first inside the transaction. */
  writePending(): void;
  committed(): void;
  rolledBack(error: unknown): void;
}

export class GroupCommitter {
  private queue: Pending[] = [];
  private scheduled = false;
  /** Transactions committed and writes they carried (for /admin/stats and the benchmark). */
  readonly counters = { commits: 0, writes: 0 };

  constructor(
    private readonly db: Database,
    /** Makes every commit so far durable (the store's WAL flush; it joins a flush already running, or waits for the next one). */
    private readonly flush: () => Promise<void>,
    private readonly maxBatch = 256,
    private readonly passenger?: CommitPassenger,
  ) {}

  /** Writes asked for and not yet answered; `idle()` waits for none. */
  private unsettled = 0;
  private idleWaiters: (() => void)[] = [];

  /** Resolves once every write asked for so far is committed and flushed (or failed): before closing the store. */
  idle(): Promise<void> {
    return this.unsettled === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Runs `work` inside the next group transaction. A work that throws is rolled back alone (it runs
   * in its own savepoint) and only its caller sees the error.
   */
  run<T>(work: () => T): Promise<T> {
    this.unsettled++;
    const settled = () => {
      if (--this.unsettled === 0) this.idleWaiters.splice(0).forEach((r) => r());
    };
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        work,
        resolve: (v) => {
          settled();
          resolve(v as T);
        },
        reject: (e) => {
          settled();
          reject(e);
        },
      });
      if (!this.scheduled) {
        this.scheduled = true;
        // After the I/O callbacks of this loop turn: every request whose body has arrived by then
        // joins this group.
        setImmediate(() => this.commit());
      }
    });
  }

  private commit(): void {
    this.scheduled = false;
    const batch = this.queue.splice(0, this.maxBatch);
    if (this.queue.length) {
      this.scheduled = true;
      setImmediate(() => this.commit());
    }
    if (!batch.length) return;
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.db.transaction(() => {
        this.passenger?.writePending();
        for (const p of batch) {
          try {
            outcomes.push({ ok: true, value: this.db.transaction(p.work)() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      }).immediate();
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing in the group is stored.
      this.passenger?.rolledBack(error);
      for (const p of batch) p.reject(error);
      return;
    }
    this.passenger?.committed();
    this.counters.commits++;
    this.counters.writes += batch.length;
    this.flush().then(
      () =>
        batch.forEach((p, i) => {
          const o = outcomes[i]!;
          if (o.ok) p.resolve(o.value);
          else p.reject(o.error);
        }),
      (error: unknown) => batch.forEach((p) => p.reject(error)),
    );
  }
}
