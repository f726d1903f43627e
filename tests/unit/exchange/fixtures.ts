// Sample packages for the exchange tests: a realistic Vietnamese document with one PDF attachment.
import type { ExchangeDocument, ExchangeStatus } from '../../../core/exchange/edxml';

/** A small but real PDF (one empty page), so sniffing sees genuine PDF bytes. */
export function tinyPdf(label = 'VanThu'): Uint8Array {
  const body = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n% ${label}\ntrailer<</Root 1 0 R>>\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, 'latin1'));
}

export function sampleDocument(over: Partial<ExchangeDocument> = {}): ExchangeDocument {
  return {
    from: { organId: '000.00.00.H17', organName: 'Ủy ban nhân dân tỉnh Ninh Bình', organAdd: 'Số 2 Lê Hồng Phong', email: 'vanthu@ninhbinh.gov.vn', telephone: '02293871234' },
    to: [
      { organId: '000.00.00.G22', organName: 'Văn phòng Chính phủ' },
      { organId: 'H17.03', organName: 'Sở Tài chính tỉnh Ninh Bình' },
    ],
    documentId: '000.00.00.H17,2026/11/20,123/UBND-VX',
    code: { codeNumber: '123', codeNotation: 'UBND-VX' },
    promulgationInfo: { place: 'Ninh Bình', promulgationDate: '2026-11-20' },
    documentType: { type: 1, typeName: 'Công văn' },
    subject: 'V/v triển khai kế hoạch chuyển đổi số năm 2027',
    content: 'Kính gửi: Văn phòng Chính phủ.\nỦy ban nhân dân tỉnh báo cáo như sau…',
    signerInfo: { competence: 'KT. CHỦ TỊCH', position: 'PHÓ CHỦ TỊCH', fullName: 'Nguyễn Văn Đức' },
    dueDate: '2026-12-15',
    toPlaces: ['Như trên', 'Lưu: VT, VX'],
    otherInfo: { priority: 1, sphereOfPromulgation: 'Lưu hành nội bộ', typerNotation: 'VX', promulgationAmount: 5, pageAmount: 2, appendixes: ['Phụ lục I'] },
    responseFor: [],
    steeringType: 0,
    traceHeaders: [{ organId: '000.00.00.H17', timestamp: '2026-11-20T09:15:00+07:00' }],
    business: { docType: 0 },
    attachments: [{ contentId: 'att-1', name: 'Công văn 123.pdf', mimeType: 'application/pdf', bytes: tinyPdf(), sha256: '' }],
    ...over,
  };
}

export function sampleStatus(over: Partial<ExchangeStatus> = {}): ExchangeStatus {
  return {
    from: { organId: '000.00.00.G22', organName: 'Văn phòng Chính phủ' },
    responseFor: { organId: '000.00.00.H17', code: '123/UBND-VX', promulgationDate: '2026-11-20', documentId: '000.00.00.H17,2026/11/20,123/UBND-VX' },
    staffInfo: { department: 'Phòng Hành chính', staff: 'Trần Thị Hoa', email: 'hoa@chinhphu.vn' },
    statusCode: '03',
    description: 'Đã tiếp nhận và vào sổ',
    timestamp: '2026-11-20T10:00:00+07:00',
    traceHeaders: [],
    ...over,
  };
}
