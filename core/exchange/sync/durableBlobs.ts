// Stores a group of received files in the profile's content-addressed blob store with the same
// guarantees as BlobStore.put (temp file, fsync, rename, fsync of the folder), but with the flushes
// of the whole group issued at once on the thread pool instead of one after another on the main
// thread. The intake rows that name these files are committed only after this resolves.
import path from 'node:path';
import type { BlobStore } from '../../storage/blobs';
import { flushFolder, renameInto, tempNameIn, writeFlushed } from '../../storage/durableFiles';

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
  const staged = await Promise.all(
    [...todo].map(async ([sha256, data]) => {
      const tmp = tempNameIn(tmpDir);
      await writeFlushed(tmp, data);
      return { sha256, tmp };
    }),
  );
  const dirs = new Set<string>();
  for (const { sha256, tmp } of staged) {
    const dest = blobs.pathOf(sha256);
    await renameInto(tmp, dest);
    dirs.add(path.dirname(dest));
  }
  // The renames are durable once their folders are flushed.
  await Promise.all([...dirs].map(flushFolder));
}
