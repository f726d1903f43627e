import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../shared/api/errors';
import { APP_VERSION } from '../version';
import { DB_FILE, openDatabase } from './database';
import { fsyncDir } from './blobs';
import { LATEST_SCHEMA_VERSION } from './migrations/index';

// Online backup: the database through SQLite's backup API (a consistent snapshot while the app
// keeps running) plus every stored file, with a manifest of SHA-256 checksums. Blobs are
// content-addressed and written before the transaction that refers to them commits, so copying
// them after the snapshot never misses one the snapshot needs.

export const MANIFEST = 'manifest.json';
const SKIP = new Set([DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, `${DB_FILE}-journal`, 'vanthu.lock']);

export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
}
export interface Manifest {
  format: 'vanthu-backup';
  formatVersion: 1;
  createdAt: string;
  appVersion: string;
  schemaVersion: number;
  files: ManifestFile[];
}

function hashFile(file: string): { size: number; sha256: string } {
  const h = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let size = 0;
  try {
    let n: number;
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) {
      h.update(buf.subarray(0, n));
      size += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return { size, sha256: h.digest('hex') };
}

function* walk(root: string, rel = ''): Generator<string> {
  for (const ent of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const r = rel ? path.join(rel, ent.name) : ent.name;
    if (ent.isDirectory()) {
      if (r === path.join('blobs', 'tmp')) continue;
      yield* walk(root, r);
    } else if (ent.isFile() && !(rel === '' && SKIP.has(ent.name))) yield r;
  }
}

function ensureEmptyTarget(dir: string): void {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    throw new AppError('TARGET_NOT_EMPTY', `${dir} is not empty; choose a new folder so nothing is overwritten.`);
  }
}

function copyFileDurably(src: string, dest: string): void {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.copyFileSync(src, dest);
  const fd = fs.openSync(dest, 'r+');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
}

export async function backupDataDir(dataDir: string, outDir: string, progress: (m: string) => void = () => {}): Promise<Manifest> {
  const dbFile = path.join(dataDir, DB_FILE);
  if (!fs.existsSync(dbFile)) throw new AppError('NOT_INITIALIZED', `No VanThu data in ${dataDir}.`);
  ensureEmptyTarget(outDir);
  fs.mkdirSync(outDir, { recursive: true });
  const src = new BetterSqlite3(dbFile, { readonly: true, fileMustExist: true });
  let schemaVersion: number;
  try {
    src.pragma('busy_timeout = 5000');
    schemaVersion = src.pragma('user_version', { simple: true }) as number;
    progress('Copying the database…');
    await src.backup(path.join(outDir, DB_FILE));
  } finally {
    src.close();
  }
  const files: ManifestFile[] = [{ path: DB_FILE, ...hashFile(path.join(outDir, DB_FILE)) }];
  const others = [...walk(dataDir)];
  others.forEach((rel, i) => {
    if (i % 500 === 0) progress(`Copying stored files… ${i}/${others.length}`);
    const dest = path.join(outDir, 'files', rel);
    copyFileDurably(path.join(dataDir, rel), dest);
    files.push({ path: path.join('files', rel).split(path.sep).join('/'), ...hashFile(dest) });
  });
  const manifest: Manifest = { format: 'vanthu-backup', formatVersion: 1, createdAt: new Date().toISOString(), appVersion: APP_VERSION, schemaVersion, files };
  fs.writeFileSync(path.join(outDir, MANIFEST), JSON.stringify(manifest, null, 2));
  fsyncDir(outDir);
  progress(`Backup complete: ${files.length} files.`);
  return manifest;
}

/** Checks every file in a backup against its manifest; returns the manifest or throws BACKUP_INVALID. */
export function verifyBackup(backupDir: string): Manifest {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(backupDir, MANIFEST), 'utf8')) as Manifest;
  } catch (e) {
    throw new AppError('BACKUP_INVALID', `${backupDir} has no readable ${MANIFEST} (${(e as Error).message}); it is not a VanThu backup.`);
  }
  if (manifest.format !== 'vanthu-backup' || !Array.isArray(manifest.files)) throw new AppError('BACKUP_INVALID', `${backupDir}/${MANIFEST} is not a VanThu backup manifest.`);
  if (manifest.schemaVersion > LATEST_SCHEMA_VERSION) {
    throw new AppError('SCHEMA_TOO_NEW', `The backup was made by a newer VanThu (schema ${manifest.schemaVersion}); update VanThu to restore it.`);
  }
  const bad: string[] = [];
  for (const f of manifest.files) {
    if (f.path.includes('..') || path.isAbsolute(f.path)) throw new AppError('BACKUP_INVALID', `The manifest names an unsafe path: ${f.path}`);
    const p = path.join(backupDir, f.path);
    if (!fs.existsSync(p)) {
      bad.push(`${f.path} is missing`);
      continue;
    }
    const actual = hashFile(p);
    if (actual.size !== f.size || actual.sha256 !== f.sha256) bad.push(`${f.path} does not match its checksum`);
  }
  if (!manifest.files.some((f) => f.path === DB_FILE)) bad.push(`${DB_FILE} is not listed`);
  if (bad.length) {
    throw new AppError('BACKUP_INVALID', `The backup in ${backupDir} is damaged: ${bad.slice(0, 5).join('; ')}${bad.length > 5 ? ` (+${bad.length - 5} more)` : ''}. Nothing was restored.`, {
      details: { problems: bad },
    });
  }
  return manifest;
}

/** Restores into an empty or new folder; the data appears there only once everything checked out. */
export function restoreDataDir(backupDir: string, dataDir: string, progress: (m: string) => void = () => {}): Manifest {
  progress('Checking the backup…');
  const manifest = verifyBackup(backupDir);
  ensureEmptyTarget(dataDir);
  const staging = `${path.resolve(dataDir)}.restoring-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    for (const f of manifest.files) {
      const rel = f.path === DB_FILE ? DB_FILE : f.path.replace(/^files\//, '');
      copyFileDurably(path.join(backupDir, f.path), path.join(staging, rel));
    }
    const db = openDatabase(staging); // migrates an older backup forward; refuses a damaged one
    const check = db.pragma('integrity_check', { simple: true });
    db.close();
    if (check !== 'ok') throw new AppError('BACKUP_INVALID', `The backed-up database fails SQLite's integrity check: ${String(check)}`);
    if (fs.existsSync(dataDir)) fs.rmdirSync(dataDir);
    fs.renameSync(staging, dataDir);
    fsyncDir(path.dirname(path.resolve(dataDir)));
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  progress(`Restored ${manifest.files.length} files into ${dataDir}.`);
  return manifest;
}
