import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Input, MethodName, Output } from '../../shared/api/contract';
import type { Role } from '../../shared/permissions';
import type { Actor } from '../api/context';
import type { Core } from '../app';
import type { DemoAgency } from '../demo';
import { textToPdf } from './pdf';
import { vnDate } from './time';

// Demo documents from the four corpus texts: at the province, outgoing decisions it issued and an
// incoming plan; at the department, the province's decisions received and handled, and a plan of
// its own. A few documents sit in each workflow state, each with a PDF of its text attached.

const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../resources/demo/corpus');

interface CorpusDoc {
  file: string;
  title: string;
  subject: string;
}

const DOCS: Record<'qd1296' | 'qd576' | 'kh119' | 'khGiaLai', CorpusDoc> = {
  qd1296: {
    file: '000_8ba95862b7197628.txt',
    title: 'QUYẾT ĐỊNH ban hành Kế hoạch thực hiện Nghị quyết 17/NQ-CP',
    subject: 'Ban hành Kế hoạch thực hiện Nghị quyết 17/NQ-CP về một số nhiệm vụ, giải pháp trọng tâm phát triển Chính phủ điện tử giai đoạn 2019 - 2020, định hướng đến 2025 trên địa bàn tỉnh Bình Định',
  },
  qd576: {
    file: '001_f669e539c8f4d157.txt',
    title: 'QUYẾT ĐỊNH phê duyệt điều chỉnh, bổ sung Quy hoạch phát triển công nghệ thông tin',
    subject: 'Phê duyệt nội dung điều chỉnh, bổ sung Quy hoạch phát triển công nghệ thông tin tỉnh Bình Định đến năm 2010 và định hướng đến năm 2020 (phần mô hình chính quyền điện tử tỉnh Bình Định đến năm 2015)',
  },
  kh119: {
    file: '002_e3c5ca2dd2be0ad2.txt',
    title: 'KẾ HOẠCH cải cách hành chính nhà nước giai đoạn 2016 - 2020',
    subject: 'Kế hoạch cải cách hành chính nhà nước của Sở Thông tin và Truyền thông giai đoạn 2016 - 2020',
  },
  khGiaLai: {
    file: '004_f0c6aed374bdaf18.txt',
    title: 'KẾ HOẠCH HÀNH ĐỘNG thực hiện Nghị quyết số 17/NQ-CP',
    subject: 'Kế hoạch hành động thực hiện Nghị quyết số 17/NQ-CP ngày 07/3/2019 của Chính phủ về phát triển Chính phủ điện tử giai đoạn 2019 - 2020, định hướng đến 2025 của tỉnh Gia Lai',
  },
};

const pdfs = new Map<string, Promise<{ fileName: string; contentBase64: string }>>();

/** The PDF of a corpus text (made once per process: both demo profiles attach the same files). */
function pdfOf(d: CorpusDoc): Promise<{ fileName: string; contentBase64: string }> {
  let p = pdfs.get(d.file);
  if (!p) {
    p = (async () => {
      const text = fs.readFileSync(path.join(CORPUS, d.file), 'utf8').replace(/<[^>]+>/g, ' ');
      const bytes = await textToPdf(d.title, text);
      return { fileName: d.file.replace(/\.txt$/, '.pdf'), contentBase64: Buffer.from(bytes).toString('base64') };
    })();
    pdfs.set(d.file, p);
  }
  return p;
}

type Caller = <M extends MethodName>(method: M, input: Input<M>) => Promise<Output<M>>;

function people(core: Core): Record<'clerk' | 'specialist' | 'leader' | 'secretary', { id: number; call: Caller }> {
  const as = (username: string) => {
    const u = core.identity.repo.userByName(username);
    if (!u) throw new Error(`demo user ${username} is missing`);
    const actor: Actor = { kind: 'user', userId: u.id, username: u.username, fullName: u.full_name, roles: JSON.parse(u.roles) as Role[], unitId: u.unit_id, label: `user:${u.username}` };
    return { id: u.id, call: ((method, input) => core.call(method, input, { actor })) as Caller };
  };
  return { clerk: as('vanthu'), specialist: as('chuyenvien'), leader: as('lanhdao'), secretary: as('thuky') };
}

function daysFromNow(core: Core, days: number): string {
  return vnDate(new Date(core.now().getTime() + days * 86_400_000));
}

