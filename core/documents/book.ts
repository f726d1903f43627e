import type { Actor } from '../api/context';
import type { DocumentsModule } from './module';
import { padNumber, typeName } from './notation';
import { tablePdf, type Column } from './pdf';
import type { DocumentRow, RegisterRow } from './repository';
import { vnPrintedDate } from './time';
import { xlsx } from './xlsx';

// The register book (sổ đăng ký văn bản đến / đi, Decree 30 Appendix IV) and its exports. One
// row per number given in the year, in number order; a cancelled number stays, marked cancelled.

const STATUS_VI: Record<string, string> = {
  registered: 'Đã đăng ký', submitted: 'Đã trình', in_progress: 'Đang xử lý', completed: 'Đã xử lý', filed: 'Đã lập hồ sơ', returned: 'Bị trả lại',
  cancelled: 'Đã hủy', draft: 'Dự thảo', in_review: 'Đang duyệt', approved: 'Đã duyệt', signed: 'Đã ký', numbered: 'Đã cấp số', released: 'Đã phát hành',
};
const CONF_VI: Record<string, string> = { normal: '', confidential: 'Mật', secret: 'Tối mật', top_secret: 'Tuyệt mật' };
const URG_VI: Record<string, string> = { normal: '', urgent: 'Khẩn', very_urgent: 'Thượng khẩn', flash: 'Hỏa tốc' };

export interface RegisterBook {
  register: RegisterRow;
  year: number;
  columns: (Column & { width: number })[];
  rows: string[][];
}

function note(d: DocumentRow): string {
  return [d.status === 'cancelled' ? (d.cancelled_reason ?? '') : '', CONF_VI[d.confidentiality], URG_VI[d.urgency], d.notes].filter(Boolean).join('; ');
}

/** "Tên loại và trích yếu": the type name, unless the subject already starts with it. */
function subjectCell(d: DocumentRow): string {
  const name = typeName(d.type_code);
  if (d.subject.toLocaleLowerCase('vi').startsWith(name.toLocaleLowerCase('vi'))) return d.subject;
  // "Quyết định ban hành …": lower-case the subject's first word unless it is an acronym (UBND, CNTT).
  const second = d.subject.charAt(1);
  const subject = second && second === second.toLocaleLowerCase('vi') ? d.subject.charAt(0).toLocaleLowerCase('vi') + d.subject.slice(1) : d.subject;
  return `${name} ${subject}`;
}

export function registerBook(m: DocumentsModule, actor: Actor, registerId: number, year: number): RegisterBook {
  const register = m.registers.get(registerId);
  const vis = m.ctx.visibility(actor);
  const order = register.direction === 'incoming' ? 'd.arrival_number' : 'd.number';
  const docs = m.ctx.db
    .prepare(`SELECT d.* FROM documents d WHERE d.register_id = @r AND d.year = @y AND ${order} IS NOT NULL AND ${vis.sql} ORDER BY ${order}`)
    .all({ ...vis.params, r: registerId, y: year }) as DocumentRow[];
  const userName = new Map<number, string>();
  const handler = (id: number | null) => {
    if (id === null) return '';
    if (!userName.has(id)) userName.set(id, m.ctx.users.userById(id)?.full_name ?? '');
    return userName.get(id)!;
  };
  if (register.direction === 'incoming') {
    return {
      register, year,
      columns: [
        { header: 'Ngày đến', weight: 8, width: 12 }, { header: 'Số đến', weight: 5, width: 8 }, { header: 'Tác giả', weight: 14, width: 30 },
        { header: 'Số, ký hiệu', weight: 11, width: 18 }, { header: 'Ngày tháng', weight: 8, width: 12 }, { header: 'Tên loại và trích yếu nội dung', weight: 30, width: 60 },
        { header: 'Đơn vị hoặc người nhận', weight: 12, width: 24 }, { header: 'Tình trạng', weight: 8, width: 14 }, { header: 'Ghi chú', weight: 10, width: 24 },
      ],
      rows: docs.map((d) => [
        vnPrintedDate(d.arrival_at?.slice(0, 10) ?? null), padNumber(d.arrival_number!, register.number_padding), d.issuer_name, d.number_notation ?? '',
        vnPrintedDate(d.date_issued), subjectCell(d), handler(d.handler_id), STATUS_VI[d.status] ?? d.status, note(d),
      ]),
    };
  }
  return {
    register, year,
    columns: [
      { header: 'Số, ký hiệu văn bản', weight: 12, width: 20 }, { header: 'Ngày tháng văn bản', weight: 8, width: 12 }, { header: 'Tên loại và trích yếu nội dung', weight: 32, width: 60 },
      { header: 'Người ký', weight: 11, width: 22 }, { header: 'Nơi nhận văn bản', weight: 17, width: 36 }, { header: 'Tình trạng', weight: 8, width: 14 }, { header: 'Ghi chú', weight: 10, width: 24 },
    ],
    rows: docs.map((d) => [d.number_notation ?? '', vnPrintedDate(d.date_issued), subjectCell(d), d.signer, d.recipients, STATUS_VI[d.status] ?? d.status, note(d)]),
  };
}

export function csv(rows: string[][]): string {
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  // The byte-order mark makes spreadsheet programs read the Vietnamese text as UTF-8.
  return '\ufeff' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

export function bookToCsv(b: RegisterBook): string {
  return csv([b.columns.map((c) => c.header), ...b.rows]);
}

export function bookToXlsx(b: RegisterBook): Buffer {
  return xlsx(`${b.register.name} ${b.year}`, [b.columns.map((c) => c.header), ...b.rows], b.columns.map((c) => c.width));
}

export async function bookToPdf(b: RegisterBook, agencyName: string): Promise<Uint8Array> {
  const title = b.register.direction === 'incoming' ? 'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN' : 'SỔ ĐĂNG KÝ VĂN BẢN ĐI';
  return tablePdf([agencyName.toUpperCase(), title, `${b.register.name} — Năm ${b.year}`], b.columns, b.rows);
}
