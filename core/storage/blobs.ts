import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/api/errors';

// Content-addressed file store: a file's name is its SHA-256. Writes go to a temp file in the
// same folder, are fsynced, then renamed, so a crash never leaves a half-written blob under a
// real name. Reads re-hash the bytes, so silent corruption is reported, not served.

const HEX64 = /^[0-9a-f]{64}$/;

export class BlobStore {
  constructor(readonly root: string) {
    fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
  }

  pathOf(sha256: string): string {
    if (!HEX64.test(sha256)) throw new AppError('VALIDATION', `Not a SHA-256 hex digest: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  has(sha256: string): boolean {
    return fs.existsSync(this.pathOf(sha256));
  }

  /** Stores bytes; returns their SHA-256. Idempotent. */
  put(data: Uint8Array): { sha256: string; size: number } {
    const sha256 = crypto.createHash('sha256').update(data).digest('hex');
    if (!this.has(sha256)) this.commit(sha256, (fd) => fs.writeSync(fd, data));
    return { sha256, size: data.byteLength };
  }

  /** Stores a file by streaming it in chunks (no whole-file buffer). */
  putFile(source: string, maxBytes = Number.POSITIVE_INFINITY): { sha256: string; size: number } {
    const size = fs.statSync(source).size;
    if (size > maxBytes) {
      throw new AppError('FILE_TOO_LARGE', `${path.basename(source)} is ${size} bytes; the limit is ${maxBytes} bytes.`, { details: { size, limit: maxBytes } });
    }
    const tmp = this.tmpName();
    const hash = crypto.createHash('sha256');
    const src = fs.openSync(source, 'r');
    const dst = fs.openSync(tmp, 'wx');
    try {
      const buf = Buffer.allocUnsafe(1 << 20);
      let n: number;
      while ((n = fs.readSync(src, buf, 0, buf.length, null)) > 0) {
        hash.update(buf.subarray(0, n));
        fs.writeSync(dst, buf, 0, n);
      }
      fs.fsyncSync(dst);
    } finally {
      fs.closeSync(src);
      fs.closeSync(dst);
    }
    const sha256 = hash.digest('hex');
    if (this.has(sha256)) fs.rmSync(tmp);
    else this.place(tmp, sha256);
    return { sha256, size };
  }

  /** Reads a blob and checks its hash. */
  get(sha256: string): Buffer {
    let data: Buffer;
    try {
      data = fs.readFileSync(this.pathOf(sha256));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('NOT_FOUND', `Stored file ${sha256} is missing.`);
      throw e;
    }
    const actual = crypto.createHash('sha256').update(data).digest('hex');
    if (actual !== sha256) {
      throw new AppError('INTEGRITY_FAILED', `Stored file ${sha256} is damaged (its content hashes to ${actual}). Restore it from a backup.`);
    }
    return data;
  }

  /** Every stored digest (for backups and integrity sweeps). */
  *list(): Generator<string> {
    for (const dir of fs.readdirSync(this.root)) {
      if (dir.length !== 2) continue;
      for (const name of fs.readdirSync(path.join(this.root, dir))) if (HEX64.test(name)) yield name;
    }
  }

  private tmpName(): string {
    return path.join(this.root, 'tmp', `${process.pid}-${crypto.randomBytes(8).toString('hex')}`);
  }

  private commit(sha256: string, write: (fd: number) => void): void {
    const tmp = this.tmpName();
    const fd = fs.openSync(tmp, 'wx');
    try {
      write(fd);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    this.place(tmp, sha256);
  }

  private place(tmp: string, sha256: string): void {
    const dest = this.pathOf(sha256);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.renameSync(tmp, dest);
    fsyncDir(path.dirname(dest));
  }
}

export function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