export async function seedDocumentsDemo(core: Core, agency: DemoAgency, log: (m: string) => void): Promise<void> {
  log(`  documents for ${agency.name}…`);
  const u = people(core);
  const sys: Caller = core.asSystem('demo');
  const units = (await sys('agency.get', {})).units;
  const inReg = (await sys('registers.create', { name: 'Sổ văn bản đến', direction: 'incoming', keeperIds: [u.clerk.id, u.leader.id] })).register.id;
  const outReg = (await sys('registers.create', { name: 'Sổ văn bản đi', direction: 'outgoing', keeperIds: [u.clerk.id] })).register.id;
  await sys('registers.create', { name: 'Sổ văn bản mật', direction: 'incoming', confidential: true, keeperIds: [u.clerk.id, u.leader.id] });

  /** A draft taken through approval (and numbering / release when asked). */
  const outgoing = async (d: CorpusDoc, typeCode: string, until: 'draft' | 'in_review' | 'numbered' | 'released', recipients: Input<'outgoing.release'>['recipients'] = []) => {
    const draft = (await u.specialist.call('outgoing.createDraft', { typeCode, subject: d.subject, unitId: units[1]?.id ?? null, file: await pdfOf(d), note: 'Dự thảo lần 1' })).document;
    if (until === 'draft') return u.specialist.call('outgoing.comment', { id: draft.id, body: 'Cần bổ sung số liệu năm trước trước khi trình.' });
    await u.specialist.call('outgoing.submitForApproval', { id: draft.id, steps: [{ kind: 'approve', userId: u.leader.id }] });
    if (until === 'in_review') return;
    await u.leader.call('outgoing.approve', { id: draft.id, comment: 'Đồng ý ban hành.' });
    await u.clerk.call('outgoing.register', { id: draft.id, registerId: outReg });
    if (until === 'released') await u.clerk.call('outgoing.release', { id: draft.id, recipients });
  };

  /** An incoming document registered and taken along the handling flow. */
  const incoming = async (
    d: CorpusDoc, meta: { numberNotation: string; issuerName: string; issuerCode: string; dateIssued: string; signer: string; urgency?: 'normal' | 'urgent' },
    until: 'registered' | 'submitted' | 'in_progress' | 'filed',
  ) => {
    const doc = (await u.clerk.call('documents.registerIncoming', { registerId: inReg, ...meta, subject: d.subject, attachments: [await pdfOf(d)] })).document;
    if (until === 'registered') return;
    await u.clerk.call('documents.submit', { id: doc.id, leaderId: u.leader.id, note: 'Kính trình lãnh đạo cho ý kiến chỉ đạo.' });
    if (until === 'submitted') return;
    await u.leader.call('documents.direct', {
      id: doc.id, direction: 'Giao chuyên viên nghiên cứu, tham mưu triển khai; báo cáo kết quả trước thời hạn.', mainHandlerId: u.specialist.id,
      infoIds: [u.secretary.id], deadline: daysFromNow(core, 10),
    });
    await u.specialist.call('documents.note', { id: doc.id, body: 'Đã nghiên cứu, đang tổng hợp ý kiến các phòng.' });
    if (until === 'in_progress') return;
    await u.specialist.call('documents.complete', { id: doc.id, result: 'Đã tham mưu văn bản triển khai thực hiện.' });
    await u.specialist.call('documents.file', { id: doc.id, dossierRef: `HS-${vnDate(core.now()).slice(0, 4)}-CNTT-01` });
  };

  const province = { issuerName: 'Ủy ban nhân dân tỉnh Bình Định', issuerCode: '000.00.00.H10', signer: 'Hồ Quốc Dũng' };
  if (agency.key === 'province') {
    await outgoing(DOCS.qd1296, 'QĐ', 'released', [
      { kind: 'agency', agencyCode: '000.00.12.H10', name: 'Sở Thông tin và Truyền thông tỉnh Bình Định' },
      ...(units[0] ? [{ kind: 'unit' as const, unitId: units[0].id }] : []),
    ]);
    await outgoing(DOCS.qd576, 'QĐ', 'in_review');
    await outgoing(DOCS.khGiaLai, 'KH', 'draft');
    await incoming(DOCS.kh119, { numberNotation: '119/KH-STTTT', issuerName: 'Sở Thông tin và Truyền thông', issuerCode: '000.00.12.H10', dateIssued: '2016-03-04', signer: '' }, 'submitted');
  } else {
    await incoming(DOCS.qd1296, { numberNotation: '1296/QĐ-UBND', dateIssued: '2019-04-12', ...province }, 'in_progress');
    await incoming(DOCS.qd576, { numberNotation: '576/QĐ-UBND', dateIssued: '2012-10-24', ...province }, 'filed');
    await incoming(DOCS.khGiaLai, { numberNotation: '356/KH-UBND', issuerName: 'Ủy ban nhân dân tỉnh Gia Lai', issuerCode: '000.00.00.H21', dateIssued: '2019-06-10', signer: '', urgency: 'urgent' }, 'registered');
    await outgoing(DOCS.kh119, 'KH', 'numbered');
  }
}
