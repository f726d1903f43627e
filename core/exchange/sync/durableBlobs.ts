// Stores a group of received files in the profile's content-addressed blob store with the same
// guarantees as BlobStore.put (temp file, fsync, rename, fsync of the folder), but with the flushes
// of the whole group issued at once on the thread pool instead of one after another on the main
// thread. The intake rows that name these files are committed only after this resolves.
//
// Creating a file and the flushes go to the thread pool (creating a file can take the file system
// a millisecond: it searches for a free inode); writing into the page cache, renaming and closing
// are quick and stay on the main thread, saving the promise-based calls' overhead.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BlobStore } from '../../storage/blobs';

function flush(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fsync(fd, (e) => (e ? reject(e) : resolve())));
}

function openFile(file: string, flags: string): Promise<number> {
  return new Promise((resolve, reject) => fs.open(file, flags, 0o644, (e, fd) => (e ? reject(e) : resolve(fd))));
}

/** Opens (on the thread pool), runs `work` on the descriptor, and always closes it. */
async function withFd<T>(dir: string, file: string, flags: string, work: (fd: number) => Promise<T>): Promise<T> {
  const fd = await inDir(dir, () => openFile(file, flags));
  try {
    return await work(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** A file and the SHA-256 of its bytes (the caller has just computed it). */
export interface StagedFile {
  sha256: string;
  bytes: Uint8Array;
}

/** Runs `work`, creating `dir` first if it turns out to be missing (rare: once per folder). */
async function inDir<T>(dir: string, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    await fs.promises.mkdir(dir, { recursive: true });
    return await work();
  }
}

/** Temp names: unique per process run (and a random part against a reused pid), a counter within it. */
const TMP_PREFIX = `${process.pid}-${crypto.randomBytes(6).toString('hex')}`;
let tmpCount = 0;

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
      const tmp = path.join(tmpDir, `${TMP_PREFIX}-${++tmpCount}`);
      await withFd(tmpDir, tmp, 'wx', async (fd) => {
        fs.writeSync(fd, data);
        await flush(fd);
      });
      return { sha256, tmp };
    }),
  );
  const dirs = new Set<string>();
  for (const { sha256, tmp } of staged) {
    const dest = blobs.pathOf(sha256);
    await inDir(path.dirname(dest), () => fs.renameSync(tmp, dest));
    dirs.add(path.dirname(dest));
  }
  // The renames are durable once their folders are flushed.
  await Promise.all([...dirs].map((dir) => withFd(dir, dir, 'r', flush)));
}
