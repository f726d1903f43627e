import type { Database, Statement } from 'better-sqlite3';
import type { IndexableDocument } from './writer';

// Reads what the index needs from the documents module's tables (migration 002).

interface DocumentRow {
  id: number;
  direction: string;
  register_id: number | null;
  type_code: string;
  issuer_code: string;
  issuer_short: string;
  issuer_name: string;
  status: string;
  handler_id: number | null;
  leader_id: number | null;
  urgency: string;
  confidentiality: string;
  subject: string;
  number_notation: string | null;
  signer: string;
  date_issued: string | null;
  arrival_at: string | null;
  created_at: string;
  recipients: string;
  notes: string;
  created_by: string;
  register_confidential: number | null;
}

/** Incoming documents sort by when they arrived, outgoing ones by their date of issue. */
export function sortDateOf(direction: string, dateIssued: string | null, arrivalAt: string | null, createdAt: string): string {
  if (direction === 'incoming') return arrivalAt ?? dateIssued ?? createdAt;
  return dateIssued ?? createdAt;
}

export class DocumentSource {
  private readonly docStmt: Statement;
  private readonly involvedStmt: Statement;
  private readonly attachmentTextStmt: Statement;
  private readonly docsStmt: Statement;
  private readonly attachmentTextsStmt: Statement;

  constructor(db: Database) {
    const columns = `d.id, d.direction, d.register_id, d.type_code, d.issuer_code, d.issuer_short, d.issuer_name, d.status, d.handler_id, d.leader_id,
              d.urgency, d.confidentiality, d.subject, d.number_notation, d.signer, d.date_issued, d.arrival_at, d.created_at, d.recipients,
              d.notes, d.created_by, r.confidential AS register_confidential
         FROM documents d LEFT JOIN registers r ON r.id = d.register_id`;
    this.docStmt = db.prepare(`SELECT ${columns} WHERE d.id = ?`);
    // A change set (an import chunk of 2,000) is read with one statement: ids passed as a JSON array.
    this.docsStmt = db.prepare(`SELECT ${columns} WHERE d.id IN (SELECT value FROM json_each(?))`);
    // Everyone the workflow put on a document may find it, also when it is confidential (the same
    // people as core/documents/access.ts: assignees not recalled, approvers, the creator).
    this.involvedStmt = db
      .prepare(
        `SELECT user_id FROM assignments WHERE document_id = @id AND status != 'recalled'
         UNION SELECT user_id FROM approvals WHERE document_id = @id
         UNION SELECT id FROM users WHERE 'user:' || username = @createdBy`,
      )
      .pluck();
    this.attachmentTextStmt = db
      .prepare('SELECT text FROM search_attachment_text WHERE document_id = ? ORDER BY attachment_id')
      .pluck();
    this.attachmentTextsStmt = db.prepare(
      'SELECT document_id, text FROM search_attachment_text WHERE document_id IN (SELECT value FROM json_each(?)) ORDER BY document_id, attachment_id',
    );
  }

  load(id: number): IndexableDocument | null {
    const r = this.docStmt.get(id) as DocumentRow | undefined;
    return r ? this.indexable(r) : null;
  }

  /** The documents of a change set that still exist, by id. */
  loadMany(ids: readonly number[]): Map<number, IndexableDocument> {
    const out = new Map<number, IndexableDocument>();
    if (ids.length === 1) {
      const d = this.load(ids[0]!);
      if (d) out.set(d.id, d);
      return out;
    }
    for (const r of this.docsStmt.all(JSON.stringify(ids)) as DocumentRow[]) out.set(r.id, this.indexable(r));
    return out;
  }

  private indexable(r: DocumentRow): IndexableDocument {
    const id = r.id;
    const visibleToAll = r.confidentiality === 'normal' && r.register_confidential !== 1;
    // Only a document not visible to all lists the people who may see it (tagsOf): most documents skip the query.
    const involved = visibleToAll
      ? []
      : (this.involvedStmt.all({ id, createdBy: r.created_by }) as number[]).concat([r.handler_id, r.leader_id].filter((u): u is number => u != null));
    return {
      id: r.id,
      direction: r.direction,
      registerId: r.register_id,
      typeCode: r.type_code,
      issuerCode: r.issuer_code,
      issuerShort: r.issuer_short,
      status: r.status,
      handlerId: r.handler_id,
      urgency: r.urgency,
      confidentiality: r.confidentiality,
      visibleToAll,
      involvedUserIds: involved,
      sortDate: sortDateOf(r.direction, r.date_issued, r.arrival_at, r.created_at),
      subject: r.subject,
      numberNotation: r.number_notation ?? '',
      issuerName: r.issuer_name,
      signer: r.signer,
      extra: [r.recipients, r.notes].filter(Boolean).join(' '),
    };
  }

  /** Text extracted from the document's attachments, or null when none has been extracted. */
  attachmentText(id: number): string | null {
    const parts = this.attachmentTextStmt.all(id) as string[];
    return parts.length ? parts.join('\n\n') : null;
  }

  /** attachmentText() for a change set: documents without extracted text are absent. */
  attachmentTexts(ids: readonly number[]): Map<number, string> {
    const out = new Map<number, string>();
    if (ids.length === 1) {
      const t = this.attachmentText(ids[0]!);
      if (t !== null) out.set(ids[0]!, t);
      return out;
    }
    for (const { document_id, text } of this.attachmentTextsStmt.all(JSON.stringify(ids)) as { document_id: number; text: string }[]) {
      const before = out.get(document_id);
      out.set(document_id, before === undefined ? text : `${before}\n\n${text}`);
    }
    return out;
  }
}
