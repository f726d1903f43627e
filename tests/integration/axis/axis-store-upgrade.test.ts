import { describe, expect, it } from 'vitest';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AxisStore } from '../../../server/axis/store';
import { tempDir } from './helpers';

describe('axis store upgrade', () => {
  it('opens a store from before package bytes had their own table, keeping every package', () => {
    const dir = tempDir();
    const old = new BetterSqlite3(path.join(dir, 'axis.db'));
    old.exec(`
      CREATE TABLE systems (system_id TEXT PRIMARY KEY, name TEXT NOT NULL, secret TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE edocs (seq INTEGER PRIMARY KEY AUTOINCREMENT, edoc_id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, sender_system TEXT NOT NULL,
        from_organ TEXT NOT NULL, document_id TEXT NOT NULL, subject TEXT, status_code TEXT, body_sha256 TEXT NOT NULL, sha256 TEXT NOT NULL,
        size INTEGER NOT NULL, package BLOB NOT NULL, created_at TEXT NOT NULL);
      INSERT INTO systems VALUES ('sys-a', 'A', 'secret', '2026-11-20T00:00:00Z');
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
});
