// The sender: delivers due outbox rows to the axis. State lives only in SQLite, so a restart picks
// up where the last run stopped. A package is built once (before its first attempt) and kept, so a
// retry after a lost answer sends the same bytes and the axis recognises it (duplicate: true)
// instead of delivering it twice.
import { createHash } from 'node:crypto';
import { AppError, isAppError } from '../../../shared/api/errors';
import type { AxisClient } from '../axisClient';
import { vietnamNow } from '../edxml';
import type { SegmentRef } from '../../storage/segmentLog';
import { buildDocumentPackage, buildStatusPackage } from './packages';
import type { OutboxRow } from './repository';
import type { SyncEnv } from './env';
import { rankOf } from './statuses';

/**
 * Errors worth another try: the axis or the network is down, the clock drifted, or our connection
 * settings are wrong (the package itself is fine; fixing the settings lets it go). A package the
 * axis refuses (EDXML_*, unknown recipient) fails at once with the axis's reason.
 */
const RETRYABLE = new Set([
  'AXIS_UNREACHABLE', 'AXIS_SERVER_ERROR', 'AXIS_AUTH_STALE', 'AXIS_AUTH_REPLAY',
  'AXIS_AUTH_MISSING', 'AXIS_AUTH_UNKNOWN_SYSTEM', 'AXIS_AUTH_BAD_SIGNATURE', 'AXIS_NOT_YOUR_AGENCY',
]);

export function isRetryable(e: unknown): boolean {
  return isAppError(e) ? RETRYABLE.has(e.code) : false;
}

function describe(e: unknown): string {
  return isAppError(e) ? `${e.code}: ${e.message}` : `INTERNAL: ${(e as Error).message}`;
}

/** Packages in flight at once per pass. */
export const SEND_CONCURRENCY = 16;

/** Exponential back-off with jitter: base·2^(tries−1), capped, then scaled by 50–100 %. */
export function backoffMs(tries: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(30, tries - 1)));
  return Math.round(raw * (0.5 + 0.5 * random()));
}

/** Packages at least this big go to the outbox segment log, smaller ones (statuses) into the row. */
const PACKAGE_LOG_BYTES = 16 * 1024;

/**
 * Builds and stores the packages of due rows that have none yet. Large packages are appended to
 * the outbox segment log and flushed (one flush for the chunk, on the thread pool) before one
 * transaction records where every package is, so the outbox rows stay small: marking a row sent
 * then rewrites a few bytes, not the whole package. A row whose package cannot be built fails
 * with the reason.
 */
