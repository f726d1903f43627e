// The canonical form of an ExchangeDocument / ExchangeStatus: NFC trimmed text, empty optionals
// dropped, timestamps in Vietnam time, attachment type and hash computed from the bytes. Building
// writes this form and parsing returns it, which is what makes build → parse an identity.
import { createHash } from 'node:crypto';
import type {
  ExchangeAttachment,
  ExchangeBusiness,
  ExchangeDocument,
  ExchangeOrgan,
  ExchangeResponseFor,
  ExchangeStaffInfo,
  ExchangeStatus,
  ExchangeTraceHeader,
} from './types';
import { STATUS_CODES } from './types';
import { effectiveMimeType } from './sniff';
import { assertAgencyCode, assertXmlText, dateFromWire, edxmlError, isoToVietnam, normalizeText, timestampFromWire } from './text';

export function req(s: string | undefined, field: string, allowEmpty = false): string {
  const v = normalizeText(s ?? '');
  assertXmlText(v, field);
  if (!allowEmpty && v === '') throw edxmlError('EDXML_MISSING_FIELD', `${field} is required.`, { field });
  return v;
}

export function opt(s: string | undefined, field: string): string | undefined {
  if (s === undefined) return undefined;
  const v = normalizeText(s);
  assertXmlText(v, field);
  return v === '' ? undefined : v;
}

function list(items: readonly string[] | undefined, field: string): string[] {
  return (items ?? []).map((s, i) => opt(s, `${field}[${i}]`)).filter((s): s is string => s !== undefined);
}

function nonNegInt(n: number | undefined, field: string): number | undefined {
  if (n === undefined) return undefined;
  if (!Number.isSafeInteger(n) || n < 0) throw edxmlError('EDXML_INVALID_FIELD', `${field} must be a whole number ≥ 0.`, { field });
  return n;
}

function isoDate(s: string | undefined, field: string): string | undefined {
  const v = opt(s, field);
  return v === undefined ? undefined : dateFromWire(v, field);
}

function isoTime(s: string, field: string): string {
  const v = req(s, field);
  return isoToVietnam(timestampFromWire(v, field));
}

/** Strips a `cid:` scheme and MIME angle brackets: `<cid:x>`, `cid:x` and `x` are one id. */
export function bareContentId(id: string): string {
  return normalizeText(id).replace(/^<|>$/g, '').replace(/^cid:/i, '').replace(/^<|>$/g, '');
}

export function normalizeOrgan(o: ExchangeOrgan, field: string): ExchangeOrgan {
  return {
    organId: assertAgencyCode(req(o.organId, `${field}.organId`), `${field}.organId`),
    organName: req(o.organName, `${field}.organName`, true),
    organAdd: opt(o.organAdd, `${field}.organAdd`),
    email: opt(o.email, `${field}.email`),
    telephone: opt(o.telephone, `${field}.telephone`),
    fax: opt(o.fax, `${field}.fax`),
    website: opt(o.website, `${field}.website`),
  };
}

export function normalizeResponseFor(r: ExchangeResponseFor, field: string): ExchangeResponseFor {
  return {
    organId: assertAgencyCode(req(r.organId, `${field}.organId`), `${field}.organId`),
    code: req(r.code, `${field}.code`, true),
    promulgationDate: isoDate(r.promulgationDate, `${field}.promulgationDate`),
    documentId: req(r.documentId, `${field}.documentId`),
  };
}

export function normalizeStaff(s: ExchangeStaffInfo | undefined, field: string): ExchangeStaffInfo {
  return {
    department: opt(s?.department, `${field}.department`),
    staff: opt(s?.staff, `${field}.staff`),
    mobile: opt(s?.mobile, `${field}.mobile`),
    email: opt(s?.email, `${field}.email`),
  };
}

export function normalizeTrace(t: ExchangeTraceHeader[], field: string): ExchangeTraceHeader[] {
  return t.map((h, i) => ({
    organId: assertAgencyCode(req(h.organId, `${field}[${i}].organId`), `${field}[${i}].organId`),
    timestamp: isoTime(h.timestamp, `${field}[${i}].timestamp`),
  }));
}

