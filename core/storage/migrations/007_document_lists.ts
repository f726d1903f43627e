import type { Migration } from './index';

// Registers of a million entries: keyset paging for documents.list and a quick inbox.
// Each list order has one sort key (an expression, so NULLs never break a cursor comparison):
//   date   → ifnull(date_issued, '')
//   number → year * 10000000 + ifnull(arrival_number, ifnull(number, 0))  (arrival number for
//            incoming, the issue number for outgoing; a register's yearly numbers stay below 10^7)
// Each filter has, per order, an index that starts with it (equality), then the sort key and id, so
// a page is a range walk in order without a sort and without visiting rows the filter rejects; the
// other filter columns trail, so they are checked in the index entry and only returned rows are
// read from the table. Urgency and confidentiality are indexed only for their rare values (partial
// indexes): for 'normal' the unfiltered index is as good. core/documents/listing.ts writes the same
// expressions (SQLite matches them textually).
const BY_DATE = "ifnull(date_issued, '')";
const BY_NUMBER = 'year * 10000000 + ifnull(arrival_number, ifnull(number, 0))';
const KEYS = { date: BY_DATE, number: BY_NUMBER };
const TRAIL = 'confidentiality, status, type_code, urgency, handler_id';

function listIndexes(): string {
  const out: string[] = [];
  for (const [name, key] of Object.entries(KEYS)) {
    const other = name === 'date' ? 'year' : 'date_issued';
    out.push(
      `CREATE INDEX documents_by_${name} ON documents(${key}, id, direction, register_id, ${other}, ${TRAIL});`,
      `CREATE INDEX documents_register_by_${name} ON documents(register_id, ${key}, id, ${other}, ${TRAIL});`,
      `CREATE INDEX documents_status_by_${name} ON documents(status, ${key}, id, direction, register_id, confidentiality, handler_id, type_code, urgency);`,
      `CREATE INDEX documents_handler_by_${name} ON documents(handler_id, ${key}, id, direction, register_id, confidentiality, status);`,
      `CREATE INDEX documents_type_by_${name} ON documents(type_code, ${key}, id, direction, register_id, confidentiality, status, urgency);`,
      `CREATE INDEX documents_urgency_by_${name} ON documents(urgency, ${key}, id, direction, register_id, confidentiality, status) WHERE urgency != 'normal';`,
      `CREATE INDEX documents_confidentiality_by_${name} ON documents(confidentiality, ${key}, id, direction, register_id, handler_id, leader_id) WHERE confidentiality != 'normal';`,
    );
  }
  return out.join('\n');
}

export const m007DocumentLists: Migration = {
  version: 7,
  name: 'documents: keyset list indexes per filter and order, inbox indexes',
  up(db) {
    db.exec(`
      -- Replaced by the indexes below, which start with the same columns.
      DROP INDEX IF EXISTS documents_list;
      DROP INDEX IF EXISTS documents_status;
      DROP INDEX IF EXISTS documents_handler;
      DROP INDEX IF EXISTS documents_register;
      ${listIndexes()}

      -- Inbox: a person's open assignments and pending approvals without visiting the finished ones.
      DROP INDEX IF EXISTS assignments_user;
      CREATE INDEX assignments_user ON assignments(user_id, status, role, read_at, document_id);
      DROP INDEX IF EXISTS approvals_user;
      CREATE INDEX approvals_user ON approvals(user_id, status, document_id);
      -- Leaders' "to direct": documents submitted to them.
      CREATE INDEX documents_leader ON documents(leader_id, status) WHERE leader_id IS NOT NULL;
      -- A drafter's drafts (outgoing documents before review), not every document they handled.
      CREATE INDEX documents_drafts ON documents(handler_id) WHERE status = 'draft';
    `);
  },
};
