import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  EDXML_NAMESPACE,
  buildEdxml,
  buildStatusEdxml,
  normalizeExchangeDocument,
  parseEdxml,
  parseEdxmlDocument,
  parseSafeXml,
} from '../../../core/exchange/edxml';
import { exchangeDocument, reserialize } from './arbitraries';
import { sampleDocument, sampleStatus, tinyPdf } from './fixtures';

describe('edXML build → parse', () => {
  it('returns the same document for a typical outgoing công văn with a PDF', () => {
    const doc = normalizeExchangeDocument(sampleDocument());
    const { document, report } = parseEdxmlDocument(buildEdxml(doc));
    expect(document).toEqual(doc);
    expect(report.signature).toBe('absent');
    expect(document.attachments[0]!.mimeType).toBe('application/pdf');
    expect(Buffer.from(document.attachments[0]!.bytes)).toEqual(Buffer.from(tinyPdf()));
  });

  it('writes the edXML prefix, the standard namespace and the MessageHeader children in the standard order', () => {
    const xml = buildEdxml(sampleDocument());
    expect(xml).toContain(`xmlns:edXML="${EDXML_NAMESPACE}"`);
    const order = ['From', 'To', 'DocumentId', 'Code', 'PromulgationInfo', 'DocumentType', 'Subject', 'Content', 'SignerInfo', 'DueDate', 'ToPlaces', 'OtherInfo', 'SteeringType'];
    const header = xml.slice(xml.indexOf('<edXML:MessageHeader>'), xml.indexOf('</edXML:MessageHeader>'));
    const positions = order.map((n) => header.indexOf(`<edXML:${n}>`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(xml).toContain('<edXML:PromulgationDate>2026/11/20</edXML:PromulgationDate>');
    expect(xml).toContain('<edXML:Timestamp>2026/11/20 09:15:00</edXML:Timestamp>');
  });

  it('stores NFD Vietnamese input as NFC', () => {
    const doc = sampleDocument({ subject: 'Về việc tổ chức hội nghị'.normalize('NFD') });
    const { document } = parseEdxmlDocument(buildEdxml(doc));
    expect(document.subject).toBe('Về việc tổ chức hội nghị'.normalize('NFC'));
    expect(document.subject).not.toBe(doc.subject);
  });

  it('carries revoke / update / replace business blocks with the earlier document', () => {
    for (const docType of [1, 2, 3] as const) {
      const doc = normalizeExchangeDocument(
        sampleDocument({
          business: {
            docType,
            reason: 'Sai sót trích yếu',
            paper: 0,
            staffInfo: { department: 'Văn phòng', staff: 'Lê Văn An', mobile: '0912345678' },
            documentInfo: [{ documentId: '000.00.00.H17,2026/11/01,100/UBND-VX', organIds: ['000.00.00.G22'], changedFields: docType === 2 ? ['Subject', 'DueDate'] : [] }],
          },
        }),
      );
      expect(parseEdxmlDocument(buildEdxml(doc)).document.business).toEqual(doc.business);
    }
  });

  it('round-trips status messages 01–16 without To or Subject', () => {
    for (const statusCode of ['01', '02', '03', '04', '05', '06', '13', '15', '16'] as const) {
      const xml = buildStatusEdxml(sampleStatus({ statusCode }));
      expect(xml).not.toContain('<edXML:To>');
      expect(xml).not.toContain('<edXML:Subject>');
      const parsed = parseEdxml(xml);
      expect(parsed.kind).toBe('status');
      if (parsed.kind === 'status') {
        expect(parsed.status.statusCode).toBe(statusCode);
        expect(parsed.status.responseFor.documentId).toBe('000.00.00.H17,2026/11/20,123/UBND-VX');
        expect(parsed.status.timestamp).toBe('2026-11-20T10:00:00+07:00');
      }
    }
  });

  it('converts timestamps given in another zone to Vietnam time', () => {
    const doc = sampleDocument({ traceHeaders: [{ organId: '000.00.00.H17', timestamp: '2026-11-20T02:15:00Z' }] });
    expect(buildEdxml(doc)).toContain('<edXML:Timestamp>2026/11/20 09:15:00</edXML:Timestamp>');
    expect(parseEdxmlDocument(buildEdxml(doc)).document.traceHeaders[0]!.timestamp).toBe('2026-11-20T09:15:00+07:00');
  });

  it('refuses to build a document with a bad agency code, no recipient, a control character or an attachment that does not match its hash', () => {
    expect(() => buildEdxml(sampleDocument({ from: { organId: '../etc', organName: 'x' } }))).toThrow(expect.objectContaining({ code: 'EDXML_AGENCY_CODE' }));
    expect(() => buildEdxml(sampleDocument({ to: [] }))).toThrow(expect.objectContaining({ code: 'EDXML_MISSING_FIELD' }));
    expect(() => buildEdxml(sampleDocument({ subject: 'bad\u0007bell' }))).toThrow(expect.objectContaining({ code: 'EDXML_INVALID_CHAR' }));
    const damaged = [{ contentId: 'a', name: 'a.pdf', mimeType: 'application/pdf', bytes: tinyPdf(), sha256: '0'.repeat(64) }];
    expect(() => buildEdxml(sampleDocument({ attachments: damaged }))).toThrow(expect.objectContaining({ code: 'EDXML_ATTACHMENT_MISMATCH' }));
  });
});

describe('edXML property tests', () => {
  it('parse(build(doc)) equals the normalized doc, and normalized docs round-trip to identity', () => {
    fc.assert(
      fc.property(exchangeDocument, (doc) => {
        const normal = normalizeExchangeDocument(doc);
        expect(normalizeExchangeDocument(normal)).toEqual(normal);
        expect(parseEdxmlDocument(buildEdxml(doc)).document).toEqual(normal);
        expect(parseEdxmlDocument(buildEdxml(normal)).document).toEqual(normal);
      }),
      { numRuns: 150 },
    );
  });

  it('reads the same document whatever the child order and prefixes', () => {
    fc.assert(
      fc.property(exchangeDocument, fc.integer(), fc.constantFrom('edXML', 'ns1', 'x', 'qcvn'), (doc, seed, prefix) => {
        const normal = normalizeExchangeDocument(doc);
        let s = seed >>> 0;
        const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
        const shuffled = reserialize(parseSafeXml(buildEdxml(normal)), rnd, prefix);
        expect(parseEdxmlDocument(shuffled).document).toEqual(normal);
      }),
      { numRuns: 100 },
    );
  });
});
