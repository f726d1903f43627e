import { z } from 'zod';
import { method } from './define';
import { id, isoTime, nonEmpty, page } from './schemas';

// Documents (Decree 30/2020/NĐ-CP): registers, incoming and outgoing documents, their workflow
// and attachments. Enumerations are English codes; the UI shows the Vietnamese words from i18n.

/** Appendix III: the administrative document types and their abbreviations in the notation. */
export const DOCUMENT_TYPES = [
  { code: 'NQ', name: 'Nghị quyết', abbreviation: 'NQ' },
  { code: 'QĐ', name: 'Quyết định', abbreviation: 'QĐ' },
  { code: 'CT', name: 'Chỉ thị', abbreviation: 'CT' },
  { code: 'QC', name: 'Quy chế', abbreviation: 'QC' },
  { code: 'QyĐ', name: 'Quy định', abbreviation: 'QyĐ' },
  { code: 'TC', name: 'Thông cáo', abbreviation: 'TC' },
  { code: 'TB', name: 'Thông báo', abbreviation: 'TB' },
  { code: 'HD', name: 'Hướng dẫn', abbreviation: 'HD' },
  { code: 'CTr', name: 'Chương trình', abbreviation: 'CTr' },
  { code: 'KH', name: 'Kế hoạch', abbreviation: 'KH' },
  { code: 'PA', name: 'Phương án', abbreviation: 'PA' },
  { code: 'ĐA', name: 'Đề án', abbreviation: 'ĐA' },
  { code: 'DA', name: 'Dự án', abbreviation: 'DA' },
  { code: 'BC', name: 'Báo cáo', abbreviation: 'BC' },
  { code: 'BB', name: 'Biên bản', abbreviation: 'BB' },
  { code: 'TTr', name: 'Tờ trình', abbreviation: 'TTr' },
  { code: 'HĐ', name: 'Hợp đồng', abbreviation: 'HĐ' },
  { code: 'CĐ', name: 'Công điện', abbreviation: 'CĐ' },
  { code: 'BGN', name: 'Bản ghi nhớ', abbreviation: 'BGN' },
  { code: 'BTT', name: 'Bản thỏa thuận', abbreviation: 'BTT' },
  { code: 'GUQ', name: 'Giấy ủy quyền', abbreviation: 'GUQ' },
  { code: 'GM', name: 'Giấy mời', abbreviation: 'GM' },
  { code: 'GGT', name: 'Giấy giới thiệu', abbreviation: 'GGT' },
  { code: 'GNP', name: 'Giấy nghỉ phép', abbreviation: 'GNP' },
  { code: 'PG', name: 'Phiếu gửi', abbreviation: 'PG' },
  { code: 'PC', name: 'Phiếu chuyển', abbreviation: 'PC' },
  { code: 'PB', name: 'Phiếu báo', abbreviation: 'PB' },
  // No abbreviation: the notation is just the issuer (and unit), e.g. 123/UBND-VX.
  { code: 'CV', name: 'Công văn', abbreviation: '' },
  { code: 'THC', name: 'Thư công', abbreviation: '' },
  // Legal normative documents received from higher bodies (number/year/type-issuer).
  { code: 'NĐ', name: 'Nghị định', abbreviation: 'NĐ' },
  { code: 'TT', name: 'Thông tư', abbreviation: 'TT' },
  { code: 'TTLT', name: 'Thông tư liên tịch', abbreviation: 'TTLT' },
  { code: 'L', name: 'Luật', abbreviation: 'L' },
] as const;
export type DocumentTypeCode = (typeof DOCUMENT_TYPES)[number]['code'];
export const DOCUMENT_TYPE_CODES = DOCUMENT_TYPES.map((t) => t.code) as unknown as readonly [DocumentTypeCode, ...DocumentTypeCode[]];

