import type { Database, Statement } from 'better-sqlite3';

// SQL for documents. Rows use the column names of migration 002.

export interface RegisterRow {
  id: number;
  name: string;
  direction: 'incoming' | 'outgoing';
  confidential: number;
  number_padding: number;
  type_code: string | null;
  unit_id: number | null;
  active: number;
  created_at: string;
  created_by: string;
}

export interface DocumentRow {
  id: number;
  direction: 'incoming' | 'outgoing';
  register_id: number | null;
  year: number;
  number: number | null;
  number_text: string | null;
  notation: string | null;
  number_notation: string | null;
  arrival_number: number | null;
  arrival_at: string | null;
  issuer_name: string;
  issuer_code: string;
  issuer_short: string;
  type_code: string;
  subject: string;
  language: string;
  pages: number | null;
  signer: string;
  signer_position: string;
  date_issued: string | null;
  deadline: string | null;
  urgency: 'normal' | 'urgent' | 'very_urgent' | 'flash';
  confidentiality: 'normal' | 'confidential' | 'secret' | 'top_secret';
  status: string;
  handler_id: number | null;
  leader_id: number | null;
  unit_id: number | null;
  recipients: string;
  notes: string;
  result: string;
  dossier_ref: string;
  reply_to_id: number | null;
  corrects_id: number | null;
  signed_sha256: string | null;
  signed_at: string | null;
  released_at: string | null;
  completed_at: string | null;
  cancelled_reason: string | null;
  source: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface AttachmentRow {
  id: number;
  document_id: number;
  role: 'main' | 'attachment' | 'draft' | 'signed';
  file_name: string;
  mime: string;
  size: number;
  sha256: string;
  extraction: 'pending' | 'done' | 'failed' | 'not_applicable';
  extraction_error: string | null;
  warning: string | null;
  created_by: string;
  created_at: string;
}

export interface AssignmentRow {
  id: number;
  document_id: number;
  user_id: number;
  role: 'main' | 'co' | 'info';
  deadline: string | null;
  status: 'active' | 'done' | 'recalled' | 'returned' | 'forwarded';
  assigned_by: string;
  assigned_by_id: number | null;
  forwarded_from: number | null;
  note: string;
  created_at: string;
  read_at: string | null;
  finished_at: string | null;
}

export interface ApprovalRow {
  id: number;
  document_id: number;
  step: number;
  kind: 'review' | 'approve';
  user_id: number;
  status: 'waiting' | 'pending' | 'approved' | 'rejected' | 'cancelled';
  comment: string;
  decided_at: string | null;
  round: number;
}

export type NewDocument = Omit<DocumentRow, 'id' | 'version'>;

const DOC_COLUMNS = [
  'direction', 'register_id', 'year', 'number', 'number_text', 'notation', 'number_notation', 'arrival_number', 'arrival_at',
  'issuer_name', 'issuer_code', 'issuer_short', 'type_code', 'subject', 'language', 'pages', 'signer', 'signer_position',
  'date_issued', 'deadline', 'urgency', 'confidentiality', 'status', 'handler_id', 'leader_id', 'unit_id', 'recipients',
  'notes', 'result', 'dossier_ref', 'reply_to_id', 'corrects_id', 'signed_sha256', 'signed_at', 'released_at',
  'completed_at', 'cancelled_reason', 'source', 'created_by', 'created_at', 'updated_at',
] as const;
type DocColumn = (typeof DOC_COLUMNS)[number];
export type DocumentPatch = Partial<Pick<DocumentRow, DocColumn>>;

export class DocumentsRepository {
  private readonly insertDoc;
  private readonly nextNumberStmt;

  private readonly statements = new Map<string, Statement>();

  /** Prepared statements are compiled once per connection: compiling costs more than running. */
  sql(text: string): Statement {
    let st = this.statements.get(text);
    if (!st) {
      st = this.db.prepare(text);
      this.statements.set(text, st);
    }
    return st;
  }

  constructor(readonly db: Database) {
    this.insertDoc = db.prepare(`INSERT INTO documents (${DOC_COLUMNS.join(', ')}) VALUES (${DOC_COLUMNS.map((c) => '@' + c).join(', ')})`);
    // Moves the register's yearly counter forward and returns the new number. Run inside an
    // IMMEDIATE transaction so concurrent writers queue on the database write lock.
    this.nextNumberStmt = db.prepare(
      `INSERT INTO register_counters (register_id, year, last_number) VALUES (?, ?, 1)
       ON CONFLICT(register_id, year) DO UPDATE SET last_number = last_number + 1
       RETURNING last_number`,
    );
  }

