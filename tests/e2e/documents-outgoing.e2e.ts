import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, openPage, screenshot } from '../support/browser';
import { logIn, logOut, seedDocumentsAgency, STAFF, vietnamesePdf } from '../support/documents-e2e';
import { E2E_PASSWORD, startWebApp, type WebApp } from '../support/webapp';

// An outgoing document from draft to release in web mode on a real core: the specialist drafts
// it with a PDF and submits it, the leader approves it (and is offered signing), the clerk numbers
// it in the outgoing register and releases it to a unit and an outside agency; then it is read-only,
// and a correction is a new draft that links to it (and it back).

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

const tab = (page: import('playwright-core').Page, name: RegExp) => page.locator('.doc-tabs').getByRole('link', { name });

test('specialist drafts and submits, leader approves, clerk numbers and releases; the released document is read-only and is corrected by a new linked draft', async () => {
  const { page, pageErrors, close } = await openPage(browser, app.openUrl);
  const pdf = await vietnamesePdf('CÔNG VĂN', ['Về việc báo cáo tình hình chuyển đổi số quý IV năm 2026.']);

  // The specialist drafts a công văn with its file and sends it for approval.
  await logIn(page, STAFF.specialist.username, E2E_PASSWORD);
  await page.keyboard.press('Alt+2');
  await page.getByRole('heading', { name: 'Văn bản đi', level: 1 }).waitFor();
  await page.getByRole('link', { name: /Soạn dự thảo/ }).click();
  await page.getByLabel('Loại văn bản').selectOption({ label: 'Công văn' });
  await page.getByLabel('Trích yếu nội dung').fill('Về việc báo cáo tình hình chuyển đổi số quý IV năm 2026');
  await page.getByLabel('Nơi nhận (dự kiến)').fill('Văn phòng Sở; Sở Thông tin và Truyền thông');
  await page.getByLabel('Tệp dự thảo (PDF)').setInputFiles({ name: 'du-thao-cong-van.pdf', mimeType: 'application/pdf', buffer: pdf });
  await screenshot(page, 'documents-outgoing-draft-form');
  await page.getByRole('button', { name: 'Tạo dự thảo' }).click();
  await page.getByText('Dự thảo', { exact: true }).first().waitFor();
  await page.locator('.pdfv__pages .pdf-page[data-page="1"] .textLayer span').first().waitFor();
  expect(await page.locator('.doc-versions').innerText()).toContain('Phiên bản 1');
  await page.getByRole('button', { name: 'Trình duyệt' }).click();
  await page.getByRole('dialog').getByLabel('Người phê duyệt').selectOption({ label: STAFF.leader.fullName });
  await page.getByRole('dialog').getByRole('button', { name: 'Trình duyệt' }).click();
  await page.getByText('Đang trình duyệt', { exact: true }).first().waitFor();
  await logOut(page);

  // The leader finds it waiting for approval and approves it.
  await logIn(page, STAFF.leader.username, E2E_PASSWORD);
  await page.keyboard.press('Alt+2');
  await tab(page, /^Việc cần xử lý/).click();
  await page.getByRole('heading', { name: /Chờ duyệt/ }).waitFor();
  await page.getByRole('link', { name: /báo cáo tình hình chuyển đổi số/ }).click();
  await page.getByRole('button', { name: 'Phê duyệt' }).click();
  await page.getByRole('dialog').getByLabel('Ghi chú').fill('Đồng ý ban hành.');
  await page.getByRole('dialog').getByRole('button', { name: 'Phê duyệt' }).click();
  await page.getByText('Đã duyệt', { exact: true }).first().waitFor();
  // Approved: the approving leader is offered signing (the signing journey has its own test).
  await page.locator('.doc-actions').getByRole('button', { name: 'Ký số' }).waitFor();
  await logOut(page);

  // The clerk numbers and releases it.
  await logIn(page, STAFF.clerk.username, E2E_PASSWORD);
  await page.keyboard.press('Alt+2');
  await page.getByRole('row', { name: /báo cáo tình hình chuyển đổi số/ }).click();
  await page.getByRole('button', { name: 'Cấp số' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cấp số' }).click();
  await page.getByRole('heading', { name: /Công văn 01\/SNV/, level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Phát hành' }).click();
  const release = page.getByRole('dialog');
  await release.getByLabel('Văn phòng Sở').check();
  await release.getByLabel('Tên cơ quan').fill('Sở Thông tin và Truyền thông tỉnh Thử Nghiệm');
  await release.getByLabel('Mã định danh').fill('000.00.22.H99');
  await release.getByRole('button', { name: 'Thêm cơ quan' }).click();
  await screenshot(page, 'documents-outgoing-release');
  await release.getByRole('button', { name: 'Phát hành' }).click();
  await page.getByText('Đã phát hành', { exact: true }).first().waitFor();

  // Released: read-only, sent to both recipients, no more steps.
  await page.getByText('Văn bản đã phát hành: chỉ xem, không sửa được.').waitFor();
  const recipients = await page.locator('.doc-recipients').innerText();
  expect(recipients).toContain('Văn phòng Sở');
  expect(recipients).toContain('000.00.22.H99');
  expect(await page.locator('.doc-actions button').count()).toBe(0);
  const steps = await page.getByTestId('timeline').locator('li strong').allInnerTexts();
  expect(steps).toEqual(['Tạo dự thảo', 'Trình duyệt', 'Phê duyệt', 'Cấp số, vào sổ văn bản đi', 'Phát hành']);
  await screenshot(page, 'documents-outgoing-released');
  await page.getByRole('link', { name: /Quay lại danh sách/ }).click();
  await page.getByRole('row', { name: /01\/SNV/ }).waitFor();
  await screenshot(page, 'documents-outgoing-list');
  await logOut(page);

  // A mistake found after release is corrected by a new document that refers to the released one.
  await logIn(page, STAFF.specialist.username, E2E_PASSWORD);
  await page.keyboard.press('Alt+2');
  await page.getByRole('row', { name: /01\/SNV/ }).click();
  await page.getByRole('button', { name: 'Tạo văn bản đính chính' }).click();
  await page.getByText(/^Đính chính văn bản đã phát hành: 01\/SNV/).waitFor();
  await expect.poll(() => page.getByLabel('Trích yếu nội dung').inputValue()).toMatch(/^Về việc đính chính Công văn số 01\/SNV ngày /);
  await page.getByRole('button', { name: 'Tạo dự thảo' }).click();
  const related = page.getByTestId('related');
  await related.getByRole('link', { name: /Công văn 01\/SNV: Về việc báo cáo tình hình chuyển đổi số/ }).click();
  await page.getByRole('heading', { name: /Công văn 01\/SNV/, level: 1 }).waitFor();
  await related.getByText('Được đính chính bởi').waitFor();
  await related.getByRole('link', { name: /Về việc đính chính Công văn số 01\/SNV/ }).waitFor();
  await screenshot(page, 'documents-outgoing-corrected');
  expect(pageErrors).toEqual([]);
  await close();
});
