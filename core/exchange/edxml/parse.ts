// edXML text → ExchangeDocument / ExchangeStatus. Elements are matched by namespace URI and local
// name only (prefixes vary in the field), children are read in any order, and the result goes
// through the same normalization the builder uses.
import type {
  BusinessDocType,
  ExchangeAttachment,
  ExchangeBusiness,
  ExchangeBusinessDocumentInfo,
  ExchangeDocument,
  ExchangeOrgan,
  ExchangeResponseFor,
  ExchangeStaffInfo,
  ExchangeStatus,
  ExchangeTraceHeader,
  ParseReport,
  ParsedPackage,
  StatusCode,
} from './types';
import { EDXML_NAMESPACE } from './types';
import { DEFAULT_XML_LIMITS, attrOf, childElements, findDescendant, parseSafeXml, payloadOf, textOf, type XmlElement, type XmlLimits } from './safeXml';
import { decodeBase64Ascii } from './base64';
import { bareContentId, normalizeExchangeDocument, normalizeExchangeStatus, sha256Of } from './normalize';
import { sniffMimeType } from './sniff';
import { edxmlError, looksLikeLegacyVietnamese, normalizeText } from './text';

const NS = EDXML_NAMESPACE;

function kids(el: XmlElement | undefined, local: string): XmlElement[] {
  return el ? childElements(el, NS, local) : [];
}
function kid(el: XmlElement | undefined, local: string): XmlElement | undefined {
  return kids(el, local)[0];
}
function checkedText(raw: string, where: string): string {
  const v = normalizeText(raw);
  if (looksLikeLegacyVietnamese(v)) {
    throw edxmlError('EDXML_ENCODING', `${where} looks like Vietnamese in a legacy encoding (TCVN3/VNI) shown as Latin-1: "${v.slice(0, 40)}". Ask the sender to re-export in Unicode (UTF-8).`, { field: where });
  }
  return v;
}
function txt(el: XmlElement | undefined, local: string): string | undefined {
  const c = kid(el, local);
  return c ? checkedText(textOf(c), local) : undefined;
}
function int(el: XmlElement | undefined, local: string): number | undefined {
  const v = txt(el, local);
  if (v === undefined || v === '') return undefined;
  if (!/^\d{1,15}$/.test(v)) throw edxmlError('EDXML_INVALID_FIELD', `${local} "${v.slice(0, 20)}" is not a whole number.`, { field: local });
  return Number(v);
}

function organ(el: XmlElement): ExchangeOrgan {
  return {
    organId: txt(el, 'OrganId') ?? '',
    organName: txt(el, 'OrganName') ?? '',
    organAdd: txt(el, 'OrganAdd'),
    email: txt(el, 'Email'),
    telephone: txt(el, 'Telephone'),
    fax: txt(el, 'Fax'),
    website: txt(el, 'Website'),
  };
}

function responseFor(el: XmlElement): ExchangeResponseFor {
  return { organId: txt(el, 'OrganId') ?? '', code: txt(el, 'Code') ?? '', promulgationDate: txt(el, 'PromulgationDate'), documentId: txt(el, 'DocumentId') ?? '' };
}

function staff(el: XmlElement | undefined): ExchangeStaffInfo | undefined {
  if (!el) return undefined;
  return { department: txt(el, 'Department'), staff: txt(el, 'Staff'), mobile: txt(el, 'Mobile'), email: txt(el, 'Email') };
}

function traceHeaders(list: XmlElement | undefined): ExchangeTraceHeader[] {
  return kids(list, 'TraceHeader').map((h) => ({ organId: txt(h, 'OrganId') ?? '', timestamp: txt(h, 'Timestamp') ?? '' }));
}

function earlierDocument(el: XmlElement, idsLocal: string): ExchangeBusinessDocumentInfo {
  return {
    documentId: txt(el, 'DocumentId') ?? '',
    organIds: kids(kid(el, idsLocal), 'OrganId').map((o) => checkedText(textOf(o), 'OrganId')),
    changedFields: kids(kid(el, 'ChangedFields'), 'Field').map((f) => checkedText(textOf(f), 'Field')),
  };
}

