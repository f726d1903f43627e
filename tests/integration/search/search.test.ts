import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { segmentsToText } from '../../../core/documents/search/index';
import { searchServiceOf } from '../../../core/api/searchHandlers';
import { errorOf, incoming, openProfile, type TestProfile } from '../documents/profile';

// Searching documents registered through the real documents API, as the users of a real profile.

let p: TestProfile;
let reg: number;
let secretReg: number;

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

async function register(over: Record<string, unknown>, registerId = reg, attachments: { fileName: string; contentBase64: string }[] = []) {
  return (await p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming(over), attachments, force: true } as never)).document;
}

async function ids(query: string, extra: Record<string, unknown> = {}, as = p.system as (m: 'search.query', i: never) => Promise<{ hits: { id: number }[] }>) {
  return (await as('search.query', { query, ...extra } as never)).hits.map((h) => h.id);
}

beforeEach(async () => {
  p = await openProfile();
  reg = (await p.system('registers.create', { name: 'Sổ văn bản đến', direction: 'incoming', keeperIds: [] })).register.id;
  secretReg = (await p.system('registers.create', { name: 'Sổ văn bản mật đến', direction: 'incoming', confidential: true, keeperIds: [p.users.clerk.id, p.users.leader.id] })).register.id;
});
afterEach(() => p.close());

describe('finding registered documents', () => {
  it('finds a document by words typed with or without diacritics, by its notation and by a prefix', async () => {
    const d = await register({ numberNotation: '1296/QĐ-UBND', subject: 'Về việc ban hành Kế hoạch chuyển đổi số năm 2026' });
    await register({ numberNotation: '17/TB-STC', subject: 'Thông báo lịch tiếp công dân', issuerName: 'Sở Tài chính' });
    for (const q of ['chuyển đổi số', 'chuyen doi so', 'CHUYỂN ĐỔI SỐ', '1296/QĐ-UBND', '1296/qd-ubnd', 'QĐ-UBND', 'chuyen*', '"kế hoạch chuyển đổi"']) {
      expect(await ids(q), q).toEqual([d.id]);
    }
    expect(await ids('chuyển đổi -số')).toEqual([]);
  });

  it('matches a word typed with diacritics exactly: "sở" does not find "số", while "so" finds both', async () => {
    const office = await register({ numberNotation: '5/GM-STC', subject: 'Giấy mời họp tại Sở Tài chính', issuerName: 'Ủy ban nhân dân huyện' });
    const figures = await register({ numberNotation: '6/BC-UBND', subject: 'Báo cáo số liệu thống kê quý I', issuerName: 'Ủy ban nhân dân huyện' });
    expect(await ids('sở')).toEqual([office.id]);
    expect(await ids('số liệu')).toEqual([figures.id]);
    expect((await ids('so')).sort()).toEqual([office.id, figures.id].sort());
  });

  it('treats old and new tone placement alike (hoà / hòa)', async () => {
    const d = await register({ numberNotation: '7/CV-UBND', subject: 'Về việc hoà giải ở cơ sở' });
    expect(await ids('hòa giải')).toEqual([d.id]);
  });

  it('finds a phrase only where its words stand together', async () => {
    const together = await register({ numberNotation: '8/KH-UBND', subject: 'Kế hoạch năm 2026' });
    const apart = await register({ numberNotation: '9/CV-UBND', subject: 'Hoạch định kế sách phát triển' });
    expect(await ids('"kế hoạch"')).toEqual([together.id]);
    expect((await ids('kế hoạch')).sort()).toEqual([together.id, apart.id].sort());
  });

  it('searches the text of attachments and shows a snippet with the matched words in their original spelling', async () => {
    const body = 'Phần mở đầu của văn bản. Các cơ quan triển khai ứng dụng chữ ký số chuyên dùng trong hoạt động của cơ quan nhà nước. Phần kết.';
    const d = await register({ numberNotation: '10/HD-STTTT', subject: 'Hướng dẫn triển khai' }, reg, [{ fileName: 'noi-dung.txt', contentBase64: b64(body) }]);
    await searchServiceOf(p.core).whenIdle();
    const r = await p.system('search.query', { query: 'chu ky so' });
    expect(r.hits.map((h) => h.id)).toEqual([d.id]);
    expect(r.hits[0]!.snippet.filter((s) => s.match).map((s) => s.text)).toEqual(['chữ ký số']);
    expect(segmentsToText(r.hits[0]!.snippet)).toContain('ứng dụng [chữ ký số] chuyên dùng');
    const att = (await p.system('documents.get', { id: d.id })).document.attachments[0]!;
    expect(att.extraction).toBe('done');
  });

  it('finds words deep in a very long attachment, showing a snippet from its beginning when the match lies beyond what snippets scan', async () => {
    const body = `Mở đầu: lịch tiếp công dân. ${'Nội dung báo cáo thường kỳ của các phòng ban. '.repeat(4000)}Cuối văn bản: hạ tầng số dùng chung.`;
    expect(body.length).toBeGreaterThan(150_000);
    const d = await register({ numberNotation: '11/BC-UBND', subject: 'Báo cáo tổng hợp' }, reg, [{ fileName: 'bao-cao.txt', contentBase64: b64(body) }]);
    await searchServiceOf(p.core).whenIdle();
    const deep = await p.system('search.query', { query: '"ha tang so dung chung"' });
    expect(deep.hits.map((h) => h.id)).toEqual([d.id]);
    expect(segmentsToText(deep.hits[0]!.snippet)).toMatch(/^Mở đầu: lịch tiếp công dân/);
    const early = await p.system('search.query', { query: 'tiếp công dân' });
    expect(segmentsToText(early.hits[0]!.snippet)).toContain('[tiếp công dân]');
  });

  it('highlights matched words in the subject', async () => {
    await register({ numberNotation: '11/QĐ-UBND', subject: 'Quyết định về việc phê duyệt Đề án chuyển đổi số' });
    const hit = (await p.system('search.query', { query: 'chuyen doi' })).hits[0]!;
    expect(hit.subjectHighlight.filter((s) => s.match).map((s) => s.text)).toEqual(['chuyển đổi']);
  });

  it('puts documents whose subject holds the words before those that only mention them, in relevance order', async () => {
    const inSubject = await register({ numberNotation: '12/KH-UBND', subject: 'Kế hoạch an toàn thông tin mạng', dateIssued: '2026-01-05' }, reg);
    const inBody = await register({ numberNotation: '13/CV-UBND', subject: 'Về việc báo cáo định kỳ', dateIssued: '2026-03-01' }, reg, [
      { fileName: 'a.txt', contentBase64: b64('Nội dung có nhắc đến an toàn thông tin một lần.') },
    ]);
    await searchServiceOf(p.core).whenIdle();
    expect(await ids('an toan thong tin', { sort: 'date_desc' })).toEqual([inBody.id, inSubject.id]);
    expect(await ids('an toan thong tin', { sort: 'relevance' })).toEqual([inSubject.id, inBody.id]);
  });

  it('follows changes: an edited subject is found by its new words, not its old ones', async () => {
    const d = await register({ numberNotation: '14/CV-UBND', subject: 'Về việc tổ chức hội nghị' });
    await p.users.clerk.call('documents.update', { id: d.id, version: d.version, subject: 'Về việc tổ chức tập huấn' } as never);
    expect(await ids('tập huấn')).toEqual([d.id]);
    expect(await ids('hội nghị')).toEqual([]);
  });
});

