import type { Migration } from './index';

// Registers of a million entries: keyset paging for documents.list and a quick inbox.
// Each list order has one sort key (an expression, so NULLs never break a cursor comparison):
//   date   → ifnull(date_issued, '')
//   number → year * 10000000 + ifnull(arrival_number, ifnull(number, 0))  (arrival number for
//            incoming, the issue number for outgoing; a register's yearly numbers stay below 10^7)
// Both orders have an index on the sort key alone and one per register (the register book, and
// jumping to a number). In date order — the default list — each other filter also has an index
// that starts with it (equality), then the sort key and id, so a page is a range walk in order
// without a sort and without visiting rows the filter rejects. Urgency and confidentiality are
// indexed only for their rare values (partial indexes): for 'normal' the plain index is as good.
// The filter columns trail in every index, so a filter is checked in the index entry and only the
// rows returned are read from the table (in number order, a status/type/handler filter is such a
// check while walking the number index). Every extra index costs each insert: this is the set
// that keeps bulk import above 5,000 documents a second. core/documents/listing.ts writes the same
// expressions (SQLite matches them textually).
const BY_DATE = "ifnull(date_issued, '')";
const BY_NUMBER = 'year * 10000000 + ifnull(arrival_number, ifnull(number, 0))';
const FILTERS = 'confidentiality, status, type_code, urgency, handler_id';

const LIST_INDEXES = `
  CREATE INDEX documents_by_date ON documents(${BY_DATE}, id, direction, register_id, ${FILTERS}, year);
  CREATE INDEX documents_by_number ON documents(${BY_NUMBER}, id, direction, register_id, ${FILTERS}, date_issued);
  CREATE INDEX documents_register_by_date ON documents(register_id, ${BY_DATE}, id, ${FILTERS}, year);
  CREATE INDEX documents_register_by_number ON documents(register_id, ${BY_NUMBER}, id, ${FILTERS}, date_issued);
  CREATE INDEX documents_status_by_date ON documents(status, ${BY_DATE}, id, direction, register_id, confidentiality, type_code, urgency, handler_id);
  CREATE INDEX documents_handler_by_date ON documents(handler_id, ${BY_DATE}, id, direction, register_id, confidentiality, status);
  CREATE INDEX documents_type_by_date ON documents(type_code, ${BY_DATE}, id, direction, register_id, confidentiality, status, urgency);
  CREATE INDEX documents_urgency_by_date ON documents(urgency, ${BY_DATE}, id, direction, register_id, confidentiality, status) WHERE urgency != 'normal';
  CREATE INDEX documents_confidentiality_by_date ON documents(confidentiality, ${BY_DATE}, id, direction, register_id, handler_id, leader_id) WHERE confidentiality != 'normal';
`;

export const m007DocumentLists: Migration = {
  version: 7,
  name: 'documents: keyset list indexes, inbox indexes',
  up(db) {
    db.exec(`
      -- Replaced by the indexes below, which start with the same columns.
      DROP INDEX IF EXISTS documents_list;
      DROP INDEX IF EXISTS documents_status;
      DROP INDEX IF EXISTS documents_handler;
      ${LIST_INDEXES}

      -- Inbox: a person's open assignments and pending approvals without visiting the finished ones.
      DROP INDEX IF EXISTS assignments_user;
      CREATE INDEX assignments_user ON assignments(user_id, status, role, read_at, document_id);
      DROP INDEX IF EXISTS approvals_user;
      CREATE INDEX approvals_user ON approvals(user_id, status, document_id);
      -- Leaders' "to direct": documents submitted to them.
      CREATE INDEX documents_leader ON documents(leader_id, status) WHERE leader_id IS NOT NULL;
      -- The duplicate check by issuer name (number + date of issue) had documents_list's date.
      CREATE INDEX documents_incoming_issued ON documents(date_issued, number_notation) WHERE direction = 'incoming';
      -- A drafter's drafts (outgoing documents before review), not every document they handled.
      CREATE INDEX documents_drafts ON documents(handler_id) WHERE status = 'draft';
    `);
  },
};
