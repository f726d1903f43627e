// An append-only log of byte records in numbered segment files (`000001.seg`, `000002.seg`, …):
// the outbox's packages in a profile and the packages the axis stub holds. A record is written at
// the end of the current segment and named by where it is (segment, offset, length); the caller
// keeps that reference, with the record's SHA-256, in its own database row.
//
// Why not one file per record: on this kind of file system creating a file costs far more than
// writing it (a free-inode search, a rename, two flushes). Appending 140 KB to an open file and
// flushing a group of records at once costs about a seventh of a durable file of its own
// (docs/SCALING.md).
//
// Durability: append() writes into the page cache; flush() makes every record appended before it
// was called durable (one fdatasync per segment touched, on the thread pool, shared by every caller
// waiting at the time). Callers flush before they commit the row that names a record, so a
// committed reference always points at bytes on disk. A crash can leave bytes at the end of a
// segment that no row names; they are never read, and appends go on after them.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/api/errors';
import { SharedFlush } from './sharedFlush';

export interface SegmentRef {
  segment: number;
  offset: number;
  length: number;
}

const NAME = /^(\d{6})\.seg$/;
/** A new segment is started once the current one would pass this size. */
export const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;
/** Segments other than the current one kept open for reading. */
const OPEN_FOR_READING = 8;

function fsyncAsync(fd: number, dataOnly: boolean): Promise<void> {
  return new Promise((resolve, reject) => (dataOnly ? fs.fdatasync : fs.fsync)(fd, (e) => (e ? reject(e) : resolve())));
}

export class SegmentLog {
  private current: { segment: number; fd: number; end: number } | undefined;
  /** Segments written since the last flush started (their fds), and whether a new file needs its folder flushed. */
  private dirty = new Map<number, number>();
  /** Segments whose flush is running: their fds must stay open until it ends. */
  private inFlush = new Set<number>();
  private folderDirty = false;
  private readers = new Map<number, number>();
  private closed = false;

  constructor(
    readonly dir: string,
    private readonly opts: { segmentBytes?: number; mode?: number } = {},
  ) {
    fs.mkdirSync(dir, { recursive: true });
    const last = this.segments().pop();
    if (last !== undefined) {
      // Go on at the end of the newest segment (after any unnamed bytes a crash left there).
      const fd = fs.openSync(this.pathOf(last), 'r+');
      this.current = { segment: last, fd, end: fs.fstatSync(fd).size };
    }
  }

