// Commits flushed on the thread pool (core/storage/walFlush.ts): the exchange sync loop commits
// with synchronous=NORMAL and awaits the WAL flush before it acknowledges or sends.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { WalFlusher } from '../../../core/storage/walFlush';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function openDb(): { db: BetterSqlite3.Database; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-wal-'));
  dirs.push(dir);
  const file = path.join(dir, 'x.db');
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  return { db, file };
}

describe('WAL flush on the thread pool', () => {
  it('commits, keeps the connection at synchronous=FULL for everyone else, also when the work throws', async () => {
    const { db } = openDb();
    const wal = new WalFlusher(db);
    wal.txUnflushed(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('a'));
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(() => wal.txUnflushed(() => {
      db.prepare('INSERT INTO t (v) VALUES (?)').run('rolled back');
      throw new Error('refused');
    })).toThrow('refused');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.prepare('SELECT v FROM t').all()).toEqual([{ v: 'a' }]);
    // Inside an outer transaction it is a savepoint of it.
    db.transaction(() => wal.txUnflushed(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('nested')))();
    await Promise.all([wal.flush(), wal.flush(), wal.flush()]);
    expect((db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n).toBe(2);
    wal.close();
    db.close();
  });

  it('keeps every commit whose flush was answered through kill -9', async () => {
    const { db, file } = openDb();
    db.close();
    const writer = `
      const { default: Database } = await import('better-sqlite3');
      const { WalFlusher } = await import(${JSON.stringify(path.resolve('core/storage/walFlush.ts'))});
      const db = new Database(${JSON.stringify(file)});
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      const wal = new WalFlusher(db);
      const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
      for (let i = 0; ; i++) {
        const id = wal.txUnflushed(() => insert.run('row ' + i).lastInsertRowid);
        await wal.flush();
        process.stdout.write(id + '\\n');
      }`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', writer], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (out.split('\n').length > 300) {
          clearInterval(timer);
          resolve();
        }
      }, 10);
      child.once('exit', (code) => reject(new Error(`the writer exited by itself (${code})`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const answered = out.split('\n').slice(0, -1).map(Number);
    const after = new BetterSqlite3(file);
    const ids = new Set((after.prepare('SELECT id FROM t').all() as { id: number }[]).map((r) => r.id));
    after.close();
    expect(answered.length).toBeGreaterThan(250);
    expect(answered.filter((id) => !ids.has(id))).toEqual([]);
  }, 60_000);
});
