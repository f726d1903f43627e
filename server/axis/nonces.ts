// Used request nonces: checked in memory, written to the store in batches. A nonce is written
// (into the WAL, which survives kill -9) before its request is answered: a write request's in the
// same group commit as its effect (or earlier), a read's by the batch of its event-loop turn. So
// a replay is refused after a restart exactly as when every request inserted its own row, but
// the requests of one moment share one transaction instead of paying one commit each.
import type { Database, Statement } from 'better-sqlite3';

interface UsedNonce {
  systemId: string;
  nonce: string;
  seenAt: number;
}

/** How often old nonces are forgotten, in seconds. */
const PRUNE_EVERY_SEC = 60;

export class NonceBook {
  /** `${systemId}\n${nonce}` → first seen (Unix seconds). Every nonce still inside the replay window. */
  private readonly used = new Map<string, number>();
  private pending: UsedNonce[] = [];
  /** Taken by a transaction that has not finished yet. */
  private writing: UsedNonce[] = [];
  /** Batches handed out so far, and the highest whose nonces are written. */
  private batch = 1;
  private writtenBatch = 0;
  private waiters: { batch: number; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;
  private lastPrune = 0;
  private readonly insert: Statement;
  /** Batches written and the nonces they carried (for /admin/stats). */
  readonly counters = { batches: 0, nonces: 0 };

  constructor(
    private readonly db: Database,
    /** Nonces are kept this long (seconds): twice the timestamp window, beyond which a replay is stale anyway. */
    private readonly keepSec: number,
    nowSec = Math.floor(Date.now() / 1000),
  ) {
    this.insert = db.prepare('INSERT OR IGNORE INTO nonces(system_id, nonce, seen_at) VALUES (?, ?, ?)');
    const rows = db.prepare('SELECT system_id, nonce, seen_at FROM nonces WHERE seen_at >= ?').all(nowSec - keepSec) as { system_id: string; nonce: string; seen_at: number }[];
    for (const r of rows) this.used.set(`${r.system_id}\n${r.nonce}`, r.seen_at);
    this.lastPrune = nowSec;
  }

  /**
   * Records a nonce. Returns the batch that will write it (pass to `written`), or undefined when
   * the nonce was used before (a replay).
   */
  use(systemId: string, nonce: string, nowSec: number): number | undefined {
    const key = `${systemId}\n${nonce}`;
    if (this.used.has(key)) return undefined;
    this.used.set(key, nowSec);
    this.pending.push({ systemId, nonce, seenAt: nowSec });
    this.schedule();
    return this.batch;
  }

  private schedule(retry = false): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // After the I/O callbacks of this turn, like the group commit: the requests read meanwhile
    // share it. After a failed write, a little later.
    if (retry) setTimeout(() => this.writeAlone(), 100).unref();
    else setImmediate(() => this.writeAlone());
  }

  /** Resolves once the nonces of `batch` are in the store (at once if they are). */
  written(batch: number): Promise<void> | undefined {
    if (batch <= this.writtenBatch) return undefined;
    return new Promise((resolve, reject) => this.waiters.push({ batch, resolve, reject }));
  }

  /**
   * Writes the nonces used so far; call inside a transaction (the group commit calls it first in
   * its own), then `committed()` or `rolledBack()`.
   */
  writePending(nowSec = Math.floor(Date.now() / 1000)): void {
    this.writing = this.pending;
    this.pending = [];
    this.batch++;
    for (const n of this.writing) this.insert.run(n.systemId, n.nonce, n.seenAt);
    if (this.writing.length) {
      this.counters.batches++;
      this.counters.nonces += this.writing.length;
    }
    if (nowSec - this.lastPrune >= PRUNE_EVERY_SEC) this.prune(nowSec);
  }

  committed(): void {
    this.writing = [];
    this.writtenBatch = this.batch - 1;
    const ready = this.waiters.filter((w) => w.batch <= this.writtenBatch);
    if (!ready.length) return;
    this.waiters = this.waiters.filter((w) => w.batch > this.writtenBatch);
    for (const w of ready) w.resolve();
  }

  /**
   * The transaction failed: its nonces stay refused in memory and are written with the next batch.
   * The requests waiting for them fail (500) rather than wait for a disk that may not recover.
   */
  rolledBack(error: unknown): void {
    this.pending = [...this.writing, ...this.pending];
    this.writing = [];
    const failed = this.waiters;
    this.waiters = [];
    for (const w of failed) w.reject(error);
    this.schedule(true);
  }

  private closed = false;

  private writeAlone(): void {
    this.scheduled = false;
    if (!this.pending.length || this.closed) return;
    try {
      this.db.transaction(() => this.writePending()).immediate();
    } catch (e) {
      this.rolledBack(e);
      return;
    }
    this.committed();
  }

  private prune(nowSec: number): void {
    this.lastPrune = nowSec;
    const oldest = nowSec - this.keepSec;
    for (const [key, seenAt] of this.used) if (seenAt < oldest) this.used.delete(key);
    this.db.prepare('DELETE FROM nonces WHERE seen_at < ?').run(oldest);
  }

  /** Writes what is pending now; the store closes next. */
  close(): void {
    this.writeAlone();
    this.closed = true;
  }
}