  /** Segment numbers on disk, oldest first. */
  segments(): number[] {
    return fs
      .readdirSync(this.dir)
      .map((n) => NAME.exec(n)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  pathOf(segment: number): string {
    return path.join(this.dir, `${String(segment).padStart(6, '0')}.seg`);
  }

  /** Writes `bytes` at the end of the log (not yet durable: see flush) and says where they are. */
  append(bytes: Uint8Array): SegmentRef {
    if (this.closed) throw new Error('the segment log is closed');
    const limit = this.opts.segmentBytes ?? DEFAULT_SEGMENT_BYTES;
    if (!this.current || (this.current.end > 0 && this.current.end + bytes.byteLength > limit)) this.startSegment();
    const cur = this.current!;
    let written = 0;
    // On a failed write the end does not move: the next record overwrites what was half written.
    while (written < bytes.byteLength) written += fs.writeSync(cur.fd, bytes, written, bytes.byteLength - written, cur.end + written);
    const ref = { segment: cur.segment, offset: cur.end, length: bytes.byteLength };
    cur.end += bytes.byteLength;
    this.dirty.set(cur.segment, cur.fd);
    return ref;
  }

  private startSegment(): void {
    const next = (this.current?.segment ?? this.segments().pop() ?? 0) + 1;
    const fd = fs.openSync(this.pathOf(next), 'wx+', this.opts.mode ?? 0o644);
    // The previous segment stays readable (and is flushed by the next flush if still dirty).
    if (this.current) this.keepForReading(this.current.segment, this.current.fd);
    this.current = { segment: next, fd, end: 0 };
    this.folderDirty = true;
  }

  private keepForReading(segment: number, fd: number): void {
    this.readers.set(segment, fd);
    if (this.readers.size <= OPEN_FOR_READING) return;
    for (const [seg, oldFd] of this.readers) {
      if (this.dirty.has(seg) || this.inFlush.has(seg)) continue; // a flush still needs the fd
      this.readers.delete(seg);
      fs.closeSync(oldFd);
      if (this.readers.size <= OPEN_FOR_READING) return;
    }
  }

  private readonly flusher = new SharedFlush(() => this.flushDirty());

  /** Resolves once every record appended before this call is on disk. */
  flush(): Promise<void> {
    return this.flusher.request();
  }

  private async flushDirty(): Promise<void> {
    const entries = [...this.dirty];
    const folder = this.folderDirty;
    this.dirty.clear();
    this.folderDirty = false;
    if (!entries.length && !folder) return;
    for (const [seg] of entries) this.inFlush.add(seg);
    try {
      await Promise.all(entries.map(([, fd]) => fsyncAsync(fd, true)));
      if (folder) {
        const dirFd = fs.openSync(this.dir, 'r');
        try {
          await fsyncAsync(dirFd, false);
        } finally {
          fs.closeSync(dirFd);
        }
      }
    } catch (e) {
      // Not known to be on disk: the next flush tries these again.
      for (const [seg, fd] of entries) if (!this.dirty.has(seg)) this.dirty.set(seg, fd);
      if (folder) this.folderDirty = true;
      throw e;
    } finally {
      for (const [seg] of entries) this.inFlush.delete(seg);
    }
  }

  /** flush() on the calling thread (seeding, tests and rare admin writes). */
  flushSync(): void {
    for (const [seg, fd] of [...this.dirty]) {
      fs.fdatasyncSync(fd);
      this.dirty.delete(seg);
    }
    if (this.folderDirty) {
      const dirFd = fs.openSync(this.dir, 'r');
      try {
        fs.fsyncSync(dirFd);
      } finally {
        fs.closeSync(dirFd);
      }
      this.folderDirty = false;
    }
  }

  private openFds(): [number, number][] {
    return [...this.readers, ...(this.current ? [[this.current.segment, this.current.fd] as [number, number]] : [])];
  }

  /** The bytes of a record; an error if the log does not hold them (a lost or damaged segment). */
  read(ref: SegmentRef): Buffer {
    if (!Number.isSafeInteger(ref.segment) || !Number.isSafeInteger(ref.offset) || !Number.isSafeInteger(ref.length) || ref.offset < 0 || ref.length < 0) {
      throw new AppError('FILE_CORRUPT', `Not a record reference: ${JSON.stringify(ref)}.`);
    }
    let fd = this.current?.segment === ref.segment ? this.current.fd : this.readers.get(ref.segment);
    if (fd === undefined) {
      try {
        fd = fs.openSync(this.pathOf(ref.segment), 'r');
      } catch (e) {
        throw new AppError('FILE_CORRUPT', `Segment ${ref.segment} of ${this.dir} is missing (${(e as NodeJS.ErrnoException).code}); restore the data folder from a backup.`);
      }
      this.keepForReading(ref.segment, fd);
    }
    const out = Buffer.allocUnsafe(ref.length);
    let got = 0;
    while (got < ref.length) {
      const n = fs.readSync(fd, out, got, ref.length - got, ref.offset + got);
      if (n === 0) throw new AppError('FILE_CORRUPT', `Segment ${ref.segment} of ${this.dir} ends before byte ${ref.offset + ref.length}; restore the data folder from a backup.`);
      got += n;
    }
    return out;
  }

  /** Waits for a running flush, then closes every file. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush().catch(() => undefined);
    this.closeSync();
  }

  /** Closes at once (unflushed records may be lost, as in a crash). */
  closeSync(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [, fd] of this.openFds()) fs.closeSync(fd);
    this.readers.clear();
    this.current = undefined;
  }
}
