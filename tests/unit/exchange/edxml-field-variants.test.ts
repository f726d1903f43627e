// Packages written the way other vendors' systems write them: default namespace on the root, a
// different prefix on the envelope, children out of the standard's order, the attachment block
// outside the envelope and unqualified, UUID document ids, NFD text, CRLF line ends, a system
// signature placeholder, no size/hash in the manifest and a declared type that lies.
import { describe, expect, it } from 'vitest';
import { deflateRawSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { parseEdxml, parseEdxmlDocument, sniffMimeType } from '../../../core/exchange/edxml';
import { tinyPdf } from './fixtures';

const NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';

/** A minimal one-entry ZIP (stored), enough for sniffing. */
function zipWith(name: string, data: Buffer): Buffer {
  const nameBuf = Buffer.from(name);
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt32LE(data.length, 18);
  header.writeUInt32LE(data.length, 22);
  header.writeUInt16LE(nameBuf.length, 26);
  return Buffer.concat([header, nameBuf, data]);
}

function fieldPackage(opts: { uuid?: boolean; nfd?: boolean; crlf?: boolean } = {}): string {
  const pdf = Buffer.from(tinyPdf('field'));
  const zip = zipWith('vanban.pdf', deflateRawSync(pdf));
  const subject = opts.nfd ? 'Về việc báo cáo tình hình kinh tế – xã hội'.normalize('NFD') : 'Về việc báo cáo tình hình kinh tế – xã hội';
  const docId = opts.uuid ? '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b' : '28.22.H17,2026/10/05,45/BC-UBND';
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<export xmlns="${NS}">
<ns2:edXMLEnvelope xmlns:ns2="${NS}">
<ns2:edXMLHeader>
<ns2:MessageHeader>
<ns2:DocumentId>${docId}</ns2:DocumentId>
<ns2:Subject>${subject}</ns2:Subject>
<ns2:To><ns2:OrganName>UBND tỉnh Hà Giang</ns2:OrganName><ns2:OrganId>H01.151</ns2:OrganId></ns2:To>
<ns2:From><ns2:Telephone>0219 3866 123</ns2:Telephone><ns2:OrganName>UBND huyện Bắc Mê</ns2:OrganName><ns2:OrganId>28.22.H17</ns2:OrganId></ns2:From>
<ns2:To><ns2:OrganId>H01.151.04</ns2:OrganId><ns2:OrganName>Sở Nội vụ</ns2:OrganName></ns2:To>
<ns2:Code><ns2:CodeNotation>BC-UBND</ns2:CodeNotation><ns2:CodeNumber>45</ns2:CodeNumber></ns2:Code>
<ns2:OtherInfo><ns2:PageAmount>3</ns2:PageAmount><ns2:Priority>2</ns2:Priority></ns2:OtherInfo>
<ns2:SignerInfo><ns2:FullName>Hoàng Thị Mai</ns2:FullName><ns2:Position>Chủ tịch</ns2:Position></ns2:SignerInfo>
<ns2:DocumentType><ns2:TypeName>Báo cáo</ns2:TypeName><ns2:Type>14</ns2:Type></ns2:DocumentType>
<ns2:PromulgationInfo><ns2:PromulgationDate>2026/10/05</ns2:PromulgationDate><ns2:Place>Bắc Mê</ns2:Place></ns2:PromulgationInfo>
<ns2:ResponseFor><ns2:DocumentId>H01.151,2026/09/20,300/UBND-TH</ns2:DocumentId><ns2:OrganId>H01.151</ns2:OrganId><ns2:Code>300/UBND-TH</ns2:Code><ns2:PromulgationDate>2026/09/20</ns2:PromulgationDate></ns2:ResponseFor>
<ns2:ToPlaces><ns2:Place>Như trên</ns2:Place><ns2:Place>Lưu VT</ns2:Place></ns2:ToPlaces>
</ns2:MessageHeader>
<ns2:TraceHeaderList>
<ns2:Bussiness><ns2:BussinessDocType>0</ns2:BussinessDocType><ns2:Paper>0</ns2:Paper></ns2:Bussiness>
<ns2:TraceHeader><ns2:Timestamp>2026/10/05 14:02:33</ns2:Timestamp><ns2:OrganId>28.22.H17</ns2:OrganId></ns2:TraceHeader>
</ns2:TraceHeaderList>
<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo/><SignatureValue>PLACEHOLDER</SignatureValue></Signature>
</ns2:edXMLHeader>
<ns2:edXMLBody>
<ns2:edXMLManifest version="1.0">
<ns2:Reference ns2:href="cid:9b1f0c2a-aaaa-bbbb-cccc-000000000001"><ns2:AttachmentName>45_BC-UBND.pdf</ns2:AttachmentName><ns2:ContentType>application/pdf</ns2:ContentType></ns2:Reference>
</ns2:edXMLManifest>
</ns2:edXMLBody>
</ns2:edXMLEnvelope>
<AttachmentEncoded xmlns="">
<Attachment ContentType="application/pdf" ContentId="9b1f0c2a-aaaa-bbbb-cccc-000000000001" ContentTransferEncoded="base64" AttachmentName="45_BC-UBND.pdf">${zip.toString('base64')}</Attachment>
</AttachmentEncoded>
</export>`;
  return opts.crlf ? xml.replace(/\n/g, '\r\n') : xml;
}

describe('edXML from other vendors', () => {
  it('reads a field-style package: reordered children, default namespace, another prefix, attachments outside the envelope', () => {
    const { document, report } = parseEdxmlDocument(fieldPackage());
    expect(document.from).toEqual({ organId: '28.22.H17', organName: 'UBND huyện Bắc Mê', telephone: '0219 3866 123' });
    expect(document.to.map((t) => t.organId)).toEqual(['H01.151', 'H01.151.04']);
    expect(document.documentId).toBe('28.22.H17,2026/10/05,45/BC-UBND');
    expect(document.code).toEqual({ codeNumber: '45', codeNotation: 'BC-UBND' });
    expect(document.promulgationInfo).toEqual({ place: 'Bắc Mê', promulgationDate: '2026-10-05' });
    expect(document.documentType).toEqual({ type: 14, typeName: 'Báo cáo' });
    expect(document.otherInfo.priority).toBe(2);
    expect(document.toPlaces).toEqual(['Như trên', 'Lưu VT']);
    expect(document.responseFor).toEqual([{ organId: 'H01.151', code: '300/UBND-TH', promulgationDate: '2026-09-20', documentId: 'H01.151,2026/09/20,300/UBND-TH' }]);
    expect(document.traceHeaders).toEqual([{ organId: '28.22.H17', timestamp: '2026-10-05T14:02:33+07:00' }]);
    expect(document.business).toEqual({ docType: 0, paper: 0 });
    expect(report.signature).toBe('present-unverified');
  });

  it('trusts the bytes over a manifest that calls a ZIP a PDF, and reports the mismatch', () => {
    const { document, report } = parseEdxmlDocument(fieldPackage());
    const att = document.attachments[0]!;
    expect(att.contentId).toBe('9b1f0c2a-aaaa-bbbb-cccc-000000000001');
    expect(att.mimeType).toBe('application/zip');
    expect(att.sha256).toBe(createHash('sha256').update(att.bytes).digest('hex'));
    expect(report.contentTypeMismatches).toEqual([{ contentId: att.contentId, declared: 'application/pdf', sniffed: 'application/zip' }]);
  });

  it('keeps a UUID document id as an opaque string', () => {
    expect(parseEdxmlDocument(fieldPackage({ uuid: true })).document.documentId).toBe('3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b');
  });

  it('normalizes NFD subjects to NFC and CRLF line ends do not matter', () => {
    const nfd = parseEdxmlDocument(fieldPackage({ nfd: true, crlf: true })).document;
    expect(nfd.subject).toBe('Về việc báo cáo tình hình kinh tế – xã hội'.normalize('NFC'));
    expect(nfd).toEqual(parseEdxmlDocument(fieldPackage()).document);
  });

  it('reads a package whose root is the envelope with everything in the default namespace', () => {
    const xml = fieldPackage()
      .replace(/<export[^>]*>\n/, '')
      .replace('</export>', '')
      .replace(/ns2:/g, '')
      .replace(`<edXMLEnvelope xmlns:ns2="${NS}">`, `<edXMLEnvelope xmlns="${NS}">`)
      .replace(/(<\/edXMLBody>)\n<\/edXMLEnvelope>\n(<AttachmentEncoded[\s\S]*<\/AttachmentEncoded>)/, '$1\n$2\n</edXMLEnvelope>');
    const { document } = parseEdxmlDocument(xml);
    expect(document.documentId).toBe('28.22.H17,2026/10/05,45/BC-UBND');
    expect(document.attachments).toHaveLength(1);
  });

  it('reads a status message with its children out of order', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><edXML:edXMLEnvelope xmlns:edXML="${NS}"><edXML:edXMLHeader><edXML:MessageHeader>
      <edXML:Timestamp>2026/10/05 15:00:00</edXML:Timestamp><edXML:StatusCode>01</edXML:StatusCode>
      <edXML:ResponseFor><edXML:DocumentId>28.22.H17,2026/10/05,45/BC-UBND</edXML:DocumentId><edXML:Code>45/BC-UBND</edXML:Code><edXML:OrganId>28.22.H17</edXML:OrganId></edXML:ResponseFor>
      <edXML:From><edXML:OrganId>H01.151</edXML:OrganId><edXML:OrganName>UBND tỉnh</edXML:OrganName></edXML:From>
      <edXML:StaffInfo><edXML:Staff>Văn thư</edXML:Staff></edXML:StaffInfo><edXML:Description>Đã đến</edXML:Description>
      </edXML:MessageHeader><edXML:TraceHeaderList/></edXML:edXMLHeader><edXML:edXMLBody/></edXML:edXMLEnvelope>`;
    const p = parseEdxml(xml);
    expect(p.kind).toBe('status');
    if (p.kind === 'status') {
      expect(p.status).toMatchObject({ statusCode: '01', from: { organId: 'H01.151' }, responseFor: { documentId: '28.22.H17,2026/10/05,45/BC-UBND' }, timestamp: '2026-10-05T15:00:00+07:00', staffInfo: { staff: 'Văn thư' } });
    }
  });

  it('sniffs PDF, ZIP, DOCX, legacy Word and PNG from bytes', () => {
    expect(sniffMimeType(tinyPdf())).toBe('application/pdf');
    expect(sniffMimeType(zipWith('a.txt', Buffer.from('x')))).toBe('application/zip');
    const docx = Buffer.concat([zipWith('[Content_Types].xml', Buffer.from('<Types/>')), zipWith('word/document.xml', Buffer.from('<w/>'))]);
    expect(sniffMimeType(docx)).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(sniffMimeType(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), 'cv.doc')).toBe('application/msword');
    expect(sniffMimeType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
    expect(sniffMimeType(Buffer.from('hello'))).toBeUndefined();
  });
});