  // Registers
  registers(direction?: string): RegisterRow[] {
    return (direction
      ? this.sql('SELECT * FROM registers WHERE direction = ? ORDER BY id').all(direction)
      : this.sql('SELECT * FROM registers ORDER BY id').all()) as RegisterRow[];
  }
  register(id: number): RegisterRow | undefined {
    return this.sql('SELECT * FROM registers WHERE id = ?').get(id) as RegisterRow | undefined;
  }
  insertRegister(r: Omit<RegisterRow, 'id'>): number {
    return Number(
      this.sql(`INSERT INTO registers (name, direction, confidential, number_padding, type_code, unit_id, active, created_at, created_by)
                  VALUES (@name, @direction, @confidential, @number_padding, @type_code, @unit_id, @active, @created_at, @created_by)`)
        .run(r).lastInsertRowid,
    );
  }
  updateRegister(id: number, patch: Partial<Pick<RegisterRow, 'name' | 'number_padding' | 'active'>>): void {
    const keys = Object.keys(patch);
    if (keys.length) this.sql(`UPDATE registers SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`).run({ ...patch, id });
  }
  keepers(registerId: number): number[] {
    return (this.sql('SELECT user_id FROM register_keepers WHERE register_id = ? ORDER BY user_id').all(registerId) as { user_id: number }[]).map((r) => r.user_id);
  }
  setKeepers(registerId: number, userIds: number[]): void {
    this.sql('DELETE FROM register_keepers WHERE register_id = ?').run(registerId);
    const ins = this.sql('INSERT OR IGNORE INTO register_keepers (register_id, user_id) VALUES (?, ?)');
    for (const u of userIds) ins.run(registerId, u);
  }
  lastNumber(registerId: number, year: number): number {
    return (this.sql('SELECT last_number FROM register_counters WHERE register_id = ? AND year = ?').get(registerId, year) as { last_number: number } | undefined)?.last_number ?? 0;
  }
  nextNumber(registerId: number, year: number): number {
    return (this.nextNumberStmt.get(registerId, year) as { last_number: number }).last_number;
  }

  // Documents
  insert(d: NewDocument): number {
    return Number(this.insertDoc.run(d).lastInsertRowid);
  }
  get(id: number): DocumentRow | undefined {
    return this.sql('SELECT * FROM documents WHERE id = ?').get(id) as DocumentRow | undefined;
  }
  /** Applies a patch and bumps the version; with `expectVersion`, only if nobody changed it since. */
  update(id: number, patch: DocumentPatch, now: string, expectVersion?: number): boolean {
    const keys = Object.keys(patch);
    const set = [...keys.map((k) => `${k} = @${k}`), 'updated_at = @__now', 'version = version + 1'].join(', ');
    const guard = expectVersion === undefined ? '' : ' AND version = @__expect';
    const info = this.sql(`UPDATE documents SET ${set} WHERE id = @__id${guard}`).run({ ...patch, __now: now, __id: id, ...(expectVersion !== undefined && { __expect: expectVersion }) });
    return info.changes === 1;
  }
  /**
   * Incoming documents with this number/notation and date of issue from this issuer (by code, or
   * by name). Two index-driven lookups: by issuer code, and by incoming + date (a few hundred rows
   * a day even in a million-document profile) — an OR across both would scan the table.
   */
  sameNumber(issuerCode: string, issuerName: string, numberNotation: string, dateIssued: string): DocumentRow[] {
    const byCode = issuerCode
      ? (this.sql(`SELECT * FROM documents WHERE issuer_code = ? AND number_notation = ? AND date_issued = ? AND status != 'cancelled' LIMIT 20`)
          .all(issuerCode, numberNotation, dateIssued) as DocumentRow[])
      : [];
    const byName = this.sql(`SELECT * FROM documents WHERE direction = 'incoming' AND date_issued = ? AND number_notation = ? AND lower(issuer_name) = lower(?) AND status != 'cancelled' LIMIT 20`)
      .all(dateIssued, numberNotation, issuerName) as DocumentRow[];
    const seen = new Set(byCode.map((d) => d.id));
    return [...byCode, ...byName.filter((d) => !seen.has(d.id))];
  }
  withFile(sha256: string): DocumentRow[] {
    return this.sql(`SELECT d.* FROM attachments a JOIN documents d ON d.id = a.document_id WHERE a.sha256 = ? AND d.status != 'cancelled' LIMIT 20`)
      .all(sha256) as DocumentRow[];
  }

