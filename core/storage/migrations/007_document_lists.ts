import type { Migration } from './index';

// Registers of a million entries: keyset paging for documents.list and a quick inbox.
// Each list order has one sort key (an expression, so NULLs never break a cursor comparison):
//   date   → ifnull(date_issued, '')
//   number → year * 10000000 + ifnull(arrival_number, ifnull(number, 0))  (arrival number for
//            incoming, the issue number for outgoing; a register's yearly numbers stay below 10^7)
// Every index below starts with one equality filter, then the sort key and id, so a page is a range
// walk in order without a sort; the other filter columns trail, so a filter is checked in the index
// entry and the table row is read only for the rows returned. The queries in
// core/documents/listing.ts write the same expressions (SQLite matches them textually).
const BY_DATE = "ifnull(date_issued, '')";
const BY_NUMBER = 'year * 10000000 + ifnull(arrival_number, ifnull(number, 0))';
const TRAIL = 'confidentiality, status, type_code, urgency, handler_id';

export const m007DocumentLists: Migration = {
  version: 7,
  name: 'documents: keyset list indexes per filter and sort, inbox indexes',
  up(db) {
    db.exec(`
      -- Replaced by the indexes below, which start with the same columns.
      DROP INDEX IF EXISTS documents_list;
      DROP INDEX IF EXISTS documents_status;
      DROP INDEX IF EXISTS documents_handler;
      DROP INDEX IF EXISTS documents_register;

      CREATE INDEX documents_by_date ON documents(direction, ${BY_DATE}, id, register_id, ${TRAIL});
      CREATE INDEX documents_by_number ON documents(direction, ${BY_NUMBER}, id, register_id, ${TRAIL});
      CREATE INDEX documents_register_by_date ON documents(register_id, ${BY_DATE}, id, direction, ${TRAIL});
      CREATE INDEX documents_register_by_number ON documents(register_id, ${BY_NUMBER}, id, direction, ${TRAIL});
      CREATE INDEX documents_status_by_date ON documents(status, ${BY_DATE}, id, direction, register_id, confidentiality, leader_id, handler_id);
      CREATE INDEX documents_status_by_number ON documents(status, ${BY_NUMBER}, id, direction, register_id, confidentiality, handler_id);
      CREATE INDEX documents_handler_by_date ON documents(handler_id, ${BY_DATE}, id, direction, register_id, confidentiality, status);
      CREATE INDEX documents_handler_by_number ON documents(handler_id, ${BY_NUMBER}, id, direction, register_id, confidentiality, status);

      -- Inbox: a person's open assignments and pending approvals without visiting the finished ones.
      DROP INDEX IF EXISTS assignments_user;
      CREATE INDEX assignments_user ON assignments(user_id, status, role, read_at, document_id);
      DROP INDEX IF EXISTS approvals_user;
      CREATE INDEX approvals_user ON approvals(user_id, status, document_id);
    `);
  },
};