describe('catching up', () => {
  it('indexes documents registered while search was not listening when the profile next opens', async () => {
    const service = searchServiceOf(p.core);
    const first = await register({ numberNotation: '30/CV-UBND', subject: 'Về việc kiểm kê tài sản' });
    p.core.documentListeners.splice(p.core.documentListeners.indexOf(service), 1);
    const missed = await register({ numberNotation: '31/CV-UBND', subject: 'Về việc kiểm kê kho' });
    expect(await ids('kiểm kê')).toEqual([first.id]);
    expect(service.catchUp()).toEqual({ indexed: 1, queued: 0 });
    expect((await ids('kiểm kê')).sort()).toEqual([first.id, missed.id].sort());
  });
});

describe('confidential documents in search', () => {
  it('are found only by the register keepers and the people assigned to them', async () => {
    const open = await register({ numberNotation: '20/CV-UBND', subject: 'Kế hoạch kiểm tra công vụ' });
    const secret = await register({ numberNotation: '21/CV-M', subject: 'Kế hoạch kiểm tra nội bộ', confidentiality: 'secret' }, secretReg);
    const asUser = (u: keyof TestProfile['users']) => p.users[u].call as never;
    expect(await ids('kiểm tra', {}, asUser('spec1'))).toEqual([open.id]);
    expect(await ids('kiểm tra', {}, asUser('leader2'))).toEqual([open.id]);
    expect((await ids('kiểm tra', {}, asUser('clerk'))).sort()).toEqual([open.id, secret.id].sort());
    expect((await ids('kiểm tra', {}, asUser('leader'))).sort()).toEqual([open.id, secret.id].sort());
    // Counting exactly must not reveal it either.
    expect((await p.users.spec1.call('search.countExact', { query: 'kiểm tra' })).total).toBe(1);

    await p.users.clerk.call('documents.submit', { id: secret.id, leaderId: p.users.leader.id } as never);
    await p.users.leader.call('documents.direct', { id: secret.id, direction: 'Đ/c Minh xử lý', mainHandlerId: p.users.spec1.id, infoIds: [] } as never);
    expect((await ids('kiểm tra', {}, asUser('spec1'))).sort()).toEqual([open.id, secret.id].sort());
    expect(await ids('kiểm tra', {}, asUser('spec2'))).toEqual([open.id]);
  });

  it('refuses users without the documents.read permission', async () => {
    const adminActor = { kind: 'user' as const, userId: 1, username: 'admin', fullName: 'Quản trị', roles: ['admin' as const], unitId: null, label: 'user:admin' };
    expect((await errorOf(p.core.call('search.query', { query: 'x' }, { actor: adminActor }))).code).toBe('FORBIDDEN');
  });
});

describe('saved searches', () => {
  it('belong to the user who saved them; saving the same name replaces it', async () => {
    const spec1 = p.users.spec1.call;
    const spec2 = p.users.spec2.call;
    const a = (await spec1('search.saved.save', { name: 'Chuyển đổi số', query: 'chuyển đổi số', filters: { registerId: reg }, sort: 'relevance' })).search;
    await spec1('search.saved.save', { name: 'Chuyển đổi số', query: 'chuyen doi so', filters: {} });
    await spec2('search.saved.save', { name: 'Của tôi', query: 'hội nghị' });
    const mine = (await spec1('search.saved.list', {})).searches;
    expect(mine.map((s) => [s.id, s.name, s.query])).toEqual([[a.id, 'Chuyển đổi số', 'chuyen doi so']]);
    expect((await spec2('search.saved.list', {})).searches.map((s) => s.name)).toEqual(['Của tôi']);
    expect((await errorOf(spec2('search.saved.delete', { id: a.id }))).code).toBe('NOT_FOUND');
    await spec1('search.saved.delete', { id: a.id });
    expect((await spec1('search.saved.list', {})).searches).toEqual([]);
  });
});