  // Attachments
  insertAttachment(a: Omit<AttachmentRow, 'id'>): number {
    return Number(
      this.sql(`INSERT INTO attachments (document_id, role, file_name, mime, size, sha256, extraction, extraction_error, warning, created_by, created_at)
                  VALUES (@document_id, @role, @file_name, @mime, @size, @sha256, @extraction, @extraction_error, @warning, @created_by, @created_at)`)
        .run(a).lastInsertRowid,
    );
  }
  attachment(id: number): AttachmentRow | undefined {
    return this.sql('SELECT * FROM attachments WHERE id = ?').get(id) as AttachmentRow | undefined;
  }
  attachments(documentId: number): AttachmentRow[] {
    return this.sql('SELECT * FROM attachments WHERE document_id = ? ORDER BY id').all(documentId) as AttachmentRow[];
  }

  // Workflow
  assignments(documentId: number): AssignmentRow[] {
    return this.sql('SELECT * FROM assignments WHERE document_id = ? ORDER BY id').all(documentId) as AssignmentRow[];
  }
  assignment(id: number): AssignmentRow | undefined {
    return this.sql('SELECT * FROM assignments WHERE id = ?').get(id) as AssignmentRow | undefined;
  }
  insertAssignment(a: Omit<AssignmentRow, 'id' | 'read_at' | 'finished_at' | 'status'>): number {
    return Number(
      this.sql(`INSERT INTO assignments (document_id, user_id, role, deadline, assigned_by, assigned_by_id, forwarded_from, note, created_at)
                  VALUES (@document_id, @user_id, @role, @deadline, @assigned_by, @assigned_by_id, @forwarded_from, @note, @created_at)`)
        .run(a).lastInsertRowid,
    );
  }
  finishAssignment(id: number, status: AssignmentRow['status'], now: string): void {
    this.sql('UPDATE assignments SET status = ?, finished_at = ? WHERE id = ?').run(status, now, id);
  }
  markRead(documentId: number, userId: number, now: string): number {
    return this.sql('UPDATE assignments SET read_at = ? WHERE document_id = ? AND user_id = ? AND read_at IS NULL').run(now, documentId, userId).changes;
  }
  insertComment(documentId: number, kind: string, body: string, authorId: number | null, author: string, now: string): void {
    this.sql('INSERT INTO comments (document_id, kind, body, author_id, author, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(documentId, kind, body, authorId, author, now);
  }
  comments(documentId: number): { id: number; kind: string; body: string; author: string; created_at: string }[] {
    return this.sql('SELECT id, kind, body, author, created_at FROM comments WHERE document_id = ? ORDER BY id').all(documentId) as never;
  }
  approvals(documentId: number): ApprovalRow[] {
    return this.sql('SELECT * FROM approvals WHERE document_id = ? ORDER BY round, step').all(documentId) as ApprovalRow[];
  }
  insertApproval(a: Omit<ApprovalRow, 'id' | 'comment' | 'decided_at'>): void {
    this.sql('INSERT INTO approvals (document_id, step, kind, user_id, status, round) VALUES (@document_id, @step, @kind, @user_id, @status, @round)').run(a);
  }
  decideApproval(id: number, status: ApprovalRow['status'], comment: string, now: string | null): void {
    this.sql('UPDATE approvals SET status = ?, comment = ?, decided_at = ? WHERE id = ?').run(status, comment, now, id);
  }
  draftVersions(documentId: number): { version_no: number; attachment_id: number | null; note: string; created_by: string; created_at: string }[] {
    return this.sql('SELECT version_no, attachment_id, note, created_by, created_at FROM draft_versions WHERE document_id = ? ORDER BY version_no').all(documentId) as never;
  }
  insertDraftVersion(documentId: number, attachmentId: number | null, note: string, by: string, now: string): number {
    const n = (this.sql('SELECT coalesce(max(version_no), 0) + 1 AS n FROM draft_versions WHERE document_id = ?').get(documentId) as { n: number }).n;
    this.sql('INSERT INTO draft_versions (document_id, version_no, attachment_id, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(documentId, n, attachmentId, note, by, now);
    return n;
  }
  recipients(documentId: number): { kind: 'unit' | 'agency'; unit_id: number | null; agency_code: string; name: string; delivery: string }[] {
    return this.sql('SELECT kind, unit_id, agency_code, name, delivery FROM release_recipients WHERE document_id = ? ORDER BY id').all(documentId) as never;
  }
  insertRecipient(documentId: number, kind: 'unit' | 'agency', unitId: number | null, agencyCode: string, name: string, now: string): void {
    this.sql('INSERT INTO release_recipients (document_id, kind, unit_id, agency_code, name, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(documentId, kind, unitId, agencyCode, name, now);
  }
}
