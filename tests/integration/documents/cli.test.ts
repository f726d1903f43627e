import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProfile, type TestProfile } from './profile';

// The documents commands run as a user would run them: `vanthu …` in a child process.

let p: TestProfile;
let registerId: number;
let work: string;
const BIN = path.resolve('bin/vanthu.mjs');

function vanthu(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args, '--data-dir', p.dir], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  p = await openProfile();
  registerId = (await p.system('registers.create', { name: 'Sổ văn bản đến', direction: 'incoming' })).register.id;
  await p.system('documents.updateSettings', { maxAttachmentBytes: 4096 });
  p.core.close(); // the commands open the profile themselves
  work = path.join(p.dir, '..', `${path.basename(p.dir)}-import`);
  fs.mkdirSync(path.join(work, 'files'), { recursive: true });
  const pdf = await PDFDocument.create();
  pdf.addPage().drawText('Quyet dinh 1296', { font: await pdf.embedFont(StandardFonts.Helvetica), x: 50, y: 700 });
  fs.writeFileSync(path.join(work, 'files', 'qd1296.pdf'), await pdf.save());
  fs.writeFileSync(path.join(work, 'files', 'big.pdf'), Buffer.alloc(10_000, 0x25));
  fs.writeFileSync(path.join(work, 'meta.csv'), [
    'file,number_notation,issuer_name,issuer_code,type,date_issued,subject,signer,pages,urgency,confidentiality,arrival_at,deadline,notes',
    'qd1296.pdf,1296/QĐ-UBND,Ủy ban nhân dân tỉnh Gia Lai,000.00.00.H21,,02/03/2026,"Ban hành Kế hoạch ""chuyển đổi số"", giai đoạn 2026",Võ Ngọc Thành,3,khẩn,,2026-03-05 08:30,,',
    'big.pdf,15/KH-UBND,Ủy ban nhân dân tỉnh Gia Lai,,,2026-03-02,Kế hoạch cải cách hành chính,,,,,,,',
    'absent.pdf,16/KH-UBND,Ủy ban nhân dân tỉnh Gia Lai,,,2026-03-02,Thiếu tệp,,,,,,,',
    ',khong-so,Sở Tài chính,,,2026-02-30,Sai nhiều chỗ,,,rất khẩn,,,,',
    ',1296/QĐ-UBND,Ủy ban nhân dân tỉnh Gia Lai,000.00.00.H21,,2026-03-02,Trùng văn bản trên,,,,,,,',
    ',123/STC-NS,Sở Tài chính,,,2026-03-03,Về việc góp ý dự toán,,,,mật,,,',
  ].join('\n'));
});
afterAll(() => {
  p.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('vanthu import / export / register-book', () => {
  it('imports what is valid, reports each rejected row with its reason, and never copies an oversized file', () => {
    const r = vanthu('import', '--csv', path.join(work, 'meta.csv'), '--dir', path.join(work, 'files'), '--register', String(registerId), '--json');
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout) as { rows: number; imported: number; rejected: { row: number; code: string; fields?: { path: string; code: string }[] }[]; files: number };
    expect(s).toMatchObject({ rows: 6, imported: 2, files: 1 });
    expect(s.rejected.map((x) => [x.row, x.code])).toEqual([[3, 'FILE_TOO_LARGE'], [4, 'FILE_MISSING'], [5, 'VALIDATION'], [6, 'DUPLICATE']]);
    expect(s.rejected[2]!.fields!.map((f) => f.code).sort()).toEqual(['date.invalid', 'notation.format', 'urgency.unknown']);
    const bigHash = crypto.createHash('sha256').update(fs.readFileSync(path.join(work, 'files', 'big.pdf'))).digest('hex');
    expect(fs.existsSync(path.join(p.dir, 'blobs', bigHash.slice(0, 2), bigHash))).toBe(false);
    expect(fs.readdirSync(path.join(p.dir, 'blobs', 'tmp'))).toEqual([]);
    const text = vanthu('import', '--csv', path.join(work, 'meta.csv'), '--dir', path.join(work, 'files'), '--register', String(registerId));
    expect(text.stderr).toContain('6 rows read, 0 imported, 6 rejected'); // progress goes to stderr
    expect(text.stdout).toContain('Imported 0 of 6 rows');
    expect(text.stdout).toContain('row 3: FILE_TOO_LARGE');
    expect(text.stdout).toContain('the attachment limit is');
  });

  it('exports the register as CSV and as an XLSX workbook', () => {
    const csvFile = path.join(work, 'so-den.csv');
    expect(vanthu('export', '--register', String(registerId), '--format', 'csv', '--out', csvFile, '--year', '2026').code).toBe(0);
    const lines = fs.readFileSync(csvFile, 'utf8').replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Ngày đến,Số đến,Tác giả,"Số, ký hiệu",Ngày tháng,Tên loại và trích yếu nội dung,Đơn vị hoặc người nhận,Tình trạng,Ghi chú');
    expect(lines[1]).toBe('05/03/2026,01,Ủy ban nhân dân tỉnh Gia Lai,1296/QĐ-UBND,02/03/2026,"Quyết định ban hành Kế hoạch ""chuyển đổi số"", giai đoạn 2026",,Đã đăng ký,Khẩn');
    expect(lines[2]).toContain(',02,Sở Tài chính,123/STC-NS,');
    expect(lines[2]).toContain('Mật');

    const xlsxFile = path.join(work, 'so-den.xlsx');
    expect(vanthu('export', '--register', String(registerId), '--format', 'xlsx', '--out', xlsxFile, '--year', '2026').code).toBe(0);
    const check = execFileSync('python3', ['-c', `
import sys, zipfile, xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
for part in ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml']: ET.fromstring(z.read(part))
ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
rows = ET.fromstring(z.read('xl/worksheets/sheet1.xml')).findall('.//m:row', ns)
print(len(rows)); print('|'.join(t.text or '' for t in rows[1].iter('{%s}t' % ns['m'])))
`, xlsxFile], { encoding: 'utf8' }).trim().split('\n');
    expect(check[0]).toBe('3');
    expect(check[1]).toBe('05/03/2026|01|Ủy ban nhân dân tỉnh Gia Lai|1296/QĐ-UBND|02/03/2026|Quyết định ban hành Kế hoạch "chuyển đổi số", giai đoạn 2026|Đã đăng ký|Khẩn');
  });

  it('prints the register book as a PDF with the Vietnamese text intact', () => {
    const out = path.join(work, 'so-den.pdf');
    const r = vanthu('register-book', '--register', String(registerId), '--year', '2026', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    expect(text).toContain('SỔ ĐĂNG KÝ VĂN BẢN ĐẾN');
    expect(text).toContain('1296/QĐ-UBND');
    expect(text).toContain('Sở Tài chính');
    expect(text).toContain('Quyết định ban hành Kế hoạch "chuyển đổi số"');
    expect(text).toContain('Trang 1/1');
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', out, path.join(work, 'page')]);
    expect(fs.statSync(path.join(work, 'page-1.png')).size).toBeGreaterThan(1000);
  });

  it('refuses unusable arguments with a hint', () => {
    const r = vanthu('export', '--register', String(registerId), '--format', 'doc', '--out', path.join(work, 'x'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format csv or --format xlsx');
  });
});
