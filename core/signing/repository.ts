import type { Database, Statement } from 'better-sqlite3';
import type { SignatureCheckView, SigningPurpose } from '../../shared/api/signing';

// SQL for signing. Rows use the column names of migration 006 (signature_checks,
// signature_placements) and 002 (attachments).

export interface SignatureCheckRow {
  sha256: string;
  verdict: SignatureCheckView['verdict'];
  report_json: string;
  checked_at: string;
}

/** The attachment columns signing needs to verify a file and name it in the result. */
export interface PdfAttachmentRow {
  id: number;
  document_id: number;
  sha256: string;
  file_name: string;
  mime: string;
}

export interface NewSignaturePlacement {
  documentId: number;
  purpose: SigningPurpose;
  placementJson: string;
  signedSha256: string;
  createdAt: string;
}

const PDF_FILTER = `(a.mime = 'application/pdf' OR lower(a.file_name) LIKE '%.pdf')`;
const ATTACHMENT_COLUMNS = 'a.id, a.document_id, a.sha256, a.file_name, a.mime';

export class SigningRepository {
  // Prepared once per database: a bulk import asks for unchecked PDFs once per document inside
  // its transaction, and compiling a statement costs more than running it.
  private readonly sealedFileStmt: Statement;
  private readonly lastLeaderPlacementStmt: Statement;
  private readonly insertPlacementStmt: Statement;
  private readonly keepCheckStmt: Statement;
  private readonly keptCheckStmt: Statement;
  private readonly forgetChecksNotValidStmt: Statement;
  private readonly documentPdfsStmt: Statement;
  private readonly uncheckedIncomingPdfsStmt: Statement;

  constructor(db: Database) {
    this.sealedFileStmt = db.prepare(
      `SELECT signed_sha256 FROM signature_placements WHERE document_id = ? AND purpose = 'seal' AND signed_sha256 IN (?, ?) LIMIT 1`,
    );
    this.lastLeaderPlacementStmt = db.prepare(
      `SELECT placement_json FROM signature_placements WHERE document_id = ? AND purpose = 'leader' ORDER BY id DESC LIMIT 1`,
    );
    this.insertPlacementStmt = db.prepare(
      'INSERT INTO signature_placements (document_id, purpose, placement_json, signed_sha256, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.keepCheckStmt = db.prepare(
      'INSERT OR REPLACE INTO signature_checks (sha256, verdict, signature_count, report_json, checked_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.keptCheckStmt = db.prepare('SELECT sha256, verdict, report_json, checked_at FROM signature_checks WHERE sha256 = ?');
    this.forgetChecksNotValidStmt = db.prepare(`DELETE FROM signature_checks WHERE verdict != 'valid'`);
    this.documentPdfsStmt = db.prepare(`SELECT ${ATTACHMENT_COLUMNS} FROM attachments a WHERE a.document_id = ? AND ${PDF_FILTER} ORDER BY a.id`);
    this.uncheckedIncomingPdfsStmt = db.prepare(
      `SELECT ${ATTACHMENT_COLUMNS} FROM attachments a JOIN documents d ON d.id = a.document_id
       LEFT JOIN signature_checks c ON c.sha256 = a.sha256
       WHERE a.document_id = ? AND d.direction = 'incoming' AND c.sha256 IS NULL AND ${PDF_FILTER}`,
    );
  }

  // Placements: every file this app signed, with its purpose and where the block went.

  /** Which of these files (by SHA-256) the agency seal was put on for this document, if any. */
  sealedFileAmong(documentId: number, sha256s: [string, string]): string | undefined {
    return (this.sealedFileStmt.get(documentId, ...sha256s) as { signed_sha256: string } | undefined)?.signed_sha256;
  }

  /** The placement (JSON) of the leader's most recent signature on this document, if any. */
  lastLeaderPlacementJson(documentId: number): string | undefined {
    return (this.lastLeaderPlacementStmt.get(documentId) as { placement_json: string } | undefined)?.placement_json;
  }

  recordPlacement(p: NewSignaturePlacement): void {
    this.insertPlacementStmt.run(p.documentId, p.purpose, p.placementJson, p.signedSha256, p.createdAt);
  }

  // Checks: one kept verification result per stored file.

  /** Keeps a verification result, replacing an older one for the same bytes. */
  keepCheck(row: SignatureCheckRow, signatureCount: number): void {
    this.keepCheckStmt.run(row.sha256, row.verdict, signatureCount, row.report_json, row.checked_at);
  }

  keptCheck(sha256: string): SignatureCheckRow | undefined {
    return this.keptCheckStmt.get(sha256) as SignatureCheckRow | undefined;
  }

  /** Drops every result that was not "valid" (a new trust anchor may change them); they are checked again on demand. */
  forgetChecksNotValid(): void {
    this.forgetChecksNotValidStmt.run();
  }

  /** The document's PDF attachments (by MIME type or file name), oldest first. */
  documentPdfs(documentId: number): PdfAttachmentRow[] {
    return this.documentPdfsStmt.all(documentId) as PdfAttachmentRow[];
  }

  /** The PDFs of an incoming document that have no kept verification result yet. */
  uncheckedIncomingPdfs(documentId: number): PdfAttachmentRow[] {
    return this.uncheckedIncomingPdfsStmt.all(documentId) as PdfAttachmentRow[];
  }
}