export const DIRECTIONS = ['incoming', 'outgoing'] as const;
/** Độ khẩn: thường, khẩn, thượng khẩn, hỏa tốc. */
export const URGENCIES = ['normal', 'urgent', 'very_urgent', 'flash'] as const;
/** Độ mật: thường, mật, tối mật, tuyệt mật. */
export const CONFIDENTIALITIES = ['normal', 'confidential', 'secret', 'top_secret'] as const;
export const INCOMING_STATUSES = ['registered', 'submitted', 'in_progress', 'completed', 'filed', 'returned', 'cancelled'] as const;
export const OUTGOING_STATUSES = ['draft', 'in_review', 'approved', 'signed', 'numbered', 'released', 'cancelled'] as const;
export const DOCUMENT_STATUSES = [...new Set([...INCOMING_STATUSES, ...OUTGOING_STATUSES])] as unknown as readonly [string, ...string[]];
export const EXTRACTION_STATES = ['pending', 'done', 'failed', 'not_applicable'] as const;
export const ASSIGNMENT_ROLES = ['main', 'co', 'info'] as const;

export type Direction = (typeof DIRECTIONS)[number];
export type Urgency = (typeof URGENCIES)[number];
export type Confidentiality = (typeof CONFIDENTIALITIES)[number];
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];

const ymd = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'date.format' });
const direction = z.enum(DIRECTIONS);
const urgency = z.enum(URGENCIES);
const confidentiality = z.enum(CONFIDENTIALITIES);
const text = (max: number) => z.string().trim().max(max, { message: 'tooLong' });
const ok = z.object({ ok: z.literal(true) });

