import type { Migration } from './index';

// Received attachments wait in the profile's inbox segment log (`<dataDir>/exchange/inbox/`) until
// the clerk registers their package; only then are they copied into the blob store as the
// document's files. This table finds them by SHA-256 (attachments_json keeps naming them by hash,
// as before). Intake items from before the log have their files in the blob store already.
export const m009InboxFileLog: Migration = {
  version: 9,
  name: 'inbox file log',
  up(db) {
    db.exec(`
      CREATE TABLE exchange_inbox_files (
        sha256 TEXT PRIMARY KEY,
        segment INTEGER NOT NULL,
        offset INTEGER NOT NULL,
        size INTEGER NOT NULL,
        received_at TEXT NOT NULL
      );
    `);
  },
};
