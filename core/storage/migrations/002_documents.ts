import type { Migration } from './index';

// Documents (Decree 30/2020): registers with yearly sequences, incoming and outgoing documents with
// the Appendix VI metadata, attachments, the outgoing draft/approval chain and the incoming
// direction/assignment workflow. Enumerations are stored as English codes (see shared/api/documents).
export const m002Documents: Migration = {
  version: 2,
  name: 'documents: registers, documents, attachments, drafts, approvals, assignments, release',
  up(db) {
    db.exec(`
      CREATE TABLE registers (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
        confidential INTEGER NOT NULL DEFAULT 0,
        -- minimum digits a number is shown with: 2 prints 01–09 as the decree writes them
        number_padding INTEGER NOT NULL DEFAULT 2 CHECK (number_padding BETWEEN 1 AND 6),
        -- optional: a register kept for one document type only
        type_code TEXT,
        unit_id INTEGER REFERENCES units(id),
        active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
      );
      -- Users who keep (clerks) or head (leaders) a register: they see its confidential documents.
      CREATE TABLE register_keepers (
        register_id INTEGER NOT NULL REFERENCES registers(id),
        user_id INTEGER NOT NULL REFERENCES users(id),
        PRIMARY KEY (register_id, user_id)
      ) WITHOUT ROWID;
      -- One sequence per register and year; a number once given (even to a cancelled document)
      -- is never given again because the counter only moves forward.
      CREATE TABLE register_counters (
        register_id INTEGER NOT NULL REFERENCES registers(id),
        year INTEGER NOT NULL,
        last_number INTEGER NOT NULL,
        PRIMARY KEY (register_id, year)
      ) WITHOUT ROWID;

      CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        direction TEXT NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
        register_id INTEGER REFERENCES registers(id),
        year INTEGER NOT NULL,
        -- the document's own number as printed (CodeNumber, e.g. "05") and as an integer
        number INTEGER,
        number_text TEXT,
        -- CodeNotation without the number (e.g. "QĐ-UBND") and the whole printed form ("05/QĐ-UBND")
        notation TEXT,
        number_notation TEXT,
        -- incoming only: the arrival number in the incoming register and when it arrived
        arrival_number INTEGER,
        arrival_at TEXT,
        issuer_name TEXT NOT NULL DEFAULT '',
        issuer_code TEXT NOT NULL DEFAULT '',
        issuer_short TEXT NOT NULL DEFAULT '',
        type_code TEXT NOT NULL,
        subject TEXT NOT NULL CHECK (length(subject) <= 500),
        language TEXT NOT NULL DEFAULT 'vi',
        pages INTEGER,
        signer TEXT NOT NULL DEFAULT '',
        signer_position TEXT NOT NULL DEFAULT '',
        date_issued TEXT,
        deadline TEXT,
        urgency TEXT NOT NULL DEFAULT 'normal' CHECK (urgency IN ('normal', 'urgent', 'very_urgent', 'flash')),
        confidentiality TEXT NOT NULL DEFAULT 'normal' CHECK (confidentiality IN ('normal', 'confidential', 'secret', 'top_secret')),
        status TEXT NOT NULL,
        -- main handler (incoming) or drafter (outgoing); the leader it was submitted to
        handler_id INTEGER REFERENCES users(id),
        leader_id INTEGER REFERENCES users(id),
        unit_id INTEGER REFERENCES units(id),
        recipients TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        result TEXT NOT NULL DEFAULT '',
        dossier_ref TEXT NOT NULL DEFAULT '',
        reply_to_id INTEGER REFERENCES documents(id),
        corrects_id INTEGER REFERENCES documents(id),
        signed_sha256 TEXT,
        signed_at TEXT,
        released_at TEXT,
        completed_at TEXT,
        cancelled_reason TEXT,
        source TEXT NOT NULL DEFAULT 'manual',
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
      );
      CREATE UNIQUE INDEX documents_arrival_number ON documents(register_id, year, arrival_number) WHERE arrival_number IS NOT NULL;
      CREATE UNIQUE INDEX documents_outgoing_number ON documents(register_id, year, number) WHERE direction = 'outgoing' AND number IS NOT NULL;
      CREATE INDEX documents_list ON documents(direction, date_issued, id);
      CREATE INDEX documents_register ON documents(register_id, year);
      CREATE INDEX documents_issuer_number ON documents(issuer_code, number_notation, date_issued);
      CREATE INDEX documents_status ON documents(status);
      CREATE INDEX documents_handler ON documents(handler_id);
      CREATE INDEX documents_reply_to ON documents(reply_to_id);

      CREATE TABLE attachments (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        role TEXT NOT NULL DEFAULT 'main' CHECK (role IN ('main', 'attachment', 'draft', 'signed')),
        file_name TEXT NOT NULL,
        mime TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        -- text extraction for search: the search worker moves pending → done | failed
        extraction TEXT NOT NULL DEFAULT 'pending' CHECK (extraction IN ('pending', 'done', 'failed', 'not_applicable')),
        extraction_error TEXT,
        -- shown to the user: e.g. 'pdf.encrypted', 'pdf.corrupt', 'pdf.noText'
        warning TEXT,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX attachments_document ON attachments(document_id);
      CREATE INDEX attachments_sha256 ON attachments(sha256);
      CREATE INDEX attachments_extraction ON attachments(extraction) WHERE extraction = 'pending';

      -- Outgoing drafts: each saved version of the draft text/file.
      CREATE TABLE draft_versions (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        version_no INTEGER NOT NULL,
        attachment_id INTEGER REFERENCES attachments(id),
        note TEXT NOT NULL DEFAULT '',
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (document_id, version_no)
      );
      CREATE TABLE comments (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        kind TEXT NOT NULL CHECK (kind IN ('comment', 'note', 'direction', 'return', 'rejection', 'result')),
        body TEXT NOT NULL,
        author_id INTEGER REFERENCES users(id),
        author TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX comments_document ON comments(document_id, id);
      -- Review/approval chain of an outgoing draft, in step order.
      CREATE TABLE approvals (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        step INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('review', 'approve')),
        user_id INTEGER NOT NULL REFERENCES users(id),
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('waiting', 'pending', 'approved', 'rejected', 'cancelled')),
        comment TEXT NOT NULL DEFAULT '',
        decided_at TEXT,
        round INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX approvals_document ON approvals(document_id, round, step);
      CREATE INDEX approvals_user ON approvals(user_id, status);
      -- Incoming handling: main handler, co-handlers and for-information readers.
      CREATE TABLE assignments (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        user_id INTEGER NOT NULL REFERENCES users(id),
        role TEXT NOT NULL CHECK (role IN ('main', 'co', 'info')),
        deadline TEXT,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'done', 'recalled', 'returned', 'forwarded')),
        assigned_by TEXT NOT NULL,
        assigned_by_id INTEGER REFERENCES users(id),
        forwarded_from INTEGER REFERENCES assignments(id),
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        read_at TEXT,
        finished_at TEXT
      );
      CREATE INDEX assignments_user ON assignments(user_id, status);
      CREATE INDEX assignments_document ON assignments(document_id);
      -- Where a released document goes: internal units and external agencies (exchange sends later).
      CREATE TABLE release_recipients (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        kind TEXT NOT NULL CHECK (kind IN ('unit', 'agency')),
        unit_id INTEGER REFERENCES units(id),
        agency_code TEXT NOT NULL DEFAULT '',
        name TEXT NOT NULL,
        delivery TEXT NOT NULL DEFAULT 'pending' CHECK (delivery IN ('pending', 'delivered', 'sent', 'failed', 'recalled')),
        updated_at TEXT NOT NULL
      );
      CREATE INDEX release_recipients_document ON release_recipients(document_id);
      CREATE INDEX release_recipients_pending ON release_recipients(delivery) WHERE delivery = 'pending';

      -- Defence in depth for rules the service enforces: numbers never go back or get freed,
      -- and what a released document says cannot change (corrections are new documents).
      CREATE TRIGGER register_counters_forward BEFORE UPDATE ON register_counters
        WHEN NEW.last_number < OLD.last_number
        BEGIN SELECT RAISE(ABORT, 'register numbers only move forward'); END;
      CREATE TRIGGER register_counters_no_delete BEFORE DELETE ON register_counters
        BEGIN SELECT RAISE(ABORT, 'register numbers are never freed'); END;
      CREATE TRIGGER documents_no_delete_numbered BEFORE DELETE ON documents
        WHEN OLD.number IS NOT NULL OR OLD.arrival_number IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'a registered document is never deleted; cancel it'); END;
      CREATE TRIGGER documents_released_immutable BEFORE UPDATE ON documents
        WHEN OLD.released_at IS NOT NULL AND (
          NEW.subject IS NOT OLD.subject OR NEW.number IS NOT OLD.number OR NEW.number_notation IS NOT OLD.number_notation
          OR NEW.date_issued IS NOT OLD.date_issued OR NEW.type_code IS NOT OLD.type_code OR NEW.signer IS NOT OLD.signer
          OR NEW.signed_sha256 IS NOT OLD.signed_sha256 OR NEW.register_id IS NOT OLD.register_id)
        BEGIN SELECT RAISE(ABORT, 'a released document cannot be changed; issue a correcting document'); END;
    `);
  },
};
