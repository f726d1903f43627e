// SQL for the exchange tables (migration 005). No decisions here: the sender, receiver and intake
// decide; this file reads and writes rows.
import { randomBytes } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';

export type OutboxState = 'queued' | 'sent' | 'failed' | 'refused' | 'cancelled';
export type RecipientStatus = 'queued' | 'sent' | 'arrived' | 'rejected' | 'accepted' | 'assigned' | 'in_process' | 'completed' | 'failed' | 'refused' | 'cancelled';
export type IntakeState = 'pending' | 'registered' | 'rejected';
export type SeenOutcome = 'intake' | 'duplicate' | 'status' | 'quarantined' | 'orphan';

export interface SettingsRow {
  axis_url: string;
  system_id: string;
  secret: string;
  enabled: number;
  poll_seconds: number;
  max_tries: number;
  backoff_base_ms: number;
  backoff_max_ms: number;
  updated_at: string | null;
}

export interface OutboxRow {
  id: number;
  delivery_id: string;
  kind: 'document' | 'status';
  document_id: number | null;
  intake_id: number | null;
  recipient_code: string;
  recipient_name: string;
  exchange_document_id: string;
  status_code: string | null;
  description: string | null;
  package: Buffer | null;
  package_sha256: string | null;
  /** Where a large package is in the outbox segment log (rows from before the log: in the blob store). */
  package_segment: number | null;
  package_offset: number | null;
  package_size: number | null;
  state: OutboxState;
  tries: number;
  next_attempt_at: number;
  last_error: string | null;
  edoc_id: string | null;
  created_at: string;
  sent_at: string | null;
  updated_at: string;
}

export interface IntakeRow {
  id: number;
  edoc_id: string;
  dedupe_key: string;
  exchange_document_id: string;
  business_type: number;
  refers_to_intake_id: number | null;
  from_code: string;
  from_name: string;
  subject: string;
  number_notation: string;
  header_json: string;
  attachments_json: string;
  verification_json: string;
  package_sha256: string;
  state: IntakeState;
  notice: string;
  document_id: number | null;
  reason: string | null;
  received_at: string;
  decided_at: string | null;
  decided_by: string | null;
}

export interface RecipientRow {
  document_id: number;
  recipient_code: string;
  recipient_name: string;
  exchange_document_id: string;
  status: RecipientStatus;
  status_code: string | null;
  detail: string;
  updated_at: string;
}

export interface EventRow {
  id: number;
  document_id: number | null;
  intake_id: number | null;
  recipient_code: string | null;
  event: string;
  status_code: string | null;
  detail: string;
  at: string;
}

/** release_recipients.delivery (documents module) for each exchange status. */
const DELIVERY_OF: Record<RecipientStatus, 'pending' | 'sent' | 'delivered' | 'failed'> = {
  queued: 'pending', sent: 'sent', arrived: 'delivered', accepted: 'delivered', assigned: 'delivered', in_process: 'delivered', completed: 'delivered',
  rejected: 'failed', failed: 'failed', refused: 'failed', cancelled: 'failed',
};

export function newDeliveryId(): string {
  return randomBytes(16).toString('hex');
}

export class ExchangeRepository {
  constructor(readonly db: Database) {}

