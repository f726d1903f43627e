import type { Migration } from './index';

// Full-text search (issue 4). One contentless FTS5 table whose rowid follows the document date
// (day × 2^32 + document id), so "newest first" reads the index backwards and stops after a page.
// Columns: s = folded subject/notation/issuer/signer, f = folded body text, x = distinct exact
// words with diacritics, z = single filter/visibility tokens (zreg12, zpub …) that FTS5
// intersects itself. See core/documents/search/README.md.
export const m003Search: Migration = {
  version: 3,
  name: 'search: FTS5 index, document text, term statistics, saved searches',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE search_fts USING fts5(
        s, f, x, z,
        content = '', contentless_delete = 1,
        tokenize = "unicode61 remove_diacritics 0"
      );
      CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, 'row');
      -- Which FTS row holds a document, and the text searched besides its metadata.
      CREATE TABLE search_docs (
        doc_id INTEGER PRIMARY KEY,
        fts_rowid INTEGER NOT NULL,
        body TEXT NOT NULL DEFAULT ''
      );
      -- Text extracted from each attachment (PDF) by the extraction worker.
      CREATE TABLE search_attachment_text (
        attachment_id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL,
        text TEXT NOT NULL,
        pages INTEGER NOT NULL
      );
      CREATE INDEX search_attachment_text_document ON search_attachment_text(document_id);
      -- Cached document frequencies for relevance scoring (fts5vocab counts are slow for common words).
      CREATE TABLE search_term_stats (
        term TEXT PRIMARY KEY,
        docs INTEGER NOT NULL,
        indexed_docs INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE saved_searches (
        id INTEGER PRIMARY KEY,
        owner TEXT NOT NULL,
        name TEXT NOT NULL,
        query TEXT NOT NULL,
        filters_json TEXT NOT NULL,
        sort TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (owner, name)
      );
    `);
  },
};
