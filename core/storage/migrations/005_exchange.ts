import type { Migration } from './index';

// Exchange with the national axis (issue 6): a transactional outbox, an idempotent inbox, the
// clerk's intake, a quarantine for packages we refuse, per-recipient statuses and the settings.
//
// The outbox rows for a release are written by triggers on release_recipients, so they commit in
// the same transaction as the release itself whichever code path released the document. The
// edXML bytes are built by the sender from the (immutable once released) document before the
// first attempt and then kept, so every retry sends byte-identical packages (the axis dedupes on
// them). Statuses 04/05/06 for documents registered from intake are queued by triggers on the
// documents workflow tables, again inside the workflow's own transaction.
export const m005Exchange: Migration = {
  version: 5,
  name: 'exchange: outbox, inbox, intake, quarantine, recipient statuses, settings',
  up(db) {
    db.exec(`
      -- One row. The secret is the HMAC key the axis gave this system: never logged or returned by
      -- the API (getSettings says only whether one is set). See docs/EXCHANGE.md.
      CREATE TABLE exchange_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        axis_url TEXT NOT NULL DEFAULT '',
        system_id TEXT NOT NULL DEFAULT '',
        secret TEXT NOT NULL DEFAULT '',
        enabled INTEGER NOT NULL DEFAULT 0,
        poll_seconds INTEGER NOT NULL DEFAULT 30,
        max_tries INTEGER NOT NULL DEFAULT 10,
        backoff_base_ms INTEGER NOT NULL DEFAULT 2000,
        backoff_max_ms INTEGER NOT NULL DEFAULT 900000,
        updated_at TEXT
      );
      INSERT INTO exchange_settings (id) VALUES (1);

      -- Packages the clerk has to look at: new documents, and revoke/update/replace notices.
      CREATE TABLE exchange_intake (
        id INTEGER PRIMARY KEY,
        edoc_id TEXT NOT NULL,
        -- business type and DocumentId: the same document delivered twice is stored once
        dedupe_key TEXT NOT NULL UNIQUE,
        exchange_document_id TEXT NOT NULL,
        business_type INTEGER NOT NULL DEFAULT 0 CHECK (business_type BETWEEN 0 AND 3),
        refers_to_intake_id INTEGER REFERENCES exchange_intake(id),
        from_code TEXT NOT NULL,
        from_name TEXT NOT NULL,
        subject TEXT NOT NULL,
        number_notation TEXT NOT NULL,
        -- the parsed package without attachment bytes (those are blobs, listed in attachments_json)
        header_json TEXT NOT NULL,
        attachments_json TEXT NOT NULL,
        verification_json TEXT NOT NULL,
        package_sha256 TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'registered', 'rejected')),
        -- what a later revoke/update/replace said about this one
        notice TEXT NOT NULL DEFAULT '',
        document_id INTEGER REFERENCES documents(id),
        reason TEXT,
        received_at TEXT NOT NULL,
        decided_at TEXT,
        decided_by TEXT
      );
      CREATE INDEX exchange_intake_state ON exchange_intake(state, id);
      CREATE INDEX exchange_intake_xid ON exchange_intake(exchange_document_id);
      CREATE UNIQUE INDEX exchange_intake_document ON exchange_intake(document_id) WHERE document_id IS NOT NULL;

      -- Everything to send: document packages (one per recipient) and status messages.
      CREATE TABLE exchange_outbox (
        id INTEGER PRIMARY KEY,
        delivery_id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('document', 'status')),
        document_id INTEGER REFERENCES documents(id),
        intake_id INTEGER REFERENCES exchange_intake(id),
        recipient_code TEXT NOT NULL,
        recipient_name TEXT NOT NULL DEFAULT '',
        exchange_document_id TEXT NOT NULL,
        status_code TEXT,
        description TEXT,
        package BLOB,
        package_sha256 TEXT,
        state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed', 'refused', 'cancelled')),
        tries INTEGER NOT NULL DEFAULT 0,
        -- epoch milliseconds; 0 = as soon as possible
        next_attempt_at INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        edoc_id TEXT,
        created_at TEXT NOT NULL,
        sent_at TEXT,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX exchange_outbox_due ON exchange_outbox(next_attempt_at, id) WHERE state = 'queued';
      CREATE INDEX exchange_outbox_document ON exchange_outbox(document_id);
      CREATE UNIQUE INDEX exchange_outbox_one_package ON exchange_outbox(document_id, recipient_code) WHERE kind = 'document';
      CREATE UNIQUE INDEX exchange_outbox_one_status ON exchange_outbox(intake_id, status_code) WHERE kind = 'status';

      -- Where each outgoing document stands with each external recipient.
      CREATE TABLE exchange_recipients (
        document_id INTEGER NOT NULL REFERENCES documents(id),
        recipient_code TEXT NOT NULL,
        recipient_name TEXT NOT NULL DEFAULT '',
        exchange_document_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'arrived', 'rejected', 'accepted', 'assigned', 'in_process', 'completed', 'failed', 'refused', 'cancelled')),
        status_code TEXT,
        detail TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        PRIMARY KEY (document_id, recipient_code)
      ) WITHOUT ROWID;
      CREATE INDEX exchange_recipients_xid ON exchange_recipients(exchange_document_id, recipient_code);

      -- The idempotent inbox: every axis package id we have handled, and how.
      CREATE TABLE exchange_seen (
        edoc_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('document', 'status')),
        exchange_document_id TEXT,
        from_code TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('intake', 'duplicate', 'status', 'quarantined', 'orphan')),
        intake_id INTEGER,
        acked INTEGER NOT NULL DEFAULT 0,
        seen_at TEXT NOT NULL
      ) WITHOUT ROWID;

      -- Statuses already applied (a status delivered twice changes nothing the second time).
      CREATE TABLE exchange_status_received (
        exchange_document_id TEXT NOT NULL,
        from_code TEXT NOT NULL,
        status_code TEXT NOT NULL,
        document_id INTEGER,
        edoc_id TEXT NOT NULL,
        received_at TEXT NOT NULL,
        PRIMARY KEY (exchange_document_id, from_code, status_code)
      ) WITHOUT ROWID;

      -- Packages refused on arrival: the raw bytes and why, nothing parsed from them.
      CREATE TABLE exchange_quarantine (
        id INTEGER PRIMARY KEY,
        edoc_id TEXT NOT NULL UNIQUE,
        raw BLOB NOT NULL,
        reason TEXT NOT NULL,
        at TEXT NOT NULL
      );

      -- The exchange timeline shown on a document (and on an intake item).
      CREATE TABLE exchange_events (
        id INTEGER PRIMARY KEY,
        document_id INTEGER,
        intake_id INTEGER,
        recipient_code TEXT,
        event TEXT NOT NULL,
        status_code TEXT,
        detail TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL
      );
      CREATE INDEX exchange_events_document ON exchange_events(document_id, id) WHERE document_id IS NOT NULL;
      CREATE INDEX exchange_events_intake ON exchange_events(intake_id, id) WHERE intake_id IS NOT NULL;

      -- Release to an external agency → one queued package for it, in the release's transaction.
      -- Confidential documents (mật and above) never go through the axis: the row is refused
      -- with the reason, so the clerk sees it and delivers on paper.
      CREATE TRIGGER exchange_release_agency AFTER INSERT ON release_recipients
        WHEN NEW.kind = 'agency'
      BEGIN
        INSERT OR IGNORE INTO exchange_outbox (delivery_id, kind, document_id, recipient_code, recipient_name, exchange_document_id, state, last_error, created_at, updated_at)
          SELECT lower(hex(randomblob(16))), 'document', d.id, NEW.agency_code, NEW.name,
                 (SELECT code FROM agency WHERE id = 1) || ',' || replace(coalesce(d.date_issued, ''), '-', '/') || ',' || coalesce(d.number_notation, ''),
                 CASE WHEN d.confidentiality = 'normal' THEN 'queued' ELSE 'refused' END,
                 CASE WHEN d.confidentiality = 'normal' THEN NULL ELSE 'EXCHANGE_CONFIDENTIAL: a ' || d.confidentiality || ' document never goes through the axis; deliver it on paper.' END,
                 strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
          FROM documents d WHERE d.id = NEW.document_id;
        INSERT OR IGNORE INTO exchange_recipients (document_id, recipient_code, recipient_name, exchange_document_id, status, detail, updated_at)
          SELECT o.document_id, o.recipient_code, o.recipient_name, o.exchange_document_id,
                 CASE o.state WHEN 'refused' THEN 'refused' ELSE 'queued' END, coalesce(o.last_error, ''), o.updated_at
          FROM exchange_outbox o WHERE o.kind = 'document' AND o.document_id = NEW.document_id AND o.recipient_code = NEW.agency_code;
        INSERT INTO exchange_events (document_id, recipient_code, event, detail, at)
          SELECT o.document_id, o.recipient_code, CASE o.state WHEN 'refused' THEN 'refused' ELSE 'queued' END, coalesce(o.last_error, o.recipient_name), o.updated_at
          FROM exchange_outbox o WHERE o.kind = 'document' AND o.document_id = NEW.document_id AND o.recipient_code = NEW.agency_code;
      END;

      -- Workflow steps on a document registered from intake → statuses back to its sender.
      -- 04 when a main handler is assigned, 05 when the main handler opens it, 06 when completed;
      -- each code once per document (the unique index makes a second assignment a no-op).
      CREATE TRIGGER exchange_status_assigned AFTER INSERT ON assignments
        WHEN NEW.role = 'main' AND EXISTS (SELECT 1 FROM exchange_intake WHERE document_id = NEW.document_id)
      BEGIN
        INSERT OR IGNORE INTO exchange_outbox (delivery_id, kind, document_id, intake_id, recipient_code, recipient_name, exchange_document_id, status_code, description, state, created_at, updated_at)
          SELECT lower(hex(randomblob(16))), 'status', i.document_id, i.id, i.from_code, i.from_name, i.exchange_document_id, '04', 'Đã phân công xử lý', 'queued',
                 strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
          FROM exchange_intake i WHERE i.document_id = NEW.document_id;
      END;
      CREATE TRIGGER exchange_status_in_process AFTER UPDATE OF read_at ON assignments
        WHEN NEW.role = 'main' AND OLD.read_at IS NULL AND NEW.read_at IS NOT NULL
          AND EXISTS (SELECT 1 FROM exchange_intake WHERE document_id = NEW.document_id)
      BEGIN
        INSERT OR IGNORE INTO exchange_outbox (delivery_id, kind, document_id, intake_id, recipient_code, recipient_name, exchange_document_id, status_code, description, state, created_at, updated_at)
          SELECT lower(hex(randomblob(16))), 'status', i.document_id, i.id, i.from_code, i.from_name, i.exchange_document_id, '05', 'Đang xử lý', 'queued',
                 strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
          FROM exchange_intake i WHERE i.document_id = NEW.document_id;
      END;
      CREATE TRIGGER exchange_status_completed AFTER UPDATE OF status ON documents
        WHEN NEW.status = 'completed' AND OLD.status IS NOT 'completed'
          AND EXISTS (SELECT 1 FROM exchange_intake WHERE document_id = NEW.id)
      BEGIN
        INSERT OR IGNORE INTO exchange_outbox (delivery_id, kind, document_id, intake_id, recipient_code, recipient_name, exchange_document_id, status_code, description, state, created_at, updated_at)
          SELECT lower(hex(randomblob(16))), 'status', i.document_id, i.id, i.from_code, i.from_name, i.exchange_document_id, '06', 'Đã hoàn thành xử lý', 'queued',
                 strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
          FROM exchange_intake i WHERE i.document_id = NEW.id;
      END;
    `);
  },
};