  private readonly statements = new Map<string, Statement>();
  /** Prepared once per SQL text: preparing costs more than running most of these small queries. */
  private q(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  // ---- settings ----
  settings(): SettingsRow {
    return this.q('SELECT * FROM exchange_settings WHERE id = 1').get() as SettingsRow;
  }
  putSettings(s: Omit<SettingsRow, 'updated_at'>, now: string): void {
    this
      .q(
        `UPDATE exchange_settings SET axis_url = @axis_url, system_id = @system_id, secret = @secret, enabled = @enabled, poll_seconds = @poll_seconds,
         max_tries = @max_tries, backoff_base_ms = @backoff_base_ms, backoff_max_ms = @backoff_max_ms, updated_at = @now WHERE id = 1`,
      )
      .run({ ...s, now });
  }

  // ---- outbox ----
  outbox(id: number): OutboxRow | undefined {
    return this.q('SELECT * FROM exchange_outbox WHERE id = ?').get(id) as OutboxRow | undefined;
  }
  due(nowMs: number, limit: number): OutboxRow[] {
    return this.q("SELECT * FROM exchange_outbox WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?").all(nowMs, limit) as OutboxRow[];
  }
  nextDueAt(): number | undefined {
    return (this.q("SELECT min(next_attempt_at) AS t FROM exchange_outbox WHERE state = 'queued'").get() as { t: number | null }).t ?? undefined;
  }
  countByState(): Record<OutboxState, number> {
    const out: Record<OutboxState, number> = { queued: 0, sent: 0, failed: 0, refused: 0, cancelled: 0 };
    for (const r of this.q('SELECT state, count(*) AS n FROM exchange_outbox GROUP BY state').all() as { state: OutboxState; n: number }[]) out[r.state] = r.n;
    return out;
  }
  listOutbox(q: { state?: OutboxState; documentId?: number; limit: number; offset: number }): OutboxRow[] {
    return this
      .q(
        `SELECT id, delivery_id, kind, document_id, intake_id, recipient_code, recipient_name, exchange_document_id, status_code, description, NULL AS package,
                package_sha256, package_segment, package_offset, package_size, state, tries, next_attempt_at, last_error, edoc_id, created_at, sent_at, updated_at
         FROM exchange_outbox WHERE (@state IS NULL OR state = @state) AND (@doc IS NULL OR document_id = @doc) ORDER BY id DESC LIMIT @limit OFFSET @offset`,
      )
      .all({ state: q.state ?? null, doc: q.documentId ?? null, limit: q.limit, offset: q.offset }) as OutboxRow[];
  }
  insertOutbox(r: Pick<OutboxRow, 'kind' | 'document_id' | 'intake_id' | 'recipient_code' | 'recipient_name' | 'exchange_document_id' | 'status_code' | 'description' | 'package' | 'package_sha256' | 'state' | 'last_error'>, now: string): number | undefined {
    const res = this
      .q(
        `INSERT OR IGNORE INTO exchange_outbox (delivery_id, kind, document_id, intake_id, recipient_code, recipient_name, exchange_document_id, status_code, description, package, package_sha256, state, last_error, created_at, updated_at)
         VALUES (@delivery_id, @kind, @document_id, @intake_id, @recipient_code, @recipient_name, @exchange_document_id, @status_code, @description, @package, @package_sha256, @state, @last_error, @now, @now)`,
      )
      .run({ ...r, delivery_id: newDeliveryId(), now });
    return res.changes ? Number(res.lastInsertRowid) : undefined;
  }
  /** The built package: its bytes in the row (small ones), or where they are in the outbox segment log. */
  setPackage(id: number, pkg: Buffer | { segment: number; offset: number; length: number }, sha256: string, now: string): void {
    const inRow = Buffer.isBuffer(pkg);
    this.q(
      `UPDATE exchange_outbox SET package = ?, package_sha256 = ?, package_segment = ?, package_offset = ?, package_size = ?, updated_at = ?
       WHERE id = ? AND package IS NULL AND package_sha256 IS NULL`,
    ).run(inRow ? pkg : null, sha256, inRow ? null : pkg.segment, inRow ? null : pkg.offset, inRow ? pkg.length : pkg.length, now, id);
  }
  markSent(id: number, edocId: string, now: string): boolean {
    return this.q("UPDATE exchange_outbox SET state = 'sent', edoc_id = ?, tries = tries + 1, sent_at = ?, last_error = NULL, updated_at = ? WHERE id = ? AND state = 'queued'").run(edocId, now, now, id).changes === 1;
  }
  markRetry(id: number, error: string, nextAt: number, now: string): void {
    this.q("UPDATE exchange_outbox SET tries = tries + 1, last_error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ? AND state = 'queued'").run(error, nextAt, now, id);
  }
  markFailed(id: number, error: string, now: string): void {
    this.q("UPDATE exchange_outbox SET state = 'failed', tries = tries + 1, last_error = ?, updated_at = ? WHERE id = ? AND state = 'queued'").run(error, now, id);
  }
  requeue(id: number, now: string): boolean {
    return this.q("UPDATE exchange_outbox SET state = 'queued', tries = 0, next_attempt_at = 0, last_error = NULL, updated_at = ? WHERE id = ? AND state = 'failed'").run(now, id).changes === 1;
  }
  cancel(id: number, now: string): boolean {
    return this.q("UPDATE exchange_outbox SET state = 'cancelled', updated_at = ? WHERE id = ? AND state IN ('queued', 'failed')").run(now, id).changes === 1;
  }

  // ---- recipients (per outgoing document) ----
  recipients(documentId: number): RecipientRow[] {
    return this.q('SELECT * FROM exchange_recipients WHERE document_id = ? ORDER BY recipient_code').all(documentId) as RecipientRow[];
  }
  recipientByExchangeId(exchangeDocumentId: string, recipientCode: string): RecipientRow | undefined {
    return this.q('SELECT * FROM exchange_recipients WHERE exchange_document_id = ? AND recipient_code = ?').get(exchangeDocumentId, recipientCode) as RecipientRow | undefined;
  }
  upsertRecipient(r: Omit<RecipientRow, 'status_code'> & { status_code?: string | null }): void {
    this
      .q(
        `INSERT INTO exchange_recipients (document_id, recipient_code, recipient_name, exchange_document_id, status, status_code, detail, updated_at)
         VALUES (@document_id, @recipient_code, @recipient_name, @exchange_document_id, @status, @status_code, @detail, @updated_at)
         ON CONFLICT(document_id, recipient_code) DO UPDATE SET status = excluded.status, status_code = coalesce(excluded.status_code, status_code), detail = excluded.detail, updated_at = excluded.updated_at`,
      )
      .run({ status_code: null, ...r });
    // Mirror onto the documents module's release list, so the document view shows delivery too.
    this
      .q("UPDATE release_recipients SET delivery = ?, updated_at = ? WHERE document_id = ? AND kind = 'agency' AND agency_code = ? AND delivery IS NOT ?")
      .run(DELIVERY_OF[r.status], r.updated_at, r.document_id, r.recipient_code, DELIVERY_OF[r.status]);
  }

  // ---- inbox ----
  seen(edocId: string): { outcome: SeenOutcome; acked: number; intake_id: number | null } | undefined {
    return this.q('SELECT outcome, acked, intake_id FROM exchange_seen WHERE edoc_id = ?').get(edocId) as never;
  }
  markSeen(r: { edocId: string; kind: 'document' | 'status'; exchangeDocumentId: string | null; fromCode: string | null; outcome: SeenOutcome; intakeId: number | null }, now: string): void {
    this
      .q('INSERT INTO exchange_seen (edoc_id, kind, exchange_document_id, from_code, outcome, intake_id, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(r.edocId, r.kind, r.exchangeDocumentId, r.fromCode, r.outcome, r.intakeId, now);
  }
  markAcked(edocId: string): void {
    this.q('UPDATE exchange_seen SET acked = 1 WHERE edoc_id = ?').run(edocId);
  }

  statusAlreadyApplied(exchangeDocumentId: string, fromCode: string, code: string): boolean {
    return !!this.q('SELECT 1 FROM exchange_status_received WHERE exchange_document_id = ? AND from_code = ? AND status_code = ?').get(exchangeDocumentId, fromCode, code);
  }
  recordStatusReceived(exchangeDocumentId: string, fromCode: string, code: string, documentId: number | null, edocId: string, now: string): void {
    this
      .q('INSERT OR IGNORE INTO exchange_status_received (exchange_document_id, from_code, status_code, document_id, edoc_id, received_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(exchangeDocumentId, fromCode, code, documentId, edocId, now);
  }

  // ---- intake ----
  intake(id: number): IntakeRow | undefined {
    return this.q('SELECT * FROM exchange_intake WHERE id = ?').get(id) as IntakeRow | undefined;
  }
  /**
   * The intake item a received message repeats: same sender, business type and DocumentId (`key`),
   * or the same under the key format used before the sender was part of it (`legacyKey`).
   */
  intakeDuplicateOf(key: string, legacyKey: string, fromCode: string): IntakeRow | undefined {
    return this.q('SELECT * FROM exchange_intake WHERE dedupe_key = ? OR (dedupe_key = ? AND from_code = ?) LIMIT 1').get(key, legacyKey, fromCode) as IntakeRow | undefined;
  }
  /** The earliest new-document intake item with this DocumentId from this sender (the target of a revoke/update/replace). */
  intakeOriginal(exchangeDocumentId: string, fromCode: string): IntakeRow | undefined {
    return this.q('SELECT * FROM exchange_intake WHERE exchange_document_id = ? AND from_code = ? AND business_type = 0 ORDER BY id LIMIT 1').get(exchangeDocumentId, fromCode) as IntakeRow | undefined;
  }
  intakeByDocument(documentId: number): IntakeRow | undefined {
    return this.q('SELECT * FROM exchange_intake WHERE document_id = ?').get(documentId) as IntakeRow | undefined;
  }
  listIntake(q: { state?: IntakeState; limit: number; offset: number }): IntakeRow[] {
    return this.q('SELECT * FROM exchange_intake WHERE (@state IS NULL OR state = @state) ORDER BY id DESC LIMIT @limit OFFSET @offset').all({ state: q.state ?? null, limit: q.limit, offset: q.offset }) as IntakeRow[];
  }
  countIntake(state?: IntakeState): number {
    return (this.q('SELECT count(*) AS n FROM exchange_intake WHERE (? IS NULL OR state = ?)').get(state ?? null, state ?? null) as { n: number }).n;
  }
  insertIntake(r: Omit<IntakeRow, 'id' | 'state' | 'notice' | 'document_id' | 'reason' | 'decided_at' | 'decided_by'>): number {
    return Number(
      this
        .q(
          `INSERT INTO exchange_intake (edoc_id, dedupe_key, exchange_document_id, business_type, refers_to_intake_id, from_code, from_name, subject, number_notation,
             header_json, attachments_json, verification_json, package_sha256, state, received_at)
           VALUES (@edoc_id, @dedupe_key, @exchange_document_id, @business_type, @refers_to_intake_id, @from_code, @from_name, @subject, @number_notation,
             @header_json, @attachments_json, @verification_json, @package_sha256, 'pending', @received_at)`,
        )
        .run(r).lastInsertRowid,
    );
  }
  addNotice(id: number, notice: string): void {
    this.q("UPDATE exchange_intake SET notice = CASE WHEN notice = '' THEN ? ELSE notice || char(10) || ? END WHERE id = ?").run(notice, notice, id);
  }
  decideIntake(id: number, state: 'registered' | 'rejected', documentId: number | null, reason: string | null, by: string, now: string): boolean {
    return this.q("UPDATE exchange_intake SET state = ?, document_id = ?, reason = ?, decided_by = ?, decided_at = ? WHERE id = ? AND state = 'pending'").run(state, documentId, reason, by, now, id).changes === 1;
  }

  // ---- received files waiting in the inbox log ----
  inboxFile(sha256: string): { segment: number; offset: number; size: number } | undefined {
    return this.q('SELECT segment, offset, size FROM exchange_inbox_files WHERE sha256 = ?').get(sha256) as never;
  }
  addInboxFile(sha256: string, ref: { segment: number; offset: number; length: number }, now: string): void {
    this.q('INSERT OR IGNORE INTO exchange_inbox_files (sha256, segment, offset, size, received_at) VALUES (?, ?, ?, ?, ?)').run(sha256, ref.segment, ref.offset, ref.length, now);
  }

  // ---- quarantine ----
  quarantine(edocId: string, raw: Uint8Array, reason: string, now: string): void {
    this.q('INSERT OR IGNORE INTO exchange_quarantine (edoc_id, raw, reason, at) VALUES (?, ?, ?, ?)').run(edocId, Buffer.from(raw), reason, now);
  }
  quarantined(limit = 100): { id: number; edoc_id: string; reason: string; at: string; size: number }[] {
    return this.q('SELECT id, edoc_id, reason, at, length(raw) AS size FROM exchange_quarantine ORDER BY id DESC LIMIT ?').all(limit) as never;
  }

  // ---- timeline ----
  event(e: { documentId?: number | null; intakeId?: number | null; recipientCode?: string | null; event: string; statusCode?: string | null; detail?: string }, now: string): void {
    this
      .q('INSERT INTO exchange_events (document_id, intake_id, recipient_code, event, status_code, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(e.documentId ?? null, e.intakeId ?? null, e.recipientCode ?? null, e.event, e.statusCode ?? null, e.detail ?? '', now);
  }
  events(q: { documentId?: number; intakeId?: number }): EventRow[] {
    return this
      .q('SELECT * FROM exchange_events WHERE (@doc IS NOT NULL AND document_id = @doc) OR (@intake IS NOT NULL AND intake_id = @intake) ORDER BY id')
      .all({ doc: q.documentId ?? null, intake: q.intakeId ?? null }) as EventRow[];
  }
}
