import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, openPage, screenshot } from '../support/browser';
import { firstPageIsDrawn, logIn, logOut, seedDocumentsAgency, STAFF, vietnamesePdf, vnDay } from '../support/documents-e2e';
import { E2E_PASSWORD, startWebApp, type WebApp } from '../support/webapp';

// An incoming document from the mailroom to the dossier, by three people in web mode on a real
// core: the clerk registers it with its PDF, the leader directs and assigns it, the specialist
// handles it, completes it and files it; everyone's steps show in the timeline.

let browser: Browser;
let app: WebApp;

beforeAll(async () => {
  [browser, app] = await Promise.all([launchBrowser(), startWebApp()]);
  await seedDocumentsAgency(app.core);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

test('clerk registers with a PDF, leader directs and assigns, specialist completes and files; the timeline shows every step', async () => {
  const { page, pageErrors, close } = await openPage(browser, app.openUrl);
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(m.text()));
  const pdf = await vietnamesePdf('KẾ HOẠCH', ['Triển khai công tác chuyển đổi số năm 2026', 'của Ủy ban nhân dân tỉnh Bình Định.']);

  // The clerk registers the document: the notation fills in type and issuer.
  await logIn(page, STAFF.clerk.username, E2E_PASSWORD);
  await page.getByRole('heading', { name: 'Văn bản đến', level: 1 }).waitFor();
  await page.getByText('Chưa có văn bản nào phù hợp.').waitFor();
  await page.getByRole('link', { name: /Đăng ký văn bản đến/ }).click();
  await page.getByLabel('Số, ký hiệu').fill('15/KH-UBND');
  await page.getByText('Nhận dạng: Kế hoạch số 15 của UBND.').waitFor();
  expect(await page.getByLabel('Loại văn bản').inputValue()).toBe('KH');
  expect(await page.getByLabel('Cơ quan ban hành', { exact: true }).inputValue()).toBe('UBND');
  // Saving with a missing subject and date gives Vietnamese errors next to the fields.
  await page.getByRole('button', { name: 'Vào sổ' }).click();
  await page.getByText('Chưa vào sổ được: sửa các trường được đánh dấu bên dưới.').waitFor();
  expect(await page.locator('#reg-subject-error').innerText()).toContain('Không được để trống.');
  await page.getByLabel('Cơ quan ban hành', { exact: true }).fill('Ủy ban nhân dân tỉnh Bình Định');
  await page.getByLabel('Ngày ban hành').fill(vnDay(-2));
  await page.getByLabel('Trích yếu nội dung').fill('Kế hoạch triển khai công tác chuyển đổi số năm 2026');
  await page.getByLabel('Người ký', { exact: true }).fill('Phạm Anh Tuấn');
  await page.getByLabel('Độ khẩn').selectOption('urgent');
  await page.getByLabel('Tệp đính kèm').setInputFiles({ name: 'ke-hoach-15.pdf', mimeType: 'application/pdf', buffer: pdf });
  await page.getByText('ke-hoach-15.pdf').waitFor();
  await screenshot(page, 'documents-register-form');
  await page.getByRole('button', { name: 'Vào sổ' }).click();

  // The document page: arrival number, the PDF on page 1 with selectable text.
  await page.getByText(/Đã vào sổ: số đến 0?1\./).waitFor();
  await page.getByRole('heading', { name: 'Kế hoạch 15/KH-UBND', level: 1 }).waitFor();
  await page.locator('.pdfv__pages .pdf-page[data-page="1"] .textLayer span').first().waitFor();
  expect(await page.locator('.pdfv__pages .pdf-page[data-page="1"] .textLayer').innerText()).toContain('KẾ HOẠCH');
  expect(await page.getByTestId('pdf-page-count').innerText()).toContain('2');
  await expect.poll(() => firstPageIsDrawn(page)).toBe(true);
  // pdf.js ran in its own worker (loaded from 'self' under the CSP), not on the page's thread.
  expect(consoleLines.filter((l) => /fake worker|Content Security Policy/i.test(l))).toEqual([]);
  await screenshot(page, 'documents-incoming-registered');
  // Keyboard in the viewer: PgDn goes to page 2, Ctrl+= zooms in.
  await page.getByRole('region', { name: /Trình xem PDF/ }).focus();
  const zoomBefore = await page.locator('.pdfv__zoom').innerText();
  await page.keyboard.press('PageDown');
  await expect.poll(() => page.getByLabel('Số trang').inputValue()).toBe('2');
  await page.keyboard.press('Control+Equal');
  await expect.poll(() => page.locator('.pdfv__zoom').innerText()).not.toBe(zoomBefore);

  // The register lists it; then the clerk submits it to the leader.
  await page.getByRole('link', { name: /Quay lại danh sách/ }).click();
  const row = page.getByRole('row', { name: /15\/KH-UBND/ });
  await row.waitFor();
  expect(await row.innerText()).toContain('Khẩn');
  await screenshot(page, 'documents-incoming-list');
  await row.click();
  await page.getByRole('button', { name: 'Trình lãnh đạo' }).click();
  await page.getByRole('dialog').getByLabel('Lãnh đạo').selectOption({ label: STAFF.leader.fullName });
  await page.getByRole('dialog').getByRole('button', { name: 'Trình lãnh đạo' }).click();
  await page.getByText('Chờ chỉ đạo', { exact: true }).first().waitFor();
  await logOut(page);

  // The leader sees one piece of work, gives direction and assigns the specialist.
  await logIn(page, STAFF.leader.username, E2E_PASSWORD);
  await expect.poll(() => page.getByTestId('inbox-badge').innerText().catch(() => '')).toContain('1');
  await page.locator('.doc-tabs').getByRole('link', { name: /^Việc cần xử lý/ }).click();
  await page.getByRole('heading', { name: /Chờ cho ý kiến chỉ đạo/ }).waitFor();
  await screenshot(page, 'documents-leader-inbox');
  await page.getByRole('link', { name: /Kế hoạch triển khai công tác chuyển đổi số/ }).click();
  await page.getByRole('button', { name: 'Cho ý kiến chỉ đạo' }).click();
  const direct = page.getByRole('dialog');
  await direct.getByLabel('Ý kiến chỉ đạo (bút phê)').fill('Giao đồng chí Minh chủ trì tham mưu triển khai, báo cáo trước ngày hạn.');
  await direct.getByLabel('Người xử lý chính').selectOption({ label: STAFF.specialist.fullName });
  await direct.getByLabel('Hạn xử lý').fill(vnDay(10));
  await screenshot(page, 'documents-leader-direct');
  await direct.getByRole('button', { name: 'Cho ý kiến chỉ đạo' }).click();
  await page.getByText('Đang xử lý', { exact: true }).first().waitFor();
  await logOut(page);

  // The specialist handles it, completes it with a result and files it.
  await logIn(page, STAFF.specialist.username, E2E_PASSWORD);
  await page.locator('.doc-tabs').getByRole('link', { name: /^Việc cần xử lý/ }).click();
  await page.getByRole('link', { name: /Kế hoạch triển khai công tác chuyển đổi số/ }).click();
  await page.getByText('Giao đồng chí Minh chủ trì tham mưu triển khai', { exact: false }).first().waitFor();
  await page.getByRole('button', { name: 'Hoàn thành' }).click();
  await page.getByRole('dialog').getByLabel('Kết quả xử lý').fill('Đã tham mưu Kế hoạch số 20/KH-SNV triển khai.');
  await page.getByRole('dialog').getByRole('button', { name: 'Hoàn thành' }).click();
  await page.getByText('Đã xử lý', { exact: true }).first().waitFor();
  await page.getByRole('button', { name: 'Lập hồ sơ' }).click();
  await page.getByRole('dialog').getByLabel('Ký hiệu hồ sơ').fill('HS-2026-CĐS');
  await page.getByRole('dialog').getByRole('button', { name: 'Lập hồ sơ' }).click();
  await page.getByText('Đã lập hồ sơ', { exact: true }).first().waitFor();

  // The timeline: every step, by whom.
  const timeline = page.getByTestId('timeline');
  await expect.poll(() => timeline.locator('li').count()).toBe(5);
  const steps = await timeline.locator('li strong').allInnerTexts();
  expect(steps).toEqual(['Vào sổ văn bản đến', 'Trình lãnh đạo', 'Cho ý kiến chỉ đạo và phân công', 'Hoàn thành xử lý', 'Lập hồ sơ']);
  const text = await timeline.innerText();
  for (const who of [STAFF.clerk.fullName, STAFF.leader.fullName, STAFF.specialist.fullName]) expect(text).toContain(who);
  await screenshot(page, 'documents-incoming-filed');

  // Search without diacritics finds it, with the matched words highlighted.
  await page.getByRole('link', { name: /Quay lại danh sách/ }).click();
  await page.locator('.doc-tabs').getByRole('link', { name: 'Tìm kiếm' }).click();
  await page.getByRole('searchbox', { name: 'Tìm văn bản' }).fill('chuyen doi so');
  await page.getByRole('button', { name: 'Tìm', exact: true }).click();
  await page.getByText('1 kết quả').waitFor();
  expect(await page.locator('.search-hit mark').allInnerTexts()).toContain('chuyển đổi số');
  await page.getByLabel('Tên tìm kiếm').fill('Chuyển đổi số');
  await page.getByRole('button', { name: 'Lưu tìm kiếm này' }).click();
  await page.locator('.search-saved').getByRole('button', { name: /^Chuyển đổi số/ }).waitFor();
  await screenshot(page, 'documents-search');
  expect(pageErrors).toEqual([]);
  await close();
});

test('a password-protected PDF: the document page warns beside the file and the viewer says why it cannot show it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-e2e-pdf-'));
  try {
    fs.writeFileSync(path.join(dir, 'plain.pdf'), await vietnamesePdf('THÔNG BÁO', ['Lịch họp giao ban tuần.']));
    execFileSync('qpdf', ['--encrypt', 'mat-khau', 'chu-so-huu', '256', '--', path.join(dir, 'plain.pdf'), path.join(dir, 'locked.pdf')]);
    const sys = app.core.asSystem('e2e');
    const { registers } = await sys('registers.list', { direction: 'incoming' });
    const { document } = await sys('documents.registerIncoming', {
      registerId: registers[0]!.id, numberNotation: '42/TB-VP', issuerName: 'Văn phòng UBND tỉnh', dateIssued: vnDay(-1), subject: 'Thông báo lịch họp giao ban tuần',
      attachments: [{ fileName: 'thong-bao-42.pdf', contentBase64: fs.readFileSync(path.join(dir, 'locked.pdf')).toString('base64') }],
    });
    const { page, pageErrors, close } = await openPage(browser, app.openUrl);
    await logIn(page, STAFF.clerk.username, E2E_PASSWORD);
    await page.evaluate((id) => (window.location.hash = `#/incoming/doc/${id}`), document.id);
    await page.getByText('PDF được đặt mật khẩu: không trích xuất được nội dung để tìm kiếm', { exact: false }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'Tệp PDF được đặt mật khẩu nên không hiển thị được' }).waitFor();
    await screenshot(page, 'documents-encrypted-pdf');
    expect(pageErrors).toEqual([]);
    await close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the leader reassigns the main handling with a reason; the specialist returns another document with a reason and the leader reads why', async () => {
  const sys = app.core.asSystem('e2e');
  const { user: second } = await sys('users.create', { username: 'chuyenvien2', fullName: 'Đỗ Thị Hạnh', roles: ['specialist'], password: E2E_PASSWORD });
  const { users } = await sys('users.list', {});
  const id = (username: string) => users.find((u) => u.username === username)!.id;
  const { registers } = await sys('registers.list', { direction: 'incoming' });
  const directed = async (numberNotation: string, subject: string) => {
    const { document } = await sys('documents.registerIncoming', { registerId: registers[0]!.id, numberNotation, issuerName: 'Sở Tài chính', dateIssued: vnDay(-1), subject });
    await sys('documents.submit', { id: document.id, leaderId: id(STAFF.leader.username) });
    await sys('documents.direct', { id: document.id, direction: 'Giao đồng chí Minh.', mainHandlerId: id(STAFF.specialist.username), deadline: vnDay(6) });
    return document;
  };
  const moved = await directed('51/STC-NS', 'Về việc thẩm tra quyết toán dự án');
  const sentBack = await directed('52/STC-NS', 'Về việc hướng dẫn khóa sổ kế toán');
  const { page, pageErrors, close } = await openPage(browser, app.openUrl);

  await logIn(page, STAFF.specialist.username, E2E_PASSWORD);
  await page.evaluate((docId) => (window.location.hash = `#/incoming/doc/${docId}`), sentBack.id);
  await page.getByRole('button', { name: 'Trả lại' }).click();
  await page.getByRole('dialog').getByLabel('Lý do').fill('Nội dung thuộc phòng Kế hoạch – Tài chính.');
  await page.getByRole('dialog').getByRole('button', { name: 'Trả lại' }).click();
  await page.getByText('Chờ chỉ đạo', { exact: true }).first().waitFor();
  await logOut(page);

  await logIn(page, STAFF.leader.username, E2E_PASSWORD);
  await page.evaluate((docId) => (window.location.hash = `#/incoming/doc/${docId}`), sentBack.id);
  await page.getByText(`${STAFF.specialist.fullName} đã trả lại văn bản lúc`, { exact: false }).waitFor();
  await page.getByText('lý do: Nội dung thuộc phòng Kế hoạch – Tài chính.', { exact: false }).waitFor();
  await page.evaluate((docId) => (window.location.hash = `#/incoming/doc/${docId}`), moved.id);
  await page.getByRole('button', { name: 'Giao lại' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Giao cho').selectOption({ label: second.fullName });
  await dialog.getByLabel('Lý do').fill('Đồng chí Minh nghỉ phép.');
  await screenshot(page, 'documents-reassign');
  await dialog.getByRole('button', { name: 'Giao lại' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.locator('.doc-assignments__item--active').filter({ hasText: second.fullName }).waitFor();
  await page.locator('.doc-assignments__item--recalled').filter({ hasText: STAFF.specialist.fullName }).waitFor();
  await expect.poll(() => page.getByTestId('timeline').innerText()).toContain(`${STAFF.specialist.fullName} → ${second.fullName}`);
  const inbox = await app.core.call('documents.inbox', {}, { sessionToken: (await app.core.call('auth.login', { username: 'chuyenvien2', password: E2E_PASSWORD }, {})).sessionToken });
  expect(inbox.items.map((i) => [i.kind, i.documentId])).toEqual([['toHandle', moved.id]]);
  expect(pageErrors).toEqual([]);
  await close();
});
