// Received attachments wait in the inbox segment log until their package is registered; only a
// registered document's files go into the profile's blob store. Receiving a package thus appends
// to an open file (one shared flush per received group) instead of creating a durable file per
// attachment, which on this kind of file system costs several times more (docs/SCALING.md).
// Everything else keeps naming a received file by its SHA-256.
import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/api/errors';
import type { SegmentRef } from '../../storage/segmentLog';
import type { SyncEnv } from './env';

/** A file and the SHA-256 of its bytes (the caller has just computed it). */
export interface StagedFile {
  sha256: string;
  bytes: Uint8Array;
}

/** Appended and flushed; recorded (recordStaged) in the transaction that commits the intake naming them. */
export type Staged = { sha256: string; ref: SegmentRef }[];

/** Appends the files not held yet and resolves once they are on disk. */
export async function stageReceivedFiles(env: SyncEnv, files: StagedFile[]): Promise<Staged> {
  const staged: Staged = [];
  const seen = new Set<string>();
  for (const f of files) {
    // A file already in the blob store (registered before) is appended again: asking the file
    // system costs more than the rare copy.
    if (seen.has(f.sha256) || env.repo.inboxFile(f.sha256)) continue;
    seen.add(f.sha256);
    staged.push({ sha256: f.sha256, ref: env.inboxLog().append(f.bytes) });
  }
  if (staged.length) await env.inboxLog().flush();
  return staged;
}

/** Inside the commit transaction. */
export function recordStaged(env: SyncEnv, staged: Staged): void {
  const now = env.nowIso();
  for (const s of staged) env.repo.addInboxFile(s.sha256, s.ref, now);
}

/** The bytes of a received file (waiting in the inbox log, or already in the blob store), checked against their hash. */
export function receivedFileBytes(env: SyncEnv, sha256: string): Buffer {
  const entry = env.repo.inboxFile(sha256);
  if (!entry) return env.blobs.get(sha256); // registered, or received before the inbox log
  const bytes = env.inboxLog().read({ segment: entry.segment, offset: entry.offset, length: entry.size });
  if (createHash('sha256').update(bytes).digest('hex') !== sha256) {
    throw new AppError('FILE_CORRUPT', `The received file ${sha256.slice(0, 12)}… is damaged in the inbox store (its SHA-256 differs); ask the sender to send the document again.`);
  }
  return bytes;
}

/** Copies a received file into the blob store (when its package is registered); a no-op if it is there. */
export function promoteToBlobStore(env: SyncEnv, sha256: string): void {
  if (env.blobs.has(sha256)) return;
  const put = env.blobs.put(receivedFileBytes(env, sha256));
  if (put.sha256 !== sha256) throw new AppError('FILE_CORRUPT', `The received file ${sha256.slice(0, 12)}… changed while it was copied; try again.`);
}
