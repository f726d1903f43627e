// Builds the edXML packages the sender delivers: a released outgoing document for one recipient,
// and status messages about a document we received. Reads the tables directly (released documents
// cannot change, so a package built later says exactly what the release said).
import type { Database, Statement } from 'better-sqlite3';
import { AppError } from '../../../shared/api/errors';
import type { BlobStore } from '../../storage/blobs';
import { buildEdxmlBytes, buildStatusEdxml, knownSha256, type ExchangeDocument, type ExchangePriority, type ExchangeStatus, type StatusCode } from '../edxml';
import type { OutboxRow, IntakeRow } from './repository';

interface AgencyRow {
  name: string;
  code: string;
  short_name: string;
}

export interface OutgoingDocRow {
  id: number;
  direction: string;
  type_code: string;
  subject: string;
  number_text: string | null;
  notation: string | null;
  number_notation: string | null;
  date_issued: string | null;
  deadline: string | null;
  urgency: string;
  confidentiality: string;
  status: string;
  signer: string;
  signer_position: string;
  pages: number | null;
  released_at: string | null;
  recipients: string;
}

const PRIORITY: Record<string, ExchangePriority> = { normal: 0, urgent: 1, very_urgent: 2, flash: 3 };
const URGENCY_OF_PRIORITY = ['normal', 'urgent', 'very_urgent', 'flash', 'flash'] as const;

export function urgencyOfPriority(p: number): (typeof URGENCY_OF_PRIORITY)[number] {
  return URGENCY_OF_PRIORITY[p] ?? 'normal';
}

/** Vietnamese names of the document types the notation abbreviates (subset kept here to avoid a cycle). */
const TYPE_NAMES: Record<string, string> = {
  NQ: 'Nghị quyết', QĐ: 'Quyết định', CT: 'Chỉ thị', QC: 'Quy chế', QyĐ: 'Quy định', TC: 'Thông cáo', TB: 'Thông báo', HD: 'Hướng dẫn',
  CTr: 'Chương trình', KH: 'Kế hoạch', PA: 'Phương án', ĐA: 'Đề án', DA: 'Dự án', BC: 'Báo cáo', BB: 'Biên bản', TTr: 'Tờ trình',
  HĐ: 'Hợp đồng', CĐ: 'Công điện', BGN: 'Bản ghi nhớ', BTT: 'Bản thỏa thuận', GUQ: 'Giấy ủy quyền', GM: 'Giấy mời', GGT: 'Giấy giới thiệu',
  GNP: 'Giấy nghỉ phép', PG: 'Phiếu gửi', PC: 'Phiếu chuyển', PB: 'Phiếu báo', CV: 'Công văn', THC: 'Thư công',
};

export function typeCodeOfName(name: string): string | undefined {
  return Object.entries(TYPE_NAMES).find(([, n]) => n.toLowerCase() === name.trim().toLowerCase())?.[0];
}

const statements = new WeakMap<Database, Map<string, Statement>>();

/** A statement prepared once per database: a sync pass builds hundreds of packages. */
function prepared(db: Database, sql: string): Statement {
  let byText = statements.get(db);
  if (!byText) statements.set(db, (byText = new Map()));
  let st = byText.get(sql);
  if (!st) byText.set(sql, (st = db.prepare(sql)));
  return st;
}

export function agencyOf(db: Database): AgencyRow {
  const a = prepared(db, 'SELECT name, code, short_name FROM agency WHERE id = 1').get() as AgencyRow | undefined;
  if (!a) throw new AppError('NOT_INITIALIZED', 'Set up the agency first.');
  return a;
}

export function outgoingDoc(db: Database, id: number): OutgoingDocRow {
  const d = prepared(db, 'SELECT * FROM documents WHERE id = ?').get(id) as OutgoingDocRow | undefined;
  if (!d) throw new AppError('NOT_FOUND', `No document with id ${id}.`);
  return d;
}

/** `<OrganId>,<yyyy/MM/dd>,<number/notation>` as QCVN 102 suggests. */
export function exchangeDocumentIdOf(agencyCode: string, d: Pick<OutgoingDocRow, 'date_issued' | 'number_notation'>): string {
  return `${agencyCode},${(d.date_issued ?? '').replace(/-/g, '/')},${d.number_notation ?? ''}`;
}

