// Group commit: writes requested while the event loop is busy (other requests being parsed, or the
// previous commit's fsync) are run together in one SQLite transaction, and each caller is answered
// only after that transaction has committed. One fsync then covers many sends or acknowledgements
// instead of one each, and an answered request is still durable.
import type { Database } from 'better-sqlite3';

interface Pending {
  work: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class GroupCommitter {
  private queue: Pending[] = [];
  private scheduled = false;
  /** Transactions committed and writes they carried (for /admin/stats and the benchmark). */
  readonly counters = { commits: 0, writes: 0 };

  constructor(
    private readonly db: Database,
    private readonly maxBatch = 256,
  ) {}

  /**
   * Runs `work` inside the next group transaction. A work that throws is rolled back alone (it runs
   * in its own savepoint) and only its caller sees the error.
   */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // After the I/O callbacks of this loop turn: every request whose body has arrived by then
        // joins this group.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue.splice(0, this.maxBatch);
    if (this.queue.length) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    if (!batch.length) return;
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.db.transaction(() => {
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
      for (const p of batch) p.reject(error);
      return;
    }
    this.counters.commits++;
    this.counters.writes += batch.length;
    batch.forEach((p, i) => {
      const o = outcomes[i]!;
      if (o.ok) p.resolve(o.value);
      else p.reject(o.error);
    });
  }
}
