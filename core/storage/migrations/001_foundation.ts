import type { Migration } from './index';

export const m001Foundation: Migration = {
  version: 1,
  name: 'foundation: agency, units, users, sessions, settings, audit log',
  up(db) {
    db.exec(`
      CREATE TABLE agency (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL,
        code TEXT NOT NULL,
        short_name TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE units (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        code TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
      );
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        full_name TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        password_hash TEXT NOT NULL,
        roles TEXT NOT NULL,
        unit_id INTEGER REFERENCES units(id),
        disabled INTEGER NOT NULL DEFAULT 0,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        last_active_at TEXT NOT NULL,
        locked INTEGER NOT NULL DEFAULT 0,
        ended_at TEXT
      );
      CREATE INDEX sessions_user ON sessions(user_id);
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject_type TEXT NOT NULL,
        subject_id TEXT NOT NULL,
        before_json TEXT,
        after_json TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_subject ON audit_log(subject_type, subject_id);
      -- The newest entry's seq and hash, kept apart so deleting the tail of the log shows.
      CREATE TABLE audit_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL
      );
      -- Append-only: the application never updates or deletes audit entries.
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
    `);
  },
};