function normalizeBusiness(b: ExchangeBusiness | undefined): ExchangeBusiness {
  const docType = b?.docType ?? 0;
  if (![0, 1, 2, 3].includes(docType)) throw edxmlError('EDXML_INVALID_FIELD', 'business.docType must be 0 (new), 1 (revoke), 2 (update) or 3 (replace).', { field: 'business.docType' });
  const staff = b?.staffInfo ? normalizeStaff(b.staffInfo, 'business.staffInfo') : undefined;
  const hasStaff = staff && Object.values(staff).some((v) => v !== undefined);
  const info = (b?.documentInfo ?? []).map((d, i) => ({
    documentId: req(d.documentId, `business.documentInfo[${i}].documentId`),
    organIds: d.organIds.map((o, j) => assertAgencyCode(req(o, `business.documentInfo[${i}].organIds[${j}]`), `business.documentInfo[${i}].organIds[${j}]`)),
    changedFields: list(d.changedFields, `business.documentInfo[${i}].changedFields`),
  }));
  return {
    docType,
    reason: opt(b?.reason, 'business.reason'),
    paper: nonNegInt(b?.paper, 'business.paper'),
    staffInfo: hasStaff ? staff : undefined,
    documentInfo: info.length ? info : undefined,
  };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * SHA-256 of byte arrays this code made or read and never writes to again, remembered per array: an
 * attachment is hashed once on its way through build or parse, normalize and storage, not at
 * every step.
 */
const knownHashes = new WeakMap<Uint8Array, string>();

export function sha256Of(bytes: Uint8Array): string {
  let h = knownHashes.get(bytes);
  if (h === undefined) knownHashes.set(bytes, (h = sha256Hex(bytes)));
  return h;
}

/** Records the hash of bytes just read and checked against it (e.g. by BlobStore.get). */
export function knownSha256(bytes: Uint8Array, sha256: string): Uint8Array {
  knownHashes.set(bytes, sha256);
  return bytes;
}

function normalizeAttachment(a: ExchangeAttachment, i: number): ExchangeAttachment {
  const name = req(a.name, `attachments[${i}].name`);
  const contentId = bareContentId(req(a.contentId, `attachments[${i}].contentId`));
  if (!/^[\x21-\x7e]{1,200}$/.test(contentId) || /[<>"&]/.test(contentId)) {
    throw edxmlError('EDXML_INVALID_FIELD', `attachments[${i}].contentId must be 1–200 printable ASCII characters without <>"&.`, { field: `attachments[${i}].contentId` });
  }
  const sha256 = sha256Of(a.bytes);
  const bytes = knownSha256(new Uint8Array(a.bytes), sha256);
  // A caller-supplied hash (e.g. from the blob store) must match the bytes; empty means "compute it".
  if (a.sha256 && a.sha256.toLowerCase() !== sha256) {
    throw edxmlError('EDXML_ATTACHMENT_MISMATCH', `Attachment "${name}" does not match its recorded SHA-256; the stored file may be damaged.`, { contentId });
  }
  return {
    contentId,
    name,
    mimeType: effectiveMimeType(bytes, name, a.mimeType),
    bytes,
    sha256,
    description: opt(a.description, `attachments[${i}].description`),
  };
}

export function normalizeExchangeDocument(d: ExchangeDocument): ExchangeDocument {
  if (!d.to || d.to.length === 0) throw edxmlError('EDXML_MISSING_FIELD', 'A document needs at least one recipient (To).', { field: 'to' });
  const priority = d.otherInfo?.priority ?? 0;
  if (![0, 1, 2, 3, 4].includes(priority)) throw edxmlError('EDXML_INVALID_FIELD', 'otherInfo.priority must be 0–4.', { field: 'otherInfo.priority' });
  const docType = nonNegInt(d.documentType?.type ?? 0, 'documentType.type')!;
  const attachments = (d.attachments ?? []).map(normalizeAttachment);
  const ids = new Set<string>();
  for (const a of attachments) {
    if (ids.has(a.contentId)) throw edxmlError('EDXML_INVALID_FIELD', `Two attachments share the content id "${a.contentId}".`, { field: 'attachments' });
    ids.add(a.contentId);
  }
  return {
    from: normalizeOrgan(d.from, 'from'),
    to: d.to.map((o, i) => normalizeOrgan(o, `to[${i}]`)),
    documentId: req(d.documentId, 'documentId'),
    code: { codeNumber: req(d.code?.codeNumber, 'code.codeNumber', true), codeNotation: req(d.code?.codeNotation, 'code.codeNotation', true) },
    promulgationInfo: {
      place: req(d.promulgationInfo?.place, 'promulgationInfo.place', true),
      promulgationDate: isoDate(d.promulgationInfo?.promulgationDate, 'promulgationInfo.promulgationDate') ??
        (() => { throw edxmlError('EDXML_MISSING_FIELD', 'promulgationInfo.promulgationDate is required.', { field: 'promulgationInfo.promulgationDate' }); })(),
    },
    documentType: { type: docType, typeName: req(d.documentType?.typeName, 'documentType.typeName', true) },
    subject: req(d.subject, 'subject'),
    content: opt(d.content, 'content'),
    signerInfo: {
      competence: opt(d.signerInfo?.competence, 'signerInfo.competence'),
      position: opt(d.signerInfo?.position, 'signerInfo.position'),
      fullName: req(d.signerInfo?.fullName, 'signerInfo.fullName', true),
    },
    dueDate: isoDate(d.dueDate, 'dueDate'),
    toPlaces: list(d.toPlaces, 'toPlaces'),
    otherInfo: {
      priority,
      sphereOfPromulgation: opt(d.otherInfo?.sphereOfPromulgation, 'otherInfo.sphereOfPromulgation'),
      typerNotation: opt(d.otherInfo?.typerNotation, 'otherInfo.typerNotation'),
      promulgationAmount: nonNegInt(d.otherInfo?.promulgationAmount, 'otherInfo.promulgationAmount'),
      pageAmount: nonNegInt(d.otherInfo?.pageAmount, 'otherInfo.pageAmount'),
      appendixes: list(d.otherInfo?.appendixes, 'otherInfo.appendixes'),
    },
    responseFor: (d.responseFor ?? []).map((r, i) => normalizeResponseFor(r, `responseFor[${i}]`)),
    steeringType: nonNegInt(d.steeringType, 'steeringType'),
    traceHeaders: normalizeTrace(d.traceHeaders ?? [], 'traceHeaders'),
    business: normalizeBusiness(d.business),
    attachments,
  };
}

export function normalizeExchangeStatus(s: ExchangeStatus): ExchangeStatus {
  if (!(s.statusCode in STATUS_CODES)) {
    throw edxmlError('EDXML_INVALID_FIELD', `statusCode "${s.statusCode}" is not one of ${Object.keys(STATUS_CODES).join(', ')}.`, { field: 'statusCode' });
  }
  return {
    from: normalizeOrgan(s.from, 'from'),
    responseFor: normalizeResponseFor(s.responseFor, 'responseFor'),
    staffInfo: normalizeStaff(s.staffInfo, 'staffInfo'),
    statusCode: s.statusCode,
    description: opt(s.description, 'description'),
    timestamp: isoTime(s.timestamp, 'timestamp'),
    traceHeaders: normalizeTrace(s.traceHeaders ?? [], 'traceHeaders'),
  };
}
