// Writing files that must survive a crash: temp file, flush, rename into place, flush the folder.
// Shared by the profile's received files (core/exchange/sync/durableBlobs.ts) and the axis stub's
// package files (server/axis/store.ts).
//
// Creating a file and the flushes go to the thread pool (creating a file can take the file system
// a millisecond: it searches for a free inode); writing into the page cache, renaming and closing
// are quick and stay on the calling thread, saving the promise-based calls' overhead.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Temp names: unique per process run (and a random part against a reused pid), a counter within it. */
const TMP_PREFIX = `${process.pid}-${randomBytes(6).toString('hex')}`;
let tmpCount = 0;

export function tempNameIn(dir: string): string {
  return path.join(dir, `${TMP_PREFIX}-${++tmpCount}`);
}

function flush(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fsync(fd, (e) => (e ? reject(e) : resolve())));
}

function open(file: string, flags: string, mode: number): Promise<number> {
  return new Promise((resolve, reject) => fs.open(file, flags, mode, (e, fd) => (e ? reject(e) : resolve(fd))));
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

/** Creates `file` (never overwriting), writes `bytes` and flushes them; the folder is made if missing. */
export async function writeFlushed(file: string, bytes: Uint8Array, mode = 0o644): Promise<void> {
  const fd = await inDir(path.dirname(file), () => open(file, 'wx', mode));
  try {
    fs.writeSync(fd, bytes);
    await flush(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Renames a flushed temp file into place (making the folder if missing); flushFolder makes it durable. */
export function renameInto(tmp: string, dest: string): Promise<void> {
  return inDir(path.dirname(dest), () => fs.renameSync(tmp, dest));
}

export async function flushFolder(dir: string): Promise<void> {
  const fd = fs.openSync(dir, 'r');
  try {
    await flush(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The whole sequence for one file: on disk under `dest` once this resolves. */
export async function storeDurably(tmpDir: string, dest: string, bytes: Uint8Array, mode = 0o644): Promise<void> {
  const tmp = tempNameIn(tmpDir);
  await writeFlushed(tmp, bytes, mode);
  await renameInto(tmp, dest);
  await flushFolder(path.dirname(dest));
}
