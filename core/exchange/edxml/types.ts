// The plain shape of what an edXML package (QCVN 102:2016/BTTTT) carries. Mapping to the app's
// document records happens elsewhere; this module only reads and writes packages.
//
// Conventions: dates are ISO `YYYY-MM-DD`, timestamps ISO `YYYY-MM-DDTHH:mm:ss+07:00` (the wire
// uses `yyyy/MM/dd` and `yyyy/MM/dd HH:mm:ss` in Vietnam time). Text is NFC and trimmed.

export const EDXML_NAMESPACE = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
export const EDXML_PREFIX = 'edXML';

/** An agency as it appears in From / To. */
export interface ExchangeOrgan {
  organId: string;
  organName: string;
  organAdd?: string;
  email?: string;
  telephone?: string;
  fax?: string;
  website?: string;
}

/** 0 normal, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ. */
export type ExchangePriority = 0 | 1 | 2 | 3 | 4;

/** 0 new, 1 revoke (thu hồi), 2 update (cập nhật), 3 replace (thay thế). */
export type BusinessDocType = 0 | 1 | 2 | 3;

export interface ExchangeResponseFor {
  organId: string;
  code: string;
  promulgationDate?: string;
  documentId: string;
}

export interface ExchangeTraceHeader {
  organId: string;
  timestamp: string;
}

export interface ExchangeStaffInfo {
  department?: string;
  staff?: string;
  mobile?: string;
  email?: string;
}

/** For update/replace: the earlier document and, for update, which of its fields change. */
export interface ExchangeBusinessDocumentInfo {
  /** DocumentId of the earlier document this one updates or replaces. */
  documentId: string;
  /** Agencies that received the earlier document and must apply the change. */
  organIds: string[];
  /** Names of the metadata fields the update changes (e.g. `Subject`, `DueDate`). */
  changedFields: string[];
}

export interface ExchangeBusiness {
  docType: BusinessDocType;
  reason?: string;
  /** 1 when a paper original also travels. */
  paper?: number;
  staffInfo?: ExchangeStaffInfo;
  documentInfo?: ExchangeBusinessDocumentInfo[];
}

export interface ExchangeAttachment {
  /** Without the `cid:` scheme. */
  contentId: string;
  name: string;
  /** From sniffing the bytes; falls back to the declared type only when the bytes say nothing. */
  mimeType: string;
  bytes: Uint8Array;
  /** Hex SHA-256 of `bytes`: computed on read; when building, '' means "compute it" and any
   *  other value must match the bytes (EDXML_ATTACHMENT_MISMATCH otherwise). */
  sha256: string;
  description?: string;
}

export interface ExchangeDocument {
  from: ExchangeOrgan;
  to: ExchangeOrgan[];
  /** Opaque: `<OrganId>,<yyyy/MM/dd>,<number/notation>` by the standard, UUIDs from some systems. */
  documentId: string;
  code: { codeNumber: string; codeNotation: string };
  promulgationInfo: { place: string; promulgationDate: string };
  documentType: { type: number; typeName: string };
  subject: string;
  content?: string;
  signerInfo: { competence?: string; position?: string; fullName: string };
  dueDate?: string;
  toPlaces: string[];
  otherInfo: {
    priority: ExchangePriority;
    sphereOfPromulgation?: string;
    typerNotation?: string;
    promulgationAmount?: number;
    pageAmount?: number;
    appendixes: string[];
  };
  responseFor: ExchangeResponseFor[];
  steeringType?: number;
  traceHeaders: ExchangeTraceHeader[];
  business: ExchangeBusiness;
  attachments: ExchangeAttachment[];
}

/** Two-digit status codes a receiver sends back. */
export const STATUS_CODES = {
  '01': 'arrived',
  '02': 'rejected',
  '03': 'accepted',
  '04': 'assigned',
  '05': 'in-process',
  '06': 'completed',
  '13': 'recall-requested',
  '15': 'recall-agreed',
  '16': 'recall-refused',
} as const;
export type StatusCode = keyof typeof STATUS_CODES;

export interface ExchangeStatus {
  from: ExchangeOrgan;
  responseFor: ExchangeResponseFor;
  staffInfo: ExchangeStaffInfo;
  statusCode: StatusCode;
  description?: string;
  timestamp: string;
  traceHeaders: ExchangeTraceHeader[];
}

/** What parsing reports besides the document. */
export interface ParseReport {
  /** The sending system's signature: present or not; never verified here (see edxml.md). */
  signature: 'absent' | 'present-unverified';
  /** Declared attachment content types that disagreed with the sniffed bytes. */
  contentTypeMismatches: { contentId: string; declared: string; sniffed: string }[];
}

export type ParsedPackage =
  | { kind: 'document'; document: ExchangeDocument; report: ParseReport }
  | { kind: 'status'; status: ExchangeStatus; report: ParseReport };
