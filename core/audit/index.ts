import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { AuditRepository, type AuditRow } from './repository';

// Append-only, hash-chained audit log. Each entry's hash covers its fields and the previous
// entry's hash, so editing or deleting any entry breaks the chain from that point on; the head
// (last seq and hash) is kept in its own row so removing the newest entries shows too.

export interface AuditEntry {
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string | number;
  before?: unknown;
  after?: unknown;
}

export interface AuditProblem {
  seq: number;
  problem: string;
}

const GENESIS = '0'.repeat(64);

function entryHash(r: Omit<AuditRow, 'hash'>): string {
  const canonical = JSON.stringify([r.seq, r.at, r.actor, r.action, r.subject_type, r.subject_id, r.before_json, r.after_json, r.prev_hash]);
  return crypto.createHash('sha256').update(canonical).digest('hex');
}

export class AuditLog {
  private readonly repo: AuditRepository;

  constructor(db: Database, private readonly now: () => Date = () => new Date()) {
    this.repo = new AuditRepository(db);
  }

  /** Appends an entry. Call inside the transaction that makes the change it describes. */
  record(e: AuditEntry): number {
    const head = this.repo.head();
    const base = {
      seq: (head?.seq ?? 0) + 1,
      at: this.now().toISOString(),
      actor: e.actor,
      action: e.action,
      subject_type: e.subjectType,
      subject_id: String(e.subjectId),
      before_json: e.before === undefined ? null : JSON.stringify(e.before),
      after_json: e.after === undefined ? null : JSON.stringify(e.after),
      prev_hash: head?.hash ?? GENESIS,
    };
    this.repo.insert({ ...base, hash: entryHash(base) });
    return base.seq;
  }

  list(limit: number, offset: number, subjectType?: string, subjectId?: string) {
    const { rows, total } = this.repo.page(limit, offset, subjectType, subjectId);
    return {
      total,
      entries: rows.map((r) => ({
        seq: r.seq,
        at: r.at,
        actor: r.actor,
        action: r.action,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        before: r.before_json === null ? null : (JSON.parse(r.before_json) as unknown),
        after: r.after_json === null ? null : (JSON.parse(r.after_json) as unknown),
      })),
    };
  }

  /** Walks the whole chain; reports every entry that was edited, removed or inserted. */
  verify(): { ok: boolean; entries: number; problems: AuditProblem[] } {
    const problems: AuditProblem[] = [];
    let expectedSeq = 1;
    let prevHash = GENESIS;
    let count = 0;
    for (const r of this.repo.iterate()) {
      count++;
      if (r.seq !== expectedSeq) {
        problems.push({ seq: expectedSeq, problem: `entries ${expectedSeq}–${r.seq - 1} are missing (deleted)` });
      }
      if (r.prev_hash !== prevHash) problems.push({ seq: r.seq, problem: 'does not follow the entry before it (chain broken)' });
      const { hash, ...rest } = r;
      if (entryHash(rest) !== hash) problems.push({ seq: r.seq, problem: 'content was changed after it was written' });
      prevHash = hash;
      expectedSeq = r.seq + 1;
    }
    const head = this.repo.head();
    if (head && (head.seq !== expectedSeq - 1 || head.hash !== prevHash)) {
      problems.push({ seq: head.seq, problem: `the newest entries (after ${expectedSeq - 1}, up to ${head.seq}) are missing (deleted)` });
    }
    if (!head && count > 0) problems.push({ seq: 0, problem: 'the chain head record is missing' });
    return { ok: problems.length === 0, entries: count, problems };
  }
}