function business(el: XmlElement | undefined): ExchangeBusiness {
  if (!el) return { docType: 0 };
  const docType = int(el, 'BussinessDocType') ?? 0;
  if (docType > 3) throw edxmlError('EDXML_INVALID_FIELD', `BussinessDocType ${docType} is not 0–3.`, { field: 'BussinessDocType' });
  return {
    docType: docType as BusinessDocType,
    reason: txt(el, 'BussinessDocReason'),
    paper: int(el, 'Paper'),
    staffInfo: staff(kid(el, 'StaffInfo')),
    documentInfo: [
      ...kids(el, 'BussinessDocumentInfo').map((d) => earlierDocument(d, 'ReceiverList')),
      ...kids(kid(el, 'ReplacementInfoList'), 'ReplacementInfo').map((d) => earlierDocument(d, 'OrganIdList')),
    ],
  };
}

interface Located {
  root: XmlElement;
  envelope: XmlElement;
  header: XmlElement;
  trace: XmlElement | undefined;
}

function locate(root: XmlElement): Located {
  const envelope = root.ns === NS && root.local === 'edXMLEnvelope' ? root : findDescendant(root, NS, 'edXMLEnvelope', 2);
  if (!envelope) {
    const foreign = root.local === 'edXMLEnvelope' ? root : childElements(root).find((c) => c.local === 'edXMLEnvelope');
    const seen = (foreign ?? root).ns;
    if (foreign || root.ns !== NS) {
      throw edxmlError('EDXML_WRONG_NAMESPACE', `The package's elements are in namespace "${seen ?? '(none)'}", not the edXML namespace ${NS}. It is not a QCVN 102 package.`, { namespace: seen });
    }
    throw edxmlError('EDXML_MISSING_FIELD', 'The package has no edXMLEnvelope.', { field: 'edXMLEnvelope' });
  }
  const header = findDescendant(envelope, NS, 'MessageHeader', 2);
  if (!header) throw edxmlError('EDXML_MISSING_FIELD', 'The package has no MessageHeader.', { field: 'MessageHeader' });
  return { root, envelope, header, trace: findDescendant(envelope, NS, 'TraceHeaderList', 2) };
}

function signaturePresence(envelope: XmlElement): ParseReport['signature'] {
  const head = findDescendant(envelope, NS, 'edXMLHeader', 1);
  const places = [envelope, ...(head ? [head] : [])];
  return places.some((p) => childElements(p).some((c) => c.local === 'Signature')) ? 'present-unverified' : 'absent';
}

// Written for speed on large payloads: one scan for a foreign character, then the padding.
function isBase64(s: string): boolean {
  if (s.length % 4 !== 0 || /[^A-Za-z0-9+/=]/.test(s)) return false;
  const pad = s.indexOf('=');
  return pad < 0 || (pad >= s.length - 2 && /^=+$/.test(s.slice(pad)));
}

