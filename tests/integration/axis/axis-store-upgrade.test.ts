import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AxisStore } from '../../../server/axis/store';
import { tempDir } from './helpers';

/** A store as an older axis left it: one system, and `edocs` with the columns of that time after `size`. */
function oldStore(dir: string, edocsTail: string): BetterSqlite3.Database {
  const old = new BetterSqlite3(path.join(dir, 'axis.db'));
  old.exec(`
    CREATE TABLE systems (system_id TEXT PRIMARY KEY, name TEXT NOT NULL, secret TEXT NOT NULL, created_at TEXT NOT NULL);
    CREATE TABLE edocs (seq INTEGER PRIMARY KEY AUTOINCREMENT, edoc_id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, sender_system TEXT NOT NULL,
      from_organ TEXT NOT NULL, document_id TEXT NOT NULL, subject TEXT, status_code TEXT, body_sha256 TEXT NOT NULL, sha256 TEXT NOT NULL,
      size INTEGER NOT NULL, ${edocsTail});
    INSERT INTO systems VALUES ('sys-a', 'A', 'secret', '2026-11-20T00:00:00Z');`);
  return old;
}

describe('axis store upgrade', () => {
  it('opens a store from before package bytes had their own table, keeping every package', () => {
    const dir = tempDir();
    const old = oldStore(dir, 'package BLOB NOT NULL, created_at TEXT NOT NULL');
    old.exec(`
      INSERT INTO edocs(edoc_id, kind, sender_system, from_organ, document_id, body_sha256, sha256, size, package, created_at)
        VALUES ('old-1', 'document', 'sys-a', 'H17', 'H17,2026/11/20,1/UBND', 'b', 'h', 3, x'414243', '2026-11-20T00:00:00Z');`);
    old.close();

    const store = new AxisStore(dir);
    try {
      expect(Buffer.from(store.edocFor('old-1', 'sys-a', [])!).toString()).toBe('ABC');
      store.storeEdoc({ kind: 'document', senderSystem: 'sys-a', fromOrgan: 'H17', documentId: 'H17,2026/11/20,2/UBND', bodySha256: 'b2', sha256: 'h2', packageBytes: Buffer.from('XYZ'), recipients: ['G22'] });
      expect(store.counts()).toEqual({ edocs: 2, deliveries: 1, pending: 1 });
    } finally {
      store.close();
    }
  });

  it('opens a store from before the segment log, reading its package files and appending new packages to the log', () => {
    const dir = tempDir();
    const old = oldStore(dir, 'created_at TEXT NOT NULL, body_file TEXT');
    // A large package kept as a content-addressed file, as stores made before the log did.
    const oldBytes = randomBytes(20_000);
    const name = createHash('sha256').update(oldBytes).digest('hex');
    fs.mkdirSync(path.join(dir, 'packages', name.slice(0, 2)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'packages', name.slice(0, 2), name), oldBytes);
    old.prepare(`INSERT INTO edocs(edoc_id, kind, sender_system, from_organ, document_id, body_sha256, sha256, size, created_at, body_file)
      VALUES ('old-file', 'document', 'sys-a', 'H17', 'H17,2026/11/20,1/UBND', 'b', ?, ?, '2026-11-20T00:00:00Z', ?)`).run(name, oldBytes.length, name);
    old.close();

    const store = new AxisStore(dir);
    try {
      expect(Buffer.from(store.edocFor('old-file', 'sys-a', [])!).equals(oldBytes)).toBe(true);
      const newBytes = randomBytes(30_000);
      const id = store.storeEdoc({ kind: 'document', senderSystem: 'sys-a', fromOrgan: 'H17', documentId: 'H17,2026/11/20,2/UBND', bodySha256: 'b2', sha256: 'h2', packageBytes: newBytes, recipients: ['G22'] });
      expect(Buffer.from(store.packageBytes(id)!).equals(newBytes)).toBe(true);
      expect(store.db.prepare('SELECT body_file, body_segment FROM edocs WHERE edoc_id = ?').get(id)).toEqual({ body_file: null, body_segment: 1 });
    } finally {
      store.close();
    }
  });
});
