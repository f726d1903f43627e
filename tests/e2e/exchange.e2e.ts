import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, openPage, screenshot, type OpenedPage } from '../support/browser';
import { firstPageIsDrawn, logIn, STAFF } from '../support/documents-e2e';
import { numberedSignedDocument, openExchangeWorld, type ExchangeProfile, type ExchangeWorld } from '../support/exchange-e2e';
import { E2E_PASSWORD } from '../support/webapp';

// Issue 6 "done when", in Chromium: two agencies in web mode (a province and its department, each
// a real Core behind the real web server on its own data directory) and the axis stub. A signed
// document released by the province reaches the department's intake with its signature checked;
// the department's clerk registers it and the province sees 03 (accepted) on the document's
// exchange timeline. Then the same the other way. Syncing is the "Sync now" button, never a wait.

let browser: Browser;
let w: ExchangeWorld;
const pages: OpenedPage[] = [];

beforeAll(async () => {
  [browser, w] = await Promise.all([launchBrowser(), openExchangeWorld({ web: true })]);
});

afterAll(async () => {
  for (const p of pages) await p.close();
  await browser?.close();
  await w?.close();
});

async function clerkPage(p: ExchangeProfile): Promise<OpenedPage> {
  const opened = await openPage(browser, p.openUrl);
  pages.push(opened);
  await logIn(opened.page, STAFF.clerk.username, E2E_PASSWORD);
  return opened;
}

const go = (page: Page, hash: string) => page.evaluate((h) => (window.location.hash = h), hash);

async function syncNow(page: Page): Promise<string> {
  await go(page, '#/exchange');
  await page.getByRole('heading', { level: 1, name: 'Liên thông' }).waitFor();
  await page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
  const result = page.getByTestId('sync-result');
  await result.waitFor();
  return result.innerText();
}

/** Without diacritics, as a clerk types in a hurry: "Sở Thông tin…" → "so thong tin…". */
const plain = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();

