// ExchangeDocument / ExchangeStatus → edXML text, children in the order QCVN 102 lists them.
// Layout (as field packages have it): a root in the edXML namespace holding the envelope
// (edXML-prefixed) and, outside it, the Base64 attachment block matched by content id.
import type { ExchangeDocument, ExchangeOrgan, ExchangeResponseFor, ExchangeStaffInfo, ExchangeStatus, ExchangeTraceHeader, ExchangeBusiness } from './types';
import { EDXML_NAMESPACE, EDXML_PREFIX } from './types';
import { normalizeExchangeDocument, normalizeExchangeStatus } from './normalize';
import { dateToWire, timestampToWire } from './text';
import { toXmlDocument, type WNode } from './xmlWriter';

const P = EDXML_PREFIX;
export const ROOT_ELEMENT = 'export';
export const ATTACHMENT_BLOCK = 'AttachmentEncoded';

function e(local: string, children: WNode['children'], attrs?: [string, string][]): WNode {
  return { name: `${P}:${local}`, children, attrs };
}
function t(local: string, text: string | number | undefined): WNode | undefined {
  return text === undefined ? undefined : { name: `${P}:${local}`, text: String(text) };
}

function organ(local: string, o: ExchangeOrgan): WNode {
  return e(local, [
    t('OrganId', o.organId),
    t('OrganName', o.organName),
    t('OrganAdd', o.organAdd),
    t('Email', o.email),
    t('Telephone', o.telephone),
    t('Fax', o.fax),
    t('Website', o.website),
  ]);
}

function responseFor(r: ExchangeResponseFor): WNode {
  return e('ResponseFor', [
    t('OrganId', r.organId),
    t('Code', r.code),
    t('PromulgationDate', r.promulgationDate && dateToWire(r.promulgationDate, 'responseFor.promulgationDate')),
    t('DocumentId', r.documentId),
  ]);
}

function staffInfo(s: ExchangeStaffInfo): WNode {
  return e('StaffInfo', [t('Department', s.department), t('Staff', s.staff), t('Mobile', s.mobile), t('Email', s.email)]);
}

function business(b: ExchangeBusiness): WNode {
  const infos = b.documentInfo ?? [];
  const earlier = (local: string, idsLocal: string) =>
    infos.map((d) =>
      e(local, [
        t('DocumentId', d.documentId),
        e(idsLocal, d.organIds.map((o) => t('OrganId', o))),
        d.changedFields.length ? e('ChangedFields', d.changedFields.map((f) => t('Field', f))) : undefined,
      ]),
    );
  return e('Bussiness', [
    t('BussinessDocType', b.docType),
    t('BussinessDocReason', b.reason),
    t('Paper', b.paper),
    b.staffInfo && staffInfo(b.staffInfo),
    // Update names the earlier document and its changed fields; replace lists what it replaces.
    ...(b.docType === 3 ? [infos.length ? e('ReplacementInfoList', earlier('ReplacementInfo', 'OrganIdList')) : undefined] : earlier('BussinessDocumentInfo', 'ReceiverList')),
  ]);
}

function traceList(trace: ExchangeTraceHeader[], b?: ExchangeBusiness): WNode {
  return e('TraceHeaderList', [
    ...trace.map((h) => e('TraceHeader', [t('OrganId', h.organId), t('Timestamp', timestampToWire(h.timestamp, 'traceHeaders.timestamp'))])),
    b && business(b),
  ]);
}

function envelope(header: WNode, trace: WNode, manifest?: WNode): WNode {
  return {
    name: `${P}:edXMLEnvelope`,
    attrs: [[`xmlns:${P}`, EDXML_NAMESPACE]],
    children: [e('edXMLHeader', [header, trace]), e('edXMLBody', [manifest])],
  };
}

/**
 * Stands for an attachment's Base64 text while the rest is serialized; it cannot occur otherwise,
 * because NUL is refused in every field (XML cannot carry it).
 */
const PAYLOAD = /\u0000(\d+)\u0000/;