async function materializeAll(env: SyncEnv, rows: OutboxRow[]): Promise<Map<number, { bytes: Uint8Array; sha256: string }>> {
  const fresh = new Map<number, { bytes: Uint8Array; sha256: string }>();
  const missing = rows.filter((r) => !hasPackage(r));
  if (!missing.length) return fresh;
  type Built = { row: OutboxRow; ok: true; bytes: Buffer; sha256: string; ref?: SegmentRef } | { row: OutboxRow; ok: false; error: unknown };
  const built = missing.map((row): Built => {
    try {
      const bytes = buildPackage(env, row);
      return { row, ok: true, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
    } catch (error) {
      return { row, ok: false, error };
    }
  });
  const large = built.filter((b): b is Extract<Built, { ok: true }> => b.ok && b.bytes.length >= PACKAGE_LOG_BYTES);
  if (large.length) {
    const log = env.outboxLog();
    for (const b of large) b.ref = log.append(b.bytes);
    await log.flush();
  }
  // Where each package is must be on disk before it is sent (a package rebuilt after a crash would
  // have other bytes, which the axis could not recognise as a retry): flushed on the thread pool.
  env.txUnflushed(() => {
    for (const b of built) {
      if (b.ok) {
        env.repo.setPackage(b.row.id, b.ref ?? b.bytes, b.sha256, env.nowIso());
        fresh.set(b.row.id, { bytes: b.bytes, sha256: b.sha256 });
        continue;
      }
      env.repo.markFailed(b.row.id, describe(b.error), env.nowIso());
      recordOutcome(env, b.row, 'failed', `The package could not be built: ${describe(b.error)}`);
      env.audit('exchange.failed', b.row, { reason: describe(b.error) });
    }
  });
  await env.durable();
  return fresh;
}

/** Built before: the bytes are in the row, in the outbox segment log, or (older rows) in the blob store. */
function hasPackage(row: OutboxRow): boolean {
  return row.package !== null || row.package_sha256 !== null;
}

/** The bytes to send and their SHA-256 (the request signature covers it); checked against the recorded hash. */
export function packageOf(env: SyncEnv, row: OutboxRow): { bytes: Uint8Array; sha256?: string } {
  if (row.package) return { bytes: row.package };
  const sha256 = row.package_sha256!;
  // A blob file is checked against its name when read.
  if (row.package_segment === null || row.package_offset === null || row.package_size === null) return { bytes: env.blobs.get(sha256), sha256 };
  const bytes = env.outboxLog().read({ segment: row.package_segment, offset: row.package_offset, length: row.package_size });
  if (createHash('sha256').update(bytes).digest('hex') !== sha256) {
    throw new AppError('FILE_CORRUPT', `The stored package of outbox entry ${row.id} is damaged (its SHA-256 differs); cancel it and send the document again.`);
  }
  return { bytes, sha256 };
}

function buildPackage(env: SyncEnv, row: OutboxRow): Buffer {
  const ts = vietnamNow(env.now());
  if (row.kind === 'document') return buildDocumentPackage(env.db, env.blobs, row, ts);
  const intake = env.repo.intake(row.intake_id!);
  if (!intake) throw new Error(`intake ${row.intake_id} is gone`);
  return buildStatusPackage(env.db, row, intake, undefined, ts);
}

function recordOutcome(env: SyncEnv, row: OutboxRow, event: 'sent' | 'retry' | 'failed', detail: string): void {
  const now = env.nowIso();
  if (row.kind === 'document' && row.document_id !== null) {
    const current = env.repo.recipients(row.document_id).find((r) => r.recipient_code === row.recipient_code);
    const target = event === 'sent' ? 'sent' : event === 'failed' ? 'failed' : undefined;
    if (target && (!current || rankOf(current.status) <= rankOf(target) || current.status === 'failed')) {
      env.repo.upsertRecipient({
        document_id: row.document_id, recipient_code: row.recipient_code, recipient_name: row.recipient_name, exchange_document_id: row.exchange_document_id,
        status: target, detail, updated_at: now,
      });
    }
  }
  env.repo.event({ documentId: row.document_id, intakeId: row.intake_id, recipientCode: row.recipient_code, event: row.kind === 'status' ? `status.${event}` : event, statusCode: row.status_code, detail }, now);
}

type Attempt = { row: OutboxRow; ok: true; edocId: string; duplicate: boolean } | { row: OutboxRow; ok: false; error: unknown };

/** Writes what one attempt found (inside the caller's transaction). */
function recordAttempt(env: SyncEnv, a: Attempt, maxTries: number, baseMs: number, maxMs: number): void {
  const { row } = a;
  if (a.ok) {
    if (!env.repo.markSent(row.id, a.edocId, env.nowIso())) return; // cancelled meanwhile
    recordOutcome(env, row, 'sent', a.duplicate ? `axis id ${a.edocId} (already there from an earlier try)` : `axis id ${a.edocId}`);
    env.audit('exchange.sent', row, { edocId: a.edocId, duplicate: a.duplicate, tries: row.tries + 1 });
    return;
  }
  const e = a.error;
  const tries = row.tries + 1;
  if (isRetryable(e) && tries < maxTries) {
    const wait = backoffMs(tries, baseMs, maxMs);
    env.repo.markRetry(row.id, describe(e), env.now().getTime() + wait, env.nowIso());
    recordOutcome(env, row, 'retry', `try ${tries} failed (${describe(e)}); next in ${Math.round(wait / 1000)} s`);
  } else {
    env.repo.markFailed(row.id, describe(e), env.nowIso());
    const why = isRetryable(e) ? `gave up after ${tries} tries: ${describe(e)}` : describe(e);
    recordOutcome(env, row, 'failed', why);
    env.audit('exchange.failed', row, { reason: why, tries });
  }
}

/** Packages are built and stored this many at a time; sending starts once the first are on disk. */
const BUILD_CHUNK = 32;

/** One document + recipient: its rows go out one after another, in queue order. */
interface Conversation {
  rows: OutboxRow[];
  /** A worker is sending its rows. */
  busy: boolean;
  /** In the waiting list for a worker. */
  queued: boolean;
  /** A send failed: the rest waits for the next pass, still in order. */
  stopped: boolean;
}

/**
 * Sends every due row, a few at a time, then records all the outcomes in one transaction. Recording
 * late is safe: a crash before it only means the same bytes are sent again, and the axis answers
 * those with the first id. The first network failure is returned so the caller can show "offline".
 *
 * Building and sending overlap: packages are built in chunks, and each chunk is sent as soon as it
 * is stored while the next is built (building all of a large queue first left the axis and the
 * network idle meanwhile).
 */
export async function sendDue(env: SyncEnv, client: AxisClient, opts: { concurrency?: number; limit?: number } = {}): Promise<{ sent: number; failed: number; error?: unknown }> {
  const due = env.repo.due(env.now().getTime(), opts.limit ?? 200);
  const attempts: Attempt[] = [];
  let firstError: unknown;
  const axisDown = () => firstError !== undefined && isRetryable(firstError); // stop hammering it
  // Rows about the same document for the same recipient (its 01, 03, 04… statuses) go one after
  // another, in queue order, so they arrive in the order they happened; different conversations go
  // side by side.
  const conversations = new Map<string, Conversation>();
  const waiting: Conversation[] = [];
  const fresh = new Map<number, { bytes: Uint8Array; sha256: string }>();
  let building = true;
  let sleepers: (() => void)[] = [];
  const wakeAll = () => {
    const s = sleepers;
    sleepers = [];
    s.forEach((r) => r());
  };
  const enqueue = (row: OutboxRow) => {
    const key = `${row.recipient_code}|${row.exchange_document_id}`;
    let c = conversations.get(key);
    if (!c) conversations.set(key, (c = { rows: [], busy: false, queued: false, stopped: false }));
    if (c.stopped) return;
    c.rows.push(row);
    if (!c.busy && !c.queued) {
      c.queued = true;
      waiting.push(c);
    }
  };
  const producer = async () => {
    try {
      for (let i = 0; i < due.length && !axisDown(); i += BUILD_CHUNK) {
        const chunk = due.slice(i, i + BUILD_CHUNK);
        // Packages built in this pass are sent from memory; older ones are read back (and checked).
        const built = await materializeAll(env, chunk);
        for (const row of chunk) {
          const pkg = built.get(row.id);
          if (pkg) fresh.set(row.id, pkg);
          if (pkg || hasPackage(row)) enqueue(row);
        }
        wakeAll();
      }
    } finally {
      building = false;
      wakeAll();
    }
  };
  const worker = async () => {
    for (;;) {
      if (axisDown()) return;
      const c = waiting.shift();
      if (!c) {
        if (!building) return;
        await new Promise<void>((resolve) => sleepers.push(resolve));
        continue;
      }
      c.queued = false;
      c.busy = true;
      while (c.rows.length && !axisDown()) {
        const row = c.rows.shift()!;
        try {
          const pkg = fresh.get(row.id) ?? packageOf(env, row);
          const res = await client.sendEdoc(pkg.bytes, pkg.sha256);
          attempts.push({ row, ok: true, edocId: res.edocId, duplicate: res.duplicate });
        } catch (e) {
          attempts.push({ row, ok: false, error: e });
          firstError ??= e;
          c.stopped = true;
          c.rows.length = 0;
        }
      }
      c.busy = false;
    }
  };
  // Several in flight: the axis commits the sends that arrive together in one transaction, so
  // pipelining turns one disk flush per package into one per group. Bounded, so a large queue
  // never opens hundreds of uploads at once.
  const settled = await Promise.allSettled([producer(), ...Array.from({ length: Math.max(1, opts.concurrency ?? SEND_CONCURRENCY) }, worker)]);
  // What was sent is recorded even when building a later chunk failed (e.g. a full disk).
  if (attempts.length) {
    const s = env.repo.settings();
    // Losing this record in a crash only means sending the same bytes again (the axis answers
    // with the first id), so it need not block the event loop on the disk either.
    env.txUnflushed(() => attempts.forEach((a) => recordAttempt(env, a, s.max_tries, s.backoff_base_ms, s.backoff_max_ms)));
    await env.durable();
  }
  const failure = settled.find((r) => r.status === 'rejected');
  if (failure) throw (failure as PromiseRejectedResult).reason;
  const sent = attempts.filter((a) => a.ok).length;
  return { sent, failed: attempts.length - sent, error: firstError };
}