/** A file sent over the API: its bytes in base64, or the hash of a blob already stored. */
export const fileInput = z.union([
  z.object({ fileName: nonEmpty.max(255), contentBase64: z.string().min(1) }),
  z.object({ fileName: nonEmpty.max(255), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
]);
export type FileInput = z.infer<typeof fileInput>;

export const registerView = z.object({
  id,
  name: z.string(),
  direction,
  confidential: z.boolean(),
  numberPadding: z.number().int(),
  typeCode: z.string().nullable(),
  unitId: id.nullable(),
  active: z.boolean(),
  keeperIds: z.array(id),
  /** The last number given this year (0 if none yet). */
  lastNumber: z.number().int(),
});
export type RegisterView = z.infer<typeof registerView>;

export const attachmentView = z.object({
  id,
  documentId: id,
  role: z.enum(['main', 'attachment', 'draft', 'signed']),
  fileName: z.string(),
  mime: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  extraction: z.enum(EXTRACTION_STATES),
  /** Shown to users: 'pdf.encrypted' | 'pdf.corrupt' | 'pdf.noText' | null. */
  warning: z.string().nullable(),
  createdAt: isoTime,
});
export type AttachmentView = z.infer<typeof attachmentView>;

export const documentSummary = z.object({
  id,
  direction,
  registerId: id.nullable(),
  year: z.number().int(),
  number: z.number().int().nullable(),
  numberText: z.string().nullable(),
  notation: z.string().nullable(),
  numberNotation: z.string().nullable(),
  arrivalNumber: z.number().int().nullable(),
  arrivalNumberText: z.string().nullable(),
  arrivalAt: isoTime.nullable(),
  issuerName: z.string(),
  issuerCode: z.string(),
  issuerShort: z.string(),
  typeCode: z.string(),
  subject: z.string(),
  signer: z.string(),
  dateIssued: z.string().nullable(),
  deadline: z.string().nullable(),
  urgency,
  confidentiality,
  status: z.string(),
  handlerId: id.nullable(),
  overdue: z.boolean(),
  version: z.number().int(),
});
export type DocumentSummary = z.infer<typeof documentSummary>;

export const assignmentView = z.object({
  id,
  userId: id,
  userName: z.string(),
  role: z.enum(ASSIGNMENT_ROLES),
  deadline: z.string().nullable(),
  status: z.enum(['active', 'done', 'recalled', 'returned', 'forwarded']),
  assignedBy: z.string(),
  forwardedFrom: id.nullable(),
  note: z.string(),
  createdAt: isoTime,
  finishedAt: isoTime.nullable(),
});

export const documentView = documentSummary.extend({
  language: z.string(),
  pages: z.number().int().nullable(),
  signerPosition: z.string(),
  leaderId: id.nullable(),
  unitId: id.nullable(),
  recipients: z.string(),
  notes: z.string(),
  result: z.string(),
  dossierRef: z.string(),
  replyToId: id.nullable(),
  correctsId: id.nullable(),
  signedSha256: z.string().nullable(),
  releasedAt: isoTime.nullable(),
  completedAt: isoTime.nullable(),
  cancelledReason: z.string().nullable(),
  createdBy: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime,
  attachments: z.array(attachmentView),
  assignments: z.array(assignmentView),
  comments: z.array(z.object({ id, kind: z.string(), body: z.string(), author: z.string(), createdAt: isoTime })),
  approvals: z.array(z.object({ id, step: z.number().int(), round: z.number().int(), kind: z.enum(['review', 'approve']), userId: id, status: z.string(), comment: z.string(), decidedAt: isoTime.nullable() })),
  draftVersions: z.array(z.object({ versionNo: z.number().int(), attachmentId: id.nullable(), note: z.string(), createdBy: z.string(), createdAt: isoTime })),
  releaseRecipients: z.array(z.object({ kind: z.enum(['unit', 'agency']), unitId: id.nullable(), agencyCode: z.string(), name: z.string(), delivery: z.string() })),
});
export type DocumentView = z.infer<typeof documentView>;

/** Metadata a clerk types when registering an incoming document (no defaults: also used for updates). */
const incomingFields = {
  /** Number and notation as printed on the document, e.g. `1296/QĐ-UBND`. */
  numberNotation: text(42).min(1, { message: 'required' }),
  issuerName: nonEmpty.max(200),
  /** Issuer's QCVN 102 identifier when known (≤13 characters). */
  issuerCode: text(13),
  /** Document type; taken from the notation when left out. */
  typeCode: z.string().trim().optional(),
  dateIssued: ymd,
  subject: z.string().trim().min(1, { message: 'required' }).max(500, { message: 'subject.tooLong' }),
  signer: text(120),
  signerPosition: text(120),
  pages: z.number().int().min(1).max(100_000).nullable(),
  language: text(10),
  urgency,
  confidentiality,
  /** When it arrived (ISO 8601); now when left out. */
  arrivalAt: z.string().trim().optional(),
  deadline: ymd.nullable(),
  unitId: id.nullable(),
  notes: text(2000),
};

export const incomingMetadata = z.object({
  ...incomingFields,
  issuerCode: incomingFields.issuerCode.default(''),
  signer: incomingFields.signer.default(''),
  signerPosition: incomingFields.signerPosition.default(''),
  pages: incomingFields.pages.default(null),
  language: incomingFields.language.default('vi'),
  urgency: urgency.default('normal'),
  confidentiality: confidentiality.default('normal'),
  deadline: incomingFields.deadline.default(null),
  unitId: incomingFields.unitId.default(null),
  notes: incomingFields.notes.default(''),
});

const duplicateMatch = z.object({ id, reason: z.enum(['sameNumber', 'sameFile']), numberNotation: z.string().nullable(), subject: z.string(), arrivalNumber: z.number().int().nullable(), registerId: id.nullable() });

const recipientInput = z.union([
  z.object({ kind: z.literal('unit'), unitId: id }),
  z.object({ kind: z.literal('agency'), agencyCode: text(13).min(1), name: nonEmpty.max(200) }),
]);

const docRef = z.object({ id, version: z.number().int().positive().optional() });
const inboxItem = z.object({
  kind: z.enum(['toDirect', 'toHandle', 'toRead', 'toApprove', 'returned', 'toNumber', 'toRelease', 'draft']),
  documentId: id,
  subject: z.string(),
  numberNotation: z.string().nullable(),
  urgency,
  deadline: z.string().nullable(),
  overdue: z.boolean(),
  since: isoTime,
  assignmentId: id.nullable(),
});

export const documentsSettings = z.object({
  /** Largest attachment accepted, in bytes. */
  maxAttachmentBytes: z.number().int().min(1024).max(2 ** 40),
  /** How many times an assignment may be passed on from one handler to another. */
  maxForwardDepth: z.number().int().min(0).max(10),
});
export type DocumentsSettings = z.infer<typeof documentsSettings>;

export const documentsMethods = {
  'registers.list': method({
    summary: 'Document registers (sổ văn bản) with this year’s last number.',
    // Readers choose a register; administrators manage them without reading documents: either may list.
    auth: 'session', mutates: false,
    input: z.object({ direction: direction.optional(), year: z.number().int().min(1900).max(9999).optional() }),
    output: z.object({ registers: z.array(registerView) }),
  }),
  'registers.create': method({
    summary: 'Add a register (e.g. a confidential one); each has its own yearly sequence.',
    auth: 'session', permission: 'registers.manage', mutates: true,
    input: z.object({
      name: nonEmpty.max(200),
      direction,
      confidential: z.boolean().default(false),
      numberPadding: z.number().int().min(1).max(6).default(2),
      typeCode: z.string().trim().nullable().default(null),
      unitId: id.nullable().default(null),
      keeperIds: z.array(id).default([]),
    }),
    output: z.object({ register: registerView }),
  }),
  'registers.update': method({
    summary: 'Rename a register, change its padding, keepers or active flag.',
    auth: 'session', permission: 'registers.manage', mutates: true,
    input: z.object({ id, name: nonEmpty.max(200).optional(), numberPadding: z.number().int().min(1).max(6).optional(), keeperIds: z.array(id).optional(), active: z.boolean().optional() }),
    output: z.object({ register: registerView }),
  }),
  'documents.getSettings': method({
    summary: 'Attachment size limit and forwarding limit.',
    auth: 'session', mutates: false, input: z.object({}), output: documentsSettings,
  }),
  'documents.updateSettings': method({
    summary: 'Change the attachment size limit or forwarding limit.',
    auth: 'session', permission: 'agency.manage', mutates: true, input: documentsSettings.partial(), output: documentsSettings,
  }),
  'documents.parseNotation': method({
    summary: 'Reads a printed number/notation (15/KH-UBND, 123/UBND-VX) into number, type, issuer and unit.',
    auth: 'session', mutates: false,
    input: z.object({ numberNotation: z.string().max(60) }),
    output: z.object({ number: z.number().int(), numberText: z.string(), year: z.number().int().nullable(), typeCode: z.string(), issuerShort: z.string(), unitCode: z.string(), notation: z.string() }),
  }),
  'documents.checkDuplicate': method({
    summary: 'Probable duplicates: same issuer + number + date of issue, or the same file.',
    auth: 'session', permission: 'documents.read', mutates: false,
    input: z.object({ numberNotation: z.string().max(60).optional(), issuerName: z.string().max(200).optional(), issuerCode: z.string().max(13).optional(), dateIssued: ymd.optional(), sha256s: z.array(z.string().regex(/^[0-9a-f]{64}$/)).default([]) }),
    output: z.object({ duplicates: z.array(duplicateMatch) }),
  }),
  'documents.registerIncoming': method({
    summary: 'Register an incoming document: gives the next arrival number of the register. Refuses probable duplicates unless force.',
    auth: 'session', permission: 'documents.register', mutates: true,
    input: incomingMetadata.extend({ registerId: id, attachments: z.array(fileInput).max(50).default([]), force: z.boolean().default(false) }),
    output: z.object({ document: documentView, warnings: z.array(z.string()) }),
  }),
  'documents.import': method({
    summary: 'Register many incoming documents at once (metadata only, up to 5,000 a call): valid rows take the next arrival numbers in order; refused rows come back with their reasons.',
    auth: 'session', permission: 'documents.register', mutates: true,
    input: z.object({ registerId: id, rows: z.array(incomingMetadata).min(1).max(5_000), force: z.boolean().default(false) }),
    output: z.object({
      imported: z.number().int(),
      /** Ids of the registered documents, in row order. */
      ids: z.array(id),
      /** `row`: index in `rows` (0-based). */
      rejected: z.array(z.object({ row: z.number().int(), code: z.string(), message: z.string(), fields: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional() })),
    }),
  }),
  'documents.get': method({
    summary: 'One document with attachments, assignments, comments and approvals.',
    auth: 'session', permission: 'documents.read', mutates: false,
    input: z.object({ id }), output: z.object({ document: documentView }),
  }),
  'documents.list': method({
    summary: 'Documents the caller may see, by date of issue or by register number (arrival number incoming, issue number outgoing), newest first, with filters. Page on with the cursors (after/before); jump to a number with atNumber.',
    auth: 'session', permission: 'documents.read', mutates: false,
    input: page.extend({
      direction: direction.optional(), registerId: id.optional(), year: z.number().int().optional(), typeCode: z.string().optional(),
      issuer: z.string().max(200).optional(), dateFrom: ymd.optional(), dateTo: ymd.optional(), status: z.string().optional(),
      handlerId: id.optional(), urgency: urgency.optional(), confidentiality: confidentiality.optional(), order: z.enum(['asc', 'desc']).default('desc'),
      sort: z.enum(['date', 'number']).default('date'),
      /** A row's cursor (startCursor/endCursor of a page): the rows after it, or before it, in this order. `offset` then only says where the page starts (for the total). */
      after: z.string().max(200).optional(),
      before: z.string().max(200).optional(),
      /** Sort 'number' only: start at this arrival (incoming) or issue (outgoing) number of atYear (this year when left out). */
      atNumber: z.number().int().min(1).optional(),
      atYear: z.number().int().min(1900).max(9999).optional(),
      /** false: skip counting past the page (total is then where the page ends, capped while more follow). */
      count: z.boolean().default(true),
    }),
    /** `totalCapped`: there are at least `total` matches (counting stops 10 000 past the page). `position`: index of the first row. */
    output: z.object({
      documents: z.array(documentSummary), total: z.number().int(), totalCapped: z.boolean(),
      position: z.number().int(), startCursor: z.string().nullable(), endCursor: z.string().nullable(), hasMore: z.boolean(),
    }),
  }),
  'documents.update': method({
    summary: 'Correct the metadata of a document that is not released; needs the version read.',
    auth: 'session', permission: 'documents.register', mutates: true,
    input: z.object(incomingFields).omit({ arrivalAt: true }).partial().extend({ id, version: z.number().int().positive() }),
    output: z.object({ document: documentView }),
  }),
  'documents.cancel': method({
    summary: 'Cancel a document; a number it holds is kept as cancelled and never given again.',
    auth: 'session', permission: 'documents.register', mutates: true,
    input: docRef.extend({ reason: nonEmpty.max(1000) }), output: z.object({ document: documentView }),
  }),
  'documents.submit': method({
    summary: 'Submit a registered incoming document to a leader for direction.',
    auth: 'session', permission: 'documents.register', mutates: true,
    input: docRef.extend({ leaderId: id, note: text(2000).default('') }), output: z.object({ document: documentView }),
  }),
  'documents.direct': method({
    summary: 'Leader’s direction (bút phê): assigns the main handler, co-handlers, readers and the deadline.',
    auth: 'session', permission: 'documents.direct', mutates: true,
    input: docRef.extend({ direction: nonEmpty.max(4000), mainHandlerId: id, coHandlerIds: z.array(id).default([]), infoIds: z.array(id).default([]), deadline: ymd.nullable().default(null) }),
    output: z.object({ document: documentView }),
  }),
  'documents.assign': method({
    summary: 'Add co-handlers or readers to a document being handled.',
    auth: 'session', permission: 'documents.direct', mutates: true,
    input: docRef.extend({ userIds: z.array(id).min(1), role: z.enum(['co', 'info']), deadline: ymd.nullable().default(null), note: text(2000).default('') }),
    output: z.object({ document: documentView }),
  }),
  'documents.recallAssignment': method({
    summary: 'Withdraw an assignment (thu hồi).',
    auth: 'session', permission: 'documents.direct', mutates: true,
    input: z.object({ assignmentId: id, reason: nonEmpty.max(1000) }), output: z.object({ document: documentView }),
  }),
  'documents.reassign': method({
    summary: 'Give an assignment to another person (the old one is recalled).',
    auth: 'session', permission: 'documents.direct', mutates: true,
    input: z.object({ assignmentId: id, userId: id, deadline: ymd.nullable().optional(), reason: nonEmpty.max(1000) }), output: z.object({ document: documentView }),
  }),
  'documents.forward': method({
    summary: 'A handler passes the assignment on to a colleague (limited number of hops).',
    auth: 'session', permission: 'documents.handle', mutates: true,
    input: z.object({ assignmentId: id, userId: id, note: text(2000).default('') }), output: z.object({ document: documentView }),
  }),
  'documents.note': method({
    summary: 'Add a working note or comment to a document.',
    auth: 'session', permission: 'documents.read', mutates: true,
    input: z.object({ id, body: nonEmpty.max(4000) }), output: z.object({ document: documentView }),
  }),
  'documents.markRead': method({
    summary: 'Mark the caller’s assignment on a document as read.',
    auth: 'session', permission: 'documents.read', mutates: true,
    input: z.object({ id }), output: ok,
  }),
  'documents.complete': method({
    summary: 'The main handler completes the document with a result (a co-handler completes their part).',
    auth: 'session', permission: 'documents.handle', mutates: true,
    input: docRef.extend({ result: nonEmpty.max(4000) }), output: z.object({ document: documentView }),
  }),
  'documents.return': method({
    summary: 'Return (trả lại) with a reason: a leader to the clerk, a handler to the leader.',
    auth: 'session', permission: 'documents.read', mutates: true,
    input: docRef.extend({ reason: nonEmpty.max(2000) }), output: z.object({ document: documentView }),
  }),
  'documents.file': method({
    summary: 'File a handled document into a dossier (reference for now).',
    auth: 'session', permission: 'documents.read', mutates: true,
    input: docRef.extend({ dossierRef: nonEmpty.max(200) }), output: z.object({ document: documentView }),
  }),
  'documents.inbox': method({
    summary: 'The caller’s work to do (việc cần xử lý) with counts and overdue flags.',
    auth: 'session', mutates: false,
    input: z.object({}),
    output: z.object({ items: z.array(inboxItem), counts: z.object({ total: z.number().int(), overdue: z.number().int(), byKind: z.record(z.string(), z.number().int()) }) }),
  }),
  'documents.timeline': method({
    summary: 'Every recorded step on a document, oldest first.',
    auth: 'session', permission: 'documents.read', mutates: false,
    input: z.object({ id }),
    output: z.object({ entries: z.array(z.object({ seq: z.number().int(), at: isoTime, actor: z.string(), action: z.string(), detail: z.unknown() })) }),
  }),
  'outgoing.createDraft': method({
    summary: 'Start an outgoing draft (optionally a reply to an incoming document or a correction of a released one).',
    auth: 'session', permission: 'documents.draft', mutates: true,
    input: z.object({
      typeCode: z.string().trim(), subject: z.string().trim().min(1, { message: 'required' }).max(500, { message: 'subject.tooLong' }),
      unitId: id.nullable().default(null), urgency: urgency.default('normal'), confidentiality: confidentiality.default('normal'),
      recipients: text(2000).default(''), deadline: ymd.nullable().default(null), replyToId: id.nullable().default(null), correctsId: id.nullable().default(null),
      file: fileInput.optional(), note: text(2000).default(''),
    }),
    output: z.object({ document: documentView }),
  }),
  'outgoing.updateDraft': method({
    summary: 'The drafter changes a draft’s type, subject, urgency, confidentiality, recipients, deadline or unit.',
    auth: 'session', permission: 'documents.draft', mutates: true,
    input: z.object({
      id, version: z.number().int().positive(), typeCode: z.string().trim().optional(),
      subject: z.string().trim().min(1, { message: 'required' }).max(500, { message: 'subject.tooLong' }).optional(),
      urgency: urgency.optional(), confidentiality: confidentiality.optional(), recipients: text(2000).optional(), deadline: ymd.nullable().optional(), unitId: id.nullable().optional(),
    }),
    output: z.object({ document: documentView }),
  }),
  'outgoing.addVersion': method({
    summary: 'Save a new version of a draft’s file.',
    auth: 'session', permission: 'documents.draft', mutates: true,
    input: docRef.extend({ file: fileInput, note: text(2000).default('') }), output: z.object({ document: documentView }),
  }),
  'outgoing.comment': method({
    summary: 'Comment on a draft.',
    auth: 'session', permission: 'documents.read', mutates: true,
    input: z.object({ id, body: nonEmpty.max(4000) }), output: z.object({ document: documentView }),
  }),
  'outgoing.submitForApproval': method({
    summary: 'Send a draft through its review and approval chain (the last step approves).',
    auth: 'session', permission: 'documents.draft', mutates: true,
    input: docRef.extend({ steps: z.array(z.object({ kind: z.enum(['review', 'approve']), userId: id })).min(1).max(10) }),
    output: z.object({ document: documentView }),
  }),
  'outgoing.approve': method({
    summary: 'The current reviewer or approver agrees.',
    auth: 'session', permission: 'documents.read', mutates: true,
    input: docRef.extend({ comment: text(2000).default('') }), output: z.object({ document: documentView }),
  }),
  'outgoing.reject': method({
    summary: 'The current reviewer or approver sends the draft back with a reason.',
    auth: 'session', permission: 'documents.read', mutates: true,
    input: docRef.extend({ reason: nonEmpty.max(2000) }), output: z.object({ document: documentView }),
  }),
  'outgoing.markSigned': method({
    summary: 'Record the signed file (signing module calls this with the signed PDF’s hash).',
    auth: 'session', permission: 'signing.sign', mutates: true,
    input: docRef.extend({ file: fileInput }), output: z.object({ document: documentView }),
  }),
  'outgoing.register': method({
    summary: 'The clerk gives the next number of an outgoing register and builds the notation.',
    auth: 'session', permission: 'documents.register', mutates: true,
    input: docRef.extend({ registerId: id, dateIssued: ymd.optional(), withUnit: z.boolean().default(false) }),
    output: z.object({ document: documentView }),
  }),
  'outgoing.release': method({
    summary: 'Release (phát hành) to internal units and external agencies; the document becomes immutable.',
    auth: 'session', permission: 'documents.release', mutates: true,
    input: docRef.extend({ recipients: z.array(recipientInput).min(1).max(500) }), output: z.object({ document: documentView }),
  }),
  'attachments.add': method({
    summary: 'Attach a file to a document that is not released.',
    auth: 'session', permission: 'documents.read', mutates: true,
    input: z.object({ documentId: id, file: fileInput, role: z.enum(['main', 'attachment']).default('attachment') }),
    output: z.object({ attachment: attachmentView }),
  }),
  'attachments.get': method({
    summary: 'An attachment’s bytes (base64, integrity-checked) or only its blob hash.',
    auth: 'session', permission: 'documents.read', mutates: false,
    input: z.object({ id, as: z.enum(['base64', 'hash']).default('base64') }),
    output: z.object({ attachment: attachmentView, contentBase64: z.string().nullable() }),
  }),
};
