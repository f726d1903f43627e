import type { Database } from 'better-sqlite3';

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}

export class AuditRepository {
  // Prepared once: every state change in the app appends here, often many per transaction.
  private readonly headStmt;
  private readonly insertStmt;
  private readonly headUpsertStmt;

  constructor(private readonly db: Database) {
    this.headStmt = db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1');
    this.insertStmt = db.prepare(
      `INSERT INTO audit_log (seq, at, actor, action, subject_type, subject_id, before_json, after_json, prev_hash, hash)
       VALUES (@seq, @at, @actor, @action, @subject_type, @subject_id, @before_json, @after_json, @prev_hash, @hash)`,
    );
    this.headUpsertStmt = db.prepare('INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash');
  }

  head(): { seq: number; hash: string } | undefined {
    return this.headStmt.get() as { seq: number; hash: string } | undefined;
  }

  insert(row: AuditRow): void {
    this.insertStmt.run(row);
    this.headUpsertStmt.run(row.seq, row.hash);
  }

  page(limit: number, offset: number, subjectType?: string, subjectId?: string): { rows: AuditRow[]; total: number } {
    const where: string[] = [];
    const args: unknown[] = [];
    if (subjectType) {
      where.push('subject_type = ?');
      args.push(subjectType);
    }
    if (subjectId) {
      where.push('subject_id = ?');
      args.push(subjectId);
    }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = this.db.prepare(`SELECT * FROM audit_log ${w} ORDER BY seq DESC LIMIT ? OFFSET ?`).all(...args, limit, offset) as AuditRow[];
    const total = (this.db.prepare(`SELECT count(*) AS n FROM audit_log ${w}`).get(...args) as { n: number }).n;
    return { rows, total };
  }

  *iterate(): Generator<AuditRow> {
    yield* this.db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>;
  }
}