function base64Of(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Writes a document package as text. Validates and normalizes first (AppError EDXML_* on bad input). */
export function buildEdxml(input: ExchangeDocument): string {
  const { xml, attachments } = documentXml(input);
  return xml.split(PAYLOAD).map((part, i) => (i % 2 ? base64Of(attachments[Number(part)]!.bytes) : part)).join('');
}

/**
 * The same package as UTF-8 bytes, what the sender stores and sends. The Base64 text (nearly all of
 * the package) goes straight into the bytes: never escaped, never held in a two-byte string.
 */
export function buildEdxmlBytes(input: ExchangeDocument): Buffer {
  const { xml, attachments } = documentXml(input);
  return Buffer.concat(xml.split(PAYLOAD).map((part, i) => Buffer.from(i % 2 ? base64Of(attachments[Number(part)]!.bytes) : part, i % 2 ? 'latin1' : 'utf8')));
}

/** The package text with a PAYLOAD mark where each attachment's Base64 goes (one line, unwrapped). */
function documentXml(input: ExchangeDocument): { xml: string; attachments: ExchangeDocument['attachments'] } {
  const d = normalizeExchangeDocument(input);
  const header = e('MessageHeader', [
    organ('From', d.from),
    ...d.to.map((o) => organ('To', o)),
    t('DocumentId', d.documentId),
    e('Code', [t('CodeNumber', d.code.codeNumber), t('CodeNotation', d.code.codeNotation)]),
    e('PromulgationInfo', [t('Place', d.promulgationInfo.place), t('PromulgationDate', dateToWire(d.promulgationInfo.promulgationDate, 'promulgationDate'))]),
    e('DocumentType', [t('Type', d.documentType.type), t('TypeName', d.documentType.typeName)]),
    t('Subject', d.subject),
    t('Content', d.content),
    e('SignerInfo', [t('Competence', d.signerInfo.competence), t('Position', d.signerInfo.position), t('FullName', d.signerInfo.fullName)]),
    t('DueDate', d.dueDate && dateToWire(d.dueDate, 'dueDate')),
    e('ToPlaces', d.toPlaces.map((p) => t('Place', p))),
    e('OtherInfo', [
      t('Priority', d.otherInfo.priority),
      t('SphereOfPromulgation', d.otherInfo.sphereOfPromulgation),
      t('TyperNotation', d.otherInfo.typerNotation),
      t('PromulgationAmount', d.otherInfo.promulgationAmount),
      t('PageAmount', d.otherInfo.pageAmount),
      e('Appendixes', d.otherInfo.appendixes.map((a) => t('Appendix', a))),
    ]),
    ...d.responseFor.map(responseFor),
    t('SteeringType', d.steeringType),
  ]);
  const manifest = e(
    'edXMLManifest',
    d.attachments.map((a) =>
      e(
        'Reference',
        [t('AttachmentName', a.name), t('ContentType', a.mimeType), t('Description', a.description), t('Size', a.bytes.byteLength), t('Sha256', a.sha256)],
        [[`${P}:href`, `cid:${a.contentId}`]],
      ),
    ),
    [['version', '1.0']],
  );
  const attachments: WNode = {
    name: ATTACHMENT_BLOCK,
    children: d.attachments.map((a, i) => ({
      name: 'Attachment',
      attrs: [['ContentId', a.contentId], ['AttachmentName', a.name], ['ContentType', a.mimeType], ['ContentTransferEncoded', 'base64']],
      text: `\u0000${i}\u0000`,
    })),
  };
  const xml = toXmlDocument({
    name: ROOT_ELEMENT,
    attrs: [['xmlns', EDXML_NAMESPACE]],
    children: [envelope(header, traceList(d.traceHeaders, d.business), manifest), d.attachments.length ? attachments : undefined],
  });
  return { xml, attachments: d.attachments };
}

/** Writes a status package (no To, no Subject, no attachments). */
export function buildStatusEdxml(input: ExchangeStatus): string {
  const s = normalizeExchangeStatus(input);
  const header = e('MessageHeader', [
    organ('From', s.from),
    responseFor(s.responseFor),
    staffInfo(s.staffInfo),
    t('StatusCode', s.statusCode),
    t('Description', s.description),
    t('Timestamp', timestampToWire(s.timestamp, 'timestamp')),
  ]);
  return toXmlDocument({ name: ROOT_ELEMENT, attrs: [['xmlns', EDXML_NAMESPACE]], children: [envelope(header, traceList(s.traceHeaders))] });
}
