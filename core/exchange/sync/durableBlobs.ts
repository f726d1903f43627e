// Stores a group of received files in the profile's content-addressed blob store with the same
// guarantees as BlobStore.put (temp file, fsync, rename, fsync of the folder), but with the flushes
// of the whole group issued at once on the thread pool instead of one after another on the main
// thread. The intake rows that name these files are committed only after this resolves.
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { BlobStore } from '../../storage/blobs';

async function syncPath(p: string): Promise<void> {
  const h = await fsp.open(p, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

async function writeDurably(file: string, data: Uint8Array): Promise<void> {
  const h = await fsp.open(file, 'wx');
  try {
    await h.writeFile(data);
    await h.sync();
  } finally {
    await h.close();
  }
}

/** A file and the SHA-256 of its bytes (the caller has just computed it). */
export interface StagedFile {
  sha256: string;
  bytes: Uint8Array;
}

/** Puts every file not already stored; resolves once all of them are on disk under their names. */
export async function putBlobsDurably(blobs: BlobStore, files: StagedFile[]): Promise<void> {
  const todo = new Map<string, Uint8Array>();
  for (const { sha256, bytes } of files) {
    if (!todo.has(sha256) && !blobs.has(sha256)) todo.set(sha256, bytes);
  }
  if (!todo.size) return;
  const tmpDir = path.join(blobs.root, 'tmp');
  fs.mkdirSync(tmpDir, { recursive: true });
  const staged = await Promise.all(
    [...todo].map(async ([sha256, data]) => {
      const tmp = path.join(tmpDir, `${process.pid}-${crypto.randomBytes(8).toString('hex')}`);
      await writeDurably(tmp, data);
      return { sha256, tmp };
    }),
  );
  const dirs = new Set<string>();
  for (const { sha256, tmp } of staged) {
    const dest = blobs.pathOf(sha256);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.renameSync(tmp, dest);
    dirs.add(path.dirname(dest));
  }
  await Promise.all([...dirs].map(syncPath));
}