/** `decode: false` checks the attachment blocks and the manifest against each other but leaves the payloads unread (and returns none). */
function attachments(loc: Located, limits: XmlLimits, report: ParseReport, decode = true): ExchangeAttachment[] {
  const manifest = findDescendant(loc.envelope, NS, 'edXMLManifest', 2);
  const refs = kids(manifest, 'Reference');
  // The attachment block sits beside the envelope or inside it; some SDKs leave it unqualified.
  const blocks = [...new Set([loc.root, loc.envelope, ...kids(loc.envelope, 'edXMLBody')])].flatMap((p) =>
    childElements(p).filter((c) => c.local === 'AttachmentEncoded' && (c.ns === NS || c.ns === null)),
  );
  const encoded = blocks.flatMap((b) => childElements(b).filter((c) => c.local === 'Attachment' && (c.ns === NS || c.ns === null)));
  if (refs.length > limits.maxAttachments || encoded.length > limits.maxAttachments) {
    throw edxmlError('EDXML_TOO_MANY_ATTACHMENTS', `The package has more than ${limits.maxAttachments} attachments; it was refused.`, { limit: limits.maxAttachments });
  }
  const byId = new Map<string, XmlElement>();
  for (const a of encoded) {
    const id = bareContentId(attrOf(a, 'ContentId') ?? attrOf(a, 'ContentID') ?? attrOf(a, 'contentId') ?? '');
    if (!id) throw edxmlError('EDXML_INVALID_FIELD', 'An attachment has no ContentId.', { field: 'Attachment' });
    if (byId.has(id)) throw edxmlError('EDXML_INVALID_FIELD', `Two attachments share the content id "${id}".`, { field: 'Attachment' });
    byId.set(id, a);
  }
  const decodePayload = (el: XmlElement, id: string): Uint8Array => {
    const payload = payloadOf(el);
    const fast = payload && decodeBase64Ascii(payload);
    if (fast) return fast;
    if (childElements(el).length) throw edxmlError('EDXML_INVALID_FIELD', `Attachment ${id} holds elements, not Base64 text.`, { contentId: id });
    // Text and CDATA sections alike (the reader has already taken the CDATA markers off).
    const b64 = textOf(el).replace(/\s+/g, '');
    const bytes = Buffer.from(b64, 'base64');
    // Canonical Base64 encodes back to itself (one native pass); anything else gets the full check.
    if (bytes.toString('base64') !== b64 && !isBase64(b64)) throw edxmlError('EDXML_INVALID_FIELD', `Attachment ${id} is not valid Base64.`, { contentId: id });
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
  const out: ExchangeAttachment[] = [];
  const build = (id: string, el: XmlElement, ref: XmlElement | undefined) => {
    if (!decode) return;
    const bytes = decodePayload(el, id);
    const name = (ref && txt(ref, 'AttachmentName')) || checkedText(attrOf(el, 'AttachmentName') ?? attrOf(el, 'Name') ?? id, 'AttachmentName');
    const declared = (ref && txt(ref, 'ContentType')) || attrOf(el, 'ContentType');
    const size = ref ? int(ref, 'Size') : undefined;
    const sha = ref ? txt(ref, 'Sha256')?.toLowerCase() : undefined;
    if (size !== undefined && size !== bytes.byteLength) {
      throw edxmlError('EDXML_ATTACHMENT_MISMATCH', `Attachment "${name}" is ${bytes.byteLength} bytes but the manifest says ${size}; it was damaged in transit.`, { contentId: id });
    }
    const actual = sha256Of(bytes);
    if (sha !== undefined && sha !== actual) {
      throw edxmlError('EDXML_ATTACHMENT_MISMATCH', `Attachment "${name}" does not match the SHA-256 in the manifest; it was damaged in transit.`, { contentId: id });
    }
    const sniffed = sniffMimeType(bytes, name);
    if (declared && sniffed && declared.toLowerCase() !== sniffed) report.contentTypeMismatches.push({ contentId: id, declared, sniffed });
    out.push({ contentId: id, name, mimeType: declared ?? '', bytes, sha256: actual, description: ref ? txt(ref, 'Description') : undefined });
  };
  const referenced = new Set<string>();
  for (const ref of refs) {
    const id = bareContentId(attrOf(ref, 'href') ?? '');
    if (!id) throw edxmlError('EDXML_INVALID_FIELD', 'A manifest reference has no cid: href.', { field: 'Reference' });
    const el = byId.get(id);
    if (!el) throw edxmlError('EDXML_ATTACHMENT_MISSING', `The manifest lists attachment cid:${id} but the package does not carry it.`, { contentId: id });
    referenced.add(id);
    build(id, el, ref);
  }
  // Attachments with no manifest entry are kept: some senders omit the manifest altogether.
  for (const [id, el] of byId) if (!referenced.has(id)) build(id, el, undefined);
  return out;
}

/** Parses an edXML package (document or status). Throws AppError with an EDXML_* code. */
export function parseEdxml(input: Uint8Array | string, limits: XmlLimits = DEFAULT_XML_LIMITS): ParsedPackage {
  return parsePackage(input, limits, true);
}

/** What a package says about itself, for routing: `parseEdxml` without decoding or checking the attachments' bytes. */
export type PackageHeader = { kind: 'document'; document: Omit<ExchangeDocument, 'attachments'>; report: ParseReport } | { kind: 'status'; status: ExchangeStatus; report: ParseReport };

/**
 * Reads a package as a router needs it (the axis): the same safe reader and the same header and
 * manifest checks as parseEdxml, but the attachments' Base64 is neither decoded nor hashed. The
 * receiving agency does that (and quarantines a package whose files do not match its manifest).
 */
export function parseEdxmlHeader(input: Uint8Array | string, limits: XmlLimits = DEFAULT_XML_LIMITS): PackageHeader {
  const p = parsePackage(input, limits, false);
  if (p.kind === 'status') return p;
  const { attachments: _none, ...document } = p.document;
  return { kind: 'document', document, report: p.report };
}

function parsePackage(input: Uint8Array | string, limits: XmlLimits, withAttachments: boolean): ParsedPackage {
  const loc = locate(parseSafeXml(input, limits));
  const report: ParseReport = { signature: signaturePresence(loc.envelope), contentTypeMismatches: [] };
  const h = loc.header;
  const from = kid(h, 'From');
  if (!from) throw edxmlError('EDXML_MISSING_FIELD', 'The package has no sender (From).', { field: 'From' });

  if (kid(h, 'StatusCode')) {
    const rf = kid(h, 'ResponseFor');
    if (!rf) throw edxmlError('EDXML_MISSING_FIELD', 'The status has no ResponseFor.', { field: 'ResponseFor' });
    const status: ExchangeStatus = {
      from: organ(from),
      responseFor: responseFor(rf),
      staffInfo: staff(kid(h, 'StaffInfo')) ?? {},
      statusCode: (txt(h, 'StatusCode') ?? '') as StatusCode,
      description: txt(h, 'Description'),
      timestamp: txt(h, 'Timestamp') ?? '',
      traceHeaders: traceHeaders(loc.trace),
    };
    return { kind: 'status', status: normalizeExchangeStatus(status), report };
  }

  const code = kid(h, 'Code');
  const info = kid(h, 'PromulgationInfo');
  const type = kid(h, 'DocumentType');
  const signer = kid(h, 'SignerInfo');
  const other = kid(h, 'OtherInfo');
  const doc: ExchangeDocument = {
    from: organ(from),
    to: kids(h, 'To').map(organ),
    documentId: txt(h, 'DocumentId') ?? '',
    code: { codeNumber: txt(code, 'CodeNumber') ?? '', codeNotation: txt(code, 'CodeNotation') ?? '' },
    promulgationInfo: { place: txt(info, 'Place') ?? '', promulgationDate: txt(info, 'PromulgationDate') ?? '' },
    documentType: { type: int(type, 'Type') ?? 0, typeName: txt(type, 'TypeName') ?? '' },
    subject: txt(h, 'Subject') ?? '',
    content: txt(h, 'Content'),
    signerInfo: { competence: txt(signer, 'Competence'), position: txt(signer, 'Position'), fullName: txt(signer, 'FullName') ?? '' },
    dueDate: txt(h, 'DueDate'),
    toPlaces: kids(kid(h, 'ToPlaces'), 'Place').map((p) => checkedText(textOf(p), 'Place')),
    otherInfo: {
      priority: (int(other, 'Priority') ?? 0) as ExchangeDocument['otherInfo']['priority'],
      sphereOfPromulgation: txt(other, 'SphereOfPromulgation'),
      typerNotation: txt(other, 'TyperNotation'),
      promulgationAmount: int(other, 'PromulgationAmount'),
      pageAmount: int(other, 'PageAmount'),
      appendixes: kids(kid(other, 'Appendixes'), 'Appendix').map((a) => checkedText(textOf(a), 'Appendix')),
    },
    responseFor: kids(h, 'ResponseFor').map(responseFor),
    steeringType: int(h, 'SteeringType'),
    traceHeaders: traceHeaders(loc.trace),
    business: business(kid(loc.trace, 'Bussiness') ?? kid(loc.header, 'Bussiness')),
    attachments: attachments(loc, limits, report, withAttachments),
  };
  return { kind: 'document', document: normalizeExchangeDocument(doc), report };
}

/** Parses a package that must be a document (not a status). */
export function parseEdxmlDocument(input: Uint8Array | string, limits?: XmlLimits): { document: ExchangeDocument; report: ParseReport } {
  const p = parseEdxml(input, limits);
  if (p.kind !== 'document') throw edxmlError('EDXML_INVALID_FIELD', 'This package is a status message, not a document.', { field: 'StatusCode' });
  return { document: p.document, report: p.report };
}
