import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { AppError } from '../../shared/api/errors';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations/index';

export const DB_FILE = 'vanthu.db';
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export interface OpenOptions {
  readonly?: boolean;
  /** Migrations to apply (tests pass a prefix to build an older schema). */
  migrations?: readonly Migration[];
}

/** Refuses anything that is not an SQLite file before SQLite gets a chance to touch it. */
function checkHeader(file: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(16);
    const n = fs.readSync(fd, head, 0, 16, 0);
    if (n === 0) return; // empty file: SQLite treats it as a new database
    if (n < 16 || !head.equals(SQLITE_MAGIC)) {
      throw new AppError('DATA_DIR_CORRUPT', `${file} is not a VanThu database (bad header). Restore it from a backup with "vanthu restore".`);
    }
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

export function openDatabase(dataDir: string, opts: OpenOptions = {}): Database {
  const file = path.join(dataDir, DB_FILE);
  const exists = fs.existsSync(file);
  if (opts.readonly && !exists) throw new AppError('NOT_INITIALIZED', `No VanThu data in ${dataDir}. Run "vanthu init" first.`);
  if (exists) checkHeader(file);
  let db: Database;
  try {
    db = new BetterSqlite3(file, { readonly: !!opts.readonly, fileMustExist: !!opts.readonly });
  } catch (e) {
    throw new AppError('DATA_DIR_CORRUPT', `Cannot open ${file}: ${(e as Error).message}`);
  }
  try {
    db.pragma('busy_timeout = 5000');
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    const version = db.pragma('user_version', { simple: true }) as number;
    const migrations = opts.migrations ?? MIGRATIONS;
    const latest = migrations.reduce((m, x) => Math.max(m, x.version), 0);
    if (version > LATEST_SCHEMA_VERSION) {
      throw new AppError(
        'SCHEMA_TOO_NEW',
        `${file} was written by a newer VanThu (schema ${version}, this version knows up to ${LATEST_SCHEMA_VERSION}). Update VanThu; nothing was changed.`,
        { details: { found: version, supported: LATEST_SCHEMA_VERSION } },
      );
    }
    if (version < latest) {
      if (opts.readonly) {
        throw new AppError('SCHEMA_TOO_NEW', `${file} needs an upgrade (schema ${version} → ${latest}); open it with the app once first.`);
      }
      migrate(db, migrations, version);
    }
    return db;
  } catch (e) {
    db.close();
    if (e instanceof AppError) throw e;
    const code = (e as { code?: string }).code ?? '';
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new AppError('DATA_DIR_CORRUPT', `${file} is damaged (${code}). Restore it from a backup with "vanthu restore".`);
    }
    throw e;
  }
}

function migrate(db: Database, migrations: readonly Migration[], from: number): void {
  const pending = [...migrations].filter((m) => m.version > from).sort((a, b) => a.version - b.version);
  for (const m of pending) {
    // Each migration and its version bump commit together, so a crash leaves a consistent schema.
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