async function sendAndAccept(from: { profile: ExchangeProfile; page: Page }, to: { profile: ExchangeProfile; page: Page }, subject: string, shots: string): Promise<void> {
  const doc = await numberedSignedDocument(from.profile, subject);
  const target = to.profile.agency;

  // The sender's clerk releases it to the other agency, found in the axis directory.
  await go(from.page, `#/outgoing/doc/${doc.id}`);
  await from.page.getByRole('button', { name: 'Phát hành' }).click();
  const dialog = from.page.getByRole('dialog');
  await dialog.getByLabel('Tìm cơ quan theo tên hoặc mã định danh').fill(plain(target.name).split(' ').slice(0, 4).join(' '));
  await dialog.getByRole('button', { name: `Chọn ${target.name}` }).click();
  await dialog.getByRole('list', { name: 'Đã chọn' }).getByText(target.code).waitFor();
  await screenshot(from.page, `${shots}-release-dialog`);
  await dialog.getByRole('button', { name: 'Phát hành' }).click();
  await from.page.getByText('Đã phát hành', { exact: true }).first().waitFor();
  const timeline = from.page.getByTestId('exchange-timeline');
  await timeline.locator(`[data-recipient="${target.code}"][data-status="queued"]`).waitFor();
  // The status bar counts what waits to be sent.
  await from.page.getByRole('status').filter({ hasText: '1 gói chờ gửi' }).waitFor();
  expect(await syncNow(from.page)).toContain('gửi đi 1');

  // The recipient's clerk syncs and finds it in the intake with its checks.
  expect(await syncNow(to.page)).toContain('nhận về 1 văn bản');
  const intake = to.page.getByRole('table', { name: 'Tiếp nhận văn bản điện tử' });
  const row = intake.getByRole('row').filter({ hasText: doc.numberNotation });
  await row.waitFor();
  expect(await row.innerText()).toContain(from.profile.agency.name);
  expect(await row.innerText()).toContain('cong-van-da-ky.pdf');
  expect(await row.innerText()).toContain('Mã băm SHA-256 khớp');
  const verdict = await row.locator('[data-signature]').getAttribute('data-signature');
  expect(verdict).not.toMatch(/^(unsigned|not-checked)$/);
  await screenshot(to.page, `${shots}-intake-list`);

  await row.getByRole('link', { name: doc.numberNotation }).click();
  await to.page.getByRole('heading', { level: 1, name: doc.numberNotation }).waitFor();
  await to.page.locator('.pdfv__pages .pdf-page[data-page="1"] canvas').waitFor();
  await expect.poll(() => firstPageIsDrawn(to.page), { timeout: 15_000 }).toBe(true);
  expect(await to.page.locator('.ex-checks').innerText()).toMatch(/\S+: /); // the signer named in the check detail
  await screenshot(to.page, `${shots}-intake-detail`);

  await to.page.getByRole('button', { name: 'Vào sổ văn bản đến' }).click();
  const reg = to.page.getByRole('dialog', { name: 'Vào sổ văn bản đến từ gói tin liên thông' });
  expect(await reg.getByLabel('Số, ký hiệu').inputValue()).toBe(doc.numberNotation);
  expect(await reg.getByLabel('Cơ quan ban hành').inputValue()).toBe(from.profile.agency.name);
  expect(await reg.getByLabel('Trích yếu nội dung').inputValue()).toBe(subject);
  await screenshot(to.page, `${shots}-register-dialog`);
  await reg.getByRole('button', { name: 'Xác nhận vào sổ' }).click();
  await to.page.getByText('Đã vào sổ văn bản đến; đã gửi trạng thái 03 cho nơi gửi.').waitFor();
  await to.page.getByRole('heading', { level: 1, name: new RegExp(doc.numberNotation.replace(/[/.-]/g, '\\$&')) }).waitFor();
  // The registered incoming document keeps its exchange history (received, registered, 03 sent).
  await to.page.getByTestId('exchange-timeline').getByText('Diễn biến gửi nhận').click();
  expect(await to.page.getByTestId('exchange-timeline').innerText()).toContain('Vào sổ văn bản đến');
  expect(await syncNow(to.page)).toContain('gửi đi');

  // Back at the sender: 03 on the document's exchange timeline.
  expect(await syncNow(from.page)).toContain('trạng thái');
  await go(from.page, `#/outgoing/doc/${doc.id}`);
  const accepted = from.page.getByTestId('exchange-timeline').locator(`[data-recipient="${target.code}"]`);
  await accepted.and(from.page.locator('[data-status="accepted"]')).waitFor();
  expect(await accepted.innerText()).toContain('Đã tiếp nhận (03)');
  await from.page.getByTestId('exchange-timeline').scrollIntoViewIfNeeded();
  await screenshot(from.page, `${shots}-timeline-accepted`);
}

test('province → department and department → province: released, received with its signature checked, registered, and 03 shown to the sender', async () => {
  const [province, department] = await Promise.all([clerkPage(w.province), clerkPage(w.department)]);
  await sendAndAccept(
    { profile: w.province, page: province.page },
    { profile: w.department, page: department.page },
    'Về việc triển khai nền tảng chia sẻ dữ liệu dùng chung của tỉnh',
    'exchange-province-to-department',
  );
  await sendAndAccept(
    { profile: w.department, page: department.page },
    { profile: w.province, page: province.page },
    'Về việc báo cáo kết quả chuyển đổi số quý IV năm 2026',
    'exchange-department-to-province',
  );
  // The outbox lists what went out, all delivered.
  await go(province.page, '#/exchange/outbox');
  await province.page.getByRole('table', { name: 'Hàng đợi gửi' }).waitFor();
  expect(await province.page.locator('tr[data-state="failed"]').count()).toBe(0);
  await screenshot(province.page, 'exchange-outbox');
  expect(province.pageErrors).toEqual([]);
  expect(department.pageErrors).toEqual([]);
});
