// The axis stub's own SQLite store (not the app's database): systems, the agency directory,
// packages and one delivery row per recipient. WAL + synchronous=FULL: an acknowledged send
// survives a crash.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import BetterSqlite3, { type Database, type Statement } from 'better-sqlite3';
import type { ExchangeOrgan } from '../../core/exchange/edxml/types';
import type { AxisAgency, AxisListedEdoc, AxisSentEdoc } from '../../core/exchange/axisClient';
import { SegmentLog, type SegmentRef } from '../../core/storage/segmentLog';
import { WalFlusher } from '../../core/storage/walFlush';

export const AXIS_DB_FILE = 'axis.db';
/**
 * Package bytes: appended to the segment log `<dataDir>/packages/log/NNNNNN.seg` (core/storage/
 * segmentLog.ts). Stores from before the log hold one content-addressed file per package,
 * `<dataDir>/packages/<2 hex>/<SHA-256>`; those are still read.
 */
export const AXIS_PACKAGES_DIR = 'packages';
/** Packages at least this big go to the segment log; smaller ones (statuses) into the database with their row. */
export const PACKAGE_LOG_BYTES = 16 * 1024;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS systems (
  system_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  secret TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS agencies (
  organ_id TEXT PRIMARY KEY,
  system_id TEXT NOT NULL REFERENCES systems(system_id),
  organ_name TEXT NOT NULL,
  details TEXT NOT NULL,
  registered_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS edocs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  edoc_id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('document','status')),
  sender_system TEXT NOT NULL,
  from_organ TEXT NOT NULL,
  document_id TEXT NOT NULL,
  subject TEXT,
  status_code TEXT,
  body_sha256 TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  body_file TEXT,
  body_segment INTEGER,
  body_offset INTEGER
);
-- Small packages (statuses) are kept here, in the row's transaction; large ones are in the segment
-- log (edocs.body_segment, body_offset, size), or in files (edocs.body_file) in stores from before
-- the log. Stores made before package files kept every package here.
CREATE TABLE IF NOT EXISTS edoc_bodies (
  edoc_seq INTEGER PRIMARY KEY REFERENCES edocs(seq),
  package BLOB NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS edocs_dedupe ON edocs(sender_system, body_sha256);
CREATE INDEX IF NOT EXISTS edocs_by_sender ON edocs(sender_system, seq);
CREATE TABLE IF NOT EXISTS deliveries (
  edoc_seq INTEGER NOT NULL REFERENCES edocs(seq),
  organ_id TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending','done','failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (edoc_seq, organ_id)
);
-- Only open deliveries are indexed, in arrival order: listing stays a short index walk however
-- many acknowledged packages the axis holds.
CREATE INDEX IF NOT EXISTS deliveries_open ON deliveries(organ_id, edoc_seq) WHERE state != 'done';
CREATE TABLE IF NOT EXISTS nonces (
  system_id TEXT NOT NULL,
  nonce TEXT NOT NULL,
  seen_at INTEGER NOT NULL,
  PRIMARY KEY (system_id, nonce)
);
CREATE INDEX IF NOT EXISTS nonces_age ON nonces(seen_at);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

export interface StoredEdocInput {
  kind: 'document' | 'status';
  senderSystem: string;
  fromOrgan: string;
  documentId: string;
  subject?: string;
  statusCode?: string;
  bodySha256: string;
  sha256: string;
  packageBytes: Uint8Array;
  recipients: string[];
}

/** Where a package's bytes are: the segment log (large ones) or the row's own table (small ones). */
type StoredBody = { bodyRef: SegmentRef; body?: undefined } | { body: Uint8Array; bodyRef?: undefined };

type BodyColumns = { body_file: string | null; body_segment: number | null; body_offset: number | null; size: number };

export class AxisStore {
  readonly db: Database;

  readonly packagesDir: string;

  readonly packageLog: SegmentLog;

  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, AXIS_DB_FILE);
    this.db = new BetterSqlite3(file);
    // The store holds every system's HMAC secret (the axis needs the key itself to check a
    // signature): only the account running the axis may read it.
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (fs.existsSync(f)) fs.chmodSync(f, 0o600);
    this.packagesDir = path.join(dataDir, AXIS_PACKAGES_DIR);
    this.packageLog = new SegmentLog(path.join(this.packagesDir, 'log'), { mode: 0o600 });
    this.db.pragma('journal_mode = WAL');
    // Commits write the WAL without flushing it; whoever commits then flushes the WAL file before
    // answering (flushWal, or flushWalSync for the rare admin writes). That is what FULL does at
    // each commit, but the flush runs on the thread pool and one flush covers every commit made
    // meanwhile, instead of blocking the event loop once per commit.
    this.db.pragma('synchronous = NORMAL');
    this.wal = new WalFlusher(this.db);
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.upgradeOldLayout();
  }

  /**
   * Stores made before package bytes moved to `edoc_bodies` kept them in `edocs.package`; stores
   * made before package files have no `body_file` column (their rows stay in edoc_bodies); stores
   * made before the segment log have no `body_segment`/`body_offset` (their files stay where they are).
   */
  private upgradeOldLayout(): void {
    const cols = this.db.prepare('PRAGMA table_info(edocs)').all() as { name: string }[];
    if (!cols.some((c) => c.name === 'body_file')) this.db.exec('ALTER TABLE edocs ADD COLUMN body_file TEXT');
    if (!cols.some((c) => c.name === 'body_segment')) this.db.exec('ALTER TABLE edocs ADD COLUMN body_segment INTEGER; ALTER TABLE edocs ADD COLUMN body_offset INTEGER');
    if (!cols.some((c) => c.name === 'package')) return;
    this.db.transaction(() => {
      this.db.exec('INSERT OR IGNORE INTO edoc_bodies(edoc_seq, package) SELECT seq, package FROM edocs');
      this.db.exec('ALTER TABLE edocs DROP COLUMN package');
    })();
  }
  private readonly statements = new Map<string, Statement>();

  /** Prepared statements are cached: preparing costs more than running these small queries. */
  private q(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  close(): void {
    this.db.close();
    this.packageLog.closeSync();
    this.wal.close();
  }

  private readonly wal: WalFlusher;

  /** Flushes every commit made so far to disk (the WAL file) without blocking the event loop; joins a flush already running. */
  flushWal(): Promise<void> {
    return this.wal.flush();
  }

  flushWalSync(): void {
    this.wal.flushSync();
  }

  setting(key: string): string | undefined {
    return (this.q('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setSetting(key: string, value: string): void {
    this.q('INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
    this.flushWalSync();
  }

  // ---- systems ----

  createSystem(name: string, systemId?: string): { systemId: string; secret: string } {
    const id = systemId ?? `sys-${randomBytes(6).toString('hex')}`;
    const secret = randomBytes(32).toString('base64url');
    this.q('INSERT INTO systems(system_id, name, secret, created_at) VALUES (?, ?, ?, ?)').run(id, name, secret, new Date().toISOString());
    this.flushWalSync();
    return { systemId: id, secret };
  }

  /** Secrets change only when a system is created; every request needs one. */
  private readonly secrets = new Map<string, string>();

  systemSecret(systemId: string): string | undefined {
    const known = this.secrets.get(systemId);
    if (known !== undefined) return known;
    const secret = (this.q('SELECT secret FROM systems WHERE system_id = ?').get(systemId) as { secret: string } | undefined)?.secret;
    if (secret !== undefined) this.secrets.set(systemId, secret);
    return secret;
  }

  // ---- agencies ----

  /**
   * The agency directory, read once and kept: every request asks which agencies its system hosts,
   * and every send whether its recipients exist. Only registerAgency and unregisterAgency change it.
   */
  private directory: { byOrgan: Map<string, AxisAgency>; bySystem: Map<string, string[]> } | undefined;

  private loadDirectory(): NonNullable<AxisStore['directory']> {
    if (this.directory) return this.directory;
    const byOrgan = new Map<string, AxisAgency>();
    const bySystem = new Map<string, string[]>();
    for (const row of this.q('SELECT * FROM agencies ORDER BY organ_id').all() as AgencyRow[]) {
      byOrgan.set(row.organ_id, agencyFromRow(row));
      const list = bySystem.get(row.system_id);
      if (list) list.push(row.organ_id);
      else bySystem.set(row.system_id, [row.organ_id]);
    }
    return (this.directory = { byOrgan, bySystem });
  }

  agency(organId: string): AxisAgency | undefined {
    const a = this.loadDirectory().byOrgan.get(organId);
    return a && { ...a };
  }

  hasAgency(organId: string): boolean {
    return this.loadDirectory().byOrgan.has(organId);
  }

  registerAgency(systemId: string, organ: ExchangeOrgan): AxisAgency {
    const now = new Date().toISOString();
    const { organId, organName, ...details } = organ;
    this.q(
        `INSERT INTO agencies(organ_id, system_id, organ_name, details, registered_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(organ_id) DO UPDATE SET organ_name = excluded.organ_name, details = excluded.details`,
      )
      .run(organId, systemId, organName, JSON.stringify(details), now);
    this.directory = undefined;
    this.flushWalSync();
    return this.agency(organId)!;
  }

  unregisterAgency(organId: string): boolean {
    const gone = this.q('DELETE FROM agencies WHERE organ_id = ?').run(organId).changes === 1;
    this.directory = undefined;
    this.flushWalSync();
    return gone;
  }

  agencies(): AxisAgency[] {
    return [...this.loadDirectory().byOrgan.values()].map((a) => ({ ...a }));
  }

  /** The codes a system hosts, sorted (shared: do not modify). */
  agenciesOf(systemId: string): readonly string[] {
    return this.loadDirectory().bySystem.get(systemId) ?? [];
  }

  // ---- packages ----

  findDuplicate(senderSystem: string, bodySha256: string): { edocId: string; recipients: string[] } | undefined {
    const row = this.q('SELECT seq, edoc_id FROM edocs WHERE sender_system = ? AND body_sha256 = ?').get(senderSystem, bodySha256) as { seq: number; edoc_id: string } | undefined;
    if (!row) return undefined;
    const recipients = (this.q('SELECT organ_id FROM deliveries WHERE edoc_seq = ? ORDER BY organ_id').all(row.seq) as { organ_id: string }[]).map((r) => r.organ_id);
    return { edocId: row.edoc_id, recipients };
  }

  private packagePath(name: string): string {
    return path.join(this.packagesDir, name.slice(0, 2), name);
  }

  /**
   * Appends package bytes to the segment log; they are on disk once `packageLog.flush()` resolves,
   * and the row naming them is committed after that. A crash between the two leaves bytes no row
   * names, which are never read.
   */
  appendPackage(bytes: Uint8Array): SegmentRef {
    return this.packageLog.append(bytes);
  }

  /**
   * The package row and one pending delivery per recipient, for bytes already appended and flushed
   * (`bodyRef`) or small enough to go with the row (`body`). Call inside a transaction (the group
   * commit's).
   */
  insertEdoc(e: Omit<StoredEdocInput, 'packageBytes'> & { size: number } & StoredBody): string {
    const edocId = randomUUID();
    const now = new Date().toISOString();
    const seq = this.q(
        `INSERT INTO edocs(edoc_id, kind, sender_system, from_organ, document_id, subject, status_code, body_sha256, sha256, size, created_at, body_segment, body_offset)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(edocId, e.kind, e.senderSystem, e.fromOrgan, e.documentId, e.subject ?? null, e.statusCode ?? null, e.bodySha256, e.sha256, e.size, now, e.bodyRef?.segment ?? null, e.bodyRef?.offset ?? null).lastInsertRowid;
    if (e.body) this.q('INSERT INTO edoc_bodies(edoc_seq, package) VALUES (?, ?)').run(seq, Buffer.from(e.body));
    const add = this.q("INSERT INTO deliveries(edoc_seq, organ_id, state, updated_at) VALUES (?, ?, 'pending', ?)");
    for (const r of new Set(e.recipients)) add.run(seq, r, now);
    return edocId;
  }

  /** Stores a package (bytes, then its rows in one transaction). For seeding and tests; the server uses appendPackage + insertEdoc. `durable: false` skips the flushes (benchmark seeding only). */
  storeEdoc(e: StoredEdocInput, opts: { durable?: boolean } = {}): string {
    const { packageBytes, ...meta } = e;
    let body: StoredBody = { body: packageBytes };
    if (packageBytes.byteLength >= PACKAGE_LOG_BYTES) {
      body = { bodyRef: this.appendPackage(packageBytes) };
      if (opts.durable ?? true) this.packageLog.flushSync();
    }
    const edocId = this.db.transaction(() => this.insertEdoc({ ...meta, size: packageBytes.byteLength, ...body }))();
    if (opts.durable ?? true) this.flushWalSync();
    return edocId;
  }

  /** Packages waiting for the given agencies (not yet acknowledged done), oldest first. */
  received(organIds: readonly string[], limit: number): AxisListedEdoc[] {
    const perOrgan = this.q(
      `SELECT d.edoc_seq AS seq, e.edoc_id, e.kind, e.from_organ, d.organ_id, e.document_id, e.subject, e.status_code, e.size, e.sha256, e.created_at, d.attempts
       FROM deliveries d JOIN edocs e ON e.seq = d.edoc_seq
       WHERE d.organ_id = ? AND d.state != 'done'
       ORDER BY d.edoc_seq LIMIT ?`,
    );
    // One index walk per agency, merged by arrival order (a system hosts a handful of agencies).
    const rows = organIds
      .flatMap((o) => perOrgan.all(o, limit) as (ReceivedRow & { seq: number })[])
      .sort((a, b) => a.seq - b.seq || a.organ_id.localeCompare(b.organ_id))
      .slice(0, limit);
    return rows.map((r) => ({
      edocId: r.edoc_id,
      kind: r.kind,
      fromOrganId: r.from_organ,
      toOrganId: r.organ_id,
      documentId: r.document_id,
      subject: r.subject ?? undefined,
      statusCode: r.status_code ?? undefined,
      size: r.size,
      sha256: r.sha256,
      sentAt: r.created_at,
      attempts: r.attempts,
    }));
  }

  /** True when the package is addressed to one of the given agencies. */
  addressedTo(edocId: string, organIds: readonly string[]): boolean {
    if (organIds.length === 0) return false;
    return !!this.q(
      `SELECT 1 FROM deliveries WHERE edoc_seq = (SELECT seq FROM edocs WHERE edoc_id = ?) AND organ_id IN (${organIds.map(() => '?').join(',')})`,
    ).get(edocId, ...organIds);
  }

  /** The package, if the caller's system sent it or one of its agencies is a recipient. */
  edocFor(edocId: string, systemId: string, organIds: readonly string[]): Uint8Array | undefined {
    const row = this.q('SELECT seq, sender_system, body_file, body_segment, body_offset, size FROM edocs WHERE edoc_id = ?').get(edocId) as (BodyColumns & { seq: number; sender_system: string }) | undefined;
    if (!row) return undefined;
    const allowed =
      row.sender_system === systemId ||
      (organIds.length > 0 && !!this.q(`SELECT 1 FROM deliveries WHERE edoc_seq = ? AND organ_id IN (${organIds.map(() => '?').join(',')})`).get(row.seq, ...organIds));
    if (!allowed) return undefined;
    return this.bodyOf(row) ?? (this.q('SELECT package FROM edoc_bodies WHERE edoc_seq = ?').get(row.seq) as { package: Buffer }).package;
  }

  /** The stored bytes of a package (no access check: for a listing already limited to the caller). */
  packageBytes(edocId: string): Uint8Array | undefined {
    const row = this.q('SELECT e.body_file, e.body_segment, e.body_offset, e.size, b.package FROM edocs e LEFT JOIN edoc_bodies b ON b.edoc_seq = e.seq WHERE e.edoc_id = ?').get(edocId) as
      | (BodyColumns & { package: Buffer | null })
      | undefined;
    if (!row) return undefined;
    return this.bodyOf(row) ?? row.package ?? undefined;
  }

  /** Bytes kept outside the database: in the segment log, or (older stores) a file. */
  private bodyOf(row: BodyColumns): Uint8Array | undefined {
    if (row.body_segment !== null && row.body_offset !== null) return this.packageLog.read({ segment: row.body_segment, offset: row.body_offset, length: row.size });
    if (row.body_file) return fs.readFileSync(this.packagePath(row.body_file));
    return undefined;
  }

  /** done/fail acknowledgement by the receiving agencies; returns how many deliveries changed. */
  acknowledge(edocId: string, organIds: readonly string[], status: 'done' | 'fail', reason: string | undefined): number {
    if (organIds.length === 0) return 0;
    const now = new Date().toISOString();
    const state = status === 'done' ? 'done' : 'failed';
    return this.q(
        `UPDATE deliveries SET state = ?, attempts = attempts + 1, last_error = ?, updated_at = ?
         WHERE edoc_seq = (SELECT seq FROM edocs WHERE edoc_id = ?) AND organ_id IN (${organIds.map(() => '?').join(',')}) AND state != 'done'`,
      )
      .run(state, status === 'fail' ? reason ?? 'failed' : null, now, edocId, ...organIds).changes;
  }

  sent(systemId: string, organId: string | undefined, limit: number): AxisSentEdoc[] {
    const rows = this.q(
        `SELECT seq, edoc_id, kind, from_organ, document_id, created_at FROM edocs
         WHERE sender_system = ? AND (? IS NULL OR from_organ = ?) ORDER BY seq DESC LIMIT ?`,
      )
      .all(systemId, organId ?? null, organId ?? null, limit) as { seq: number; edoc_id: string; kind: 'document' | 'status'; from_organ: string; document_id: string; created_at: string }[];
    const deliveries = this.q('SELECT organ_id, state, attempts, updated_at, last_error FROM deliveries WHERE edoc_seq = ? ORDER BY organ_id');
    return rows.map((r) => ({
      edocId: r.edoc_id,
      kind: r.kind,
      fromOrganId: r.from_organ,
      documentId: r.document_id,
      sentAt: r.created_at,
      deliveries: (deliveries.all(r.seq) as { organ_id: string; state: 'pending' | 'done' | 'failed'; attempts: number; updated_at: string; last_error: string | null }[]).map((d) => ({
        organId: d.organ_id,
        state: d.state,
        attempts: d.attempts,
        updatedAt: d.updated_at,
        lastError: d.last_error ?? undefined,
      })),
    }));
  }

  counts(): { edocs: number; deliveries: number; pending: number } {
    const c = (sql: string) => (this.q(sql).get() as { n: number }).n;
    return {
      edocs: c('SELECT count(*) AS n FROM edocs'),
      deliveries: c('SELECT count(*) AS n FROM deliveries'),
      pending: c("SELECT count(*) AS n FROM deliveries WHERE state != 'done'"),
    };
  }
}

interface AgencyRow {
  organ_id: string;
  system_id: string;
  organ_name: string;
  details: string;
  registered_at: string;
}

interface ReceivedRow {
  edoc_id: string;
  kind: 'document' | 'status';
  from_organ: string;
  organ_id: string;
  document_id: string;
  subject: string | null;
  status_code: string | null;
  size: number;
  sha256: string;
  created_at: string;
  attempts: number;
}

function agencyFromRow(r: AgencyRow): AxisAgency {
  return { organId: r.organ_id, organName: r.organ_name, ...(JSON.parse(r.details) as Partial<ExchangeOrgan>), systemId: r.system_id, registeredAt: r.registered_at };
}