/** Refuses what must never leave through the axis, and what is not ready to. */
export function assertSendable(d: OutgoingDocRow): void {
  if (d.direction !== 'outgoing') throw new AppError('INVALID_STATE', `Document ${d.id} is an incoming document; only outgoing documents are sent.`);
  if (d.confidentiality !== 'normal') {
    throw new AppError('EXCHANGE_CONFIDENTIAL', `Document ${d.id} is ${d.confidentiality}: confidential documents never go through the exchange axis. Deliver it on paper by the confidential-mail procedure.`, {
      details: { confidentiality: d.confidentiality },
    });
  }
  if (!d.number_notation || !d.date_issued) throw new AppError('INVALID_STATE', `Document ${d.id} has no number yet; register it in an outgoing register first.`);
}

/**
 * The files that travel: the signed PDF if there is one, else the main file, else the last draft
 * version (a document released unsigned, e.g. on paper first), then the other attachments.
 */
function filesOf(db: Database, blobs: BlobStore, documentId: number): ExchangeDocument['attachments'] {
  const rows = prepared(db, "SELECT id, role, file_name, mime, sha256 FROM attachments WHERE document_id = ? AND role IN ('signed', 'main', 'attachment', 'draft') ORDER BY id").all(documentId) as {
    id: number;
    role: string;
    file_name: string;
    mime: string;
    sha256: string;
  }[];
  const signed = rows.filter((r) => r.role === 'signed').pop();
  const principal = signed ?? rows.filter((r) => r.role === 'main').pop() ?? rows.filter((r) => r.role === 'draft').pop();
  const chosen = [...(principal ? [principal] : []), ...rows.filter((r) => r.role === 'attachment')];
  // BlobStore.get checks the bytes against their name, so the hash need not be taken again.
  return chosen.map((r, i) => ({ contentId: `att-${i + 1}-${r.sha256.slice(0, 12)}`, name: r.file_name, mimeType: r.mime, bytes: knownSha256(blobs.get(r.sha256), r.sha256), sha256: r.sha256 }));
}

export function documentForRecipient(db: Database, blobs: BlobStore, documentId: number, to: { code: string; name: string }[], timestampIso: string): ExchangeDocument {
  const d = outgoingDoc(db, documentId);
  assertSendable(d);
  const agency = agencyOf(db);
  return {
    from: { organId: agency.code, organName: agency.name },
    to: to.map((t) => ({ organId: t.code, organName: t.name })),
    documentId: exchangeDocumentIdOf(agency.code, d),
    code: { codeNumber: d.number_text ?? '', codeNotation: d.notation ?? '' },
    promulgationInfo: { place: '', promulgationDate: d.date_issued! },
    documentType: { type: 0, typeName: TYPE_NAMES[d.type_code] ?? d.type_code },
    subject: d.subject,
    signerInfo: { position: d.signer_position || undefined, fullName: d.signer },
    dueDate: d.deadline ?? undefined,
    toPlaces: to.map((t) => t.name),
    otherInfo: { priority: PRIORITY[d.urgency] ?? 0, pageAmount: d.pages ?? undefined, appendixes: [] },
    responseFor: [],
    traceHeaders: [{ organId: agency.code, timestamp: timestampIso }],
    business: { docType: 0 },
    attachments: filesOf(db, blobs, documentId),
  };
}

export function buildDocumentPackage(db: Database, blobs: BlobStore, row: OutboxRow, timestampIso: string): Buffer {
  return buildEdxmlBytes(documentForRecipient(db, blobs, row.document_id!, [{ code: row.recipient_code, name: row.recipient_name }], timestampIso));
}

/** A status about a document we received (row.intake_id), addressed back to its sender. */
export function buildStatusPackage(db: Database, row: OutboxRow, intake: IntakeRow, staff: string | undefined, timestampIso: string): Buffer {
  const agency = agencyOf(db);
  const header = JSON.parse(intake.header_json) as { code: { codeNumber: string; codeNotation: string }; promulgationInfo: { promulgationDate: string } };
  const status: ExchangeStatus = {
    from: { organId: agency.code, organName: agency.name },
    responseFor: {
      organId: intake.from_code,
      code: [header.code.codeNumber, header.code.codeNotation].filter(Boolean).join('/'),
      promulgationDate: header.promulgationInfo.promulgationDate,
      documentId: intake.exchange_document_id,
    },
    staffInfo: { staff },
    statusCode: row.status_code as StatusCode,
    description: row.description ?? undefined,
    timestamp: timestampIso,
    traceHeaders: [{ organId: agency.code, timestamp: timestampIso }],
  };
  return Buffer.from(buildStatusEdxml(status), 'utf8');
}
