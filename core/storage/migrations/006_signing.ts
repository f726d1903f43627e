import type { Migration } from './index';

// Signature verification results (issue 5), one row per stored file (blob SHA-256): a PDF that
// arrives is verified once and the verdict with its reasons is shown in the document header. The
// same bytes attached twice share the result. Re-verifying (e.g. after the trust store changed)
// replaces the row. signature_placements remembers where the leader's block went.
export const m006Signing: Migration = {
  version: 6,
  name: 'signing: kept signature verification results',
  up(db) {
    db.exec(`
      CREATE TABLE signature_checks (
        sha256 TEXT PRIMARY KEY,
        verdict TEXT NOT NULL CHECK (verdict IN ('valid', 'valid-with-later-changes', 'invalid', 'indeterminate')),
        signature_count INTEGER NOT NULL,
        report_json TEXT NOT NULL,
        checked_at TEXT NOT NULL
      );
      -- Where the leader's signature block went on a document, so the clerk's seal lands on it.
      CREATE TABLE signature_placements (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        purpose TEXT NOT NULL,
        placement_json TEXT NOT NULL,
        signed_sha256 TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX signature_placements_document ON signature_placements (document_id, id);
    `);
  },
};
