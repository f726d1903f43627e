import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, openPage, screenshot } from '../support/browser';
import { E2E_ADMIN, seedAgency, startWebApp, type WebApp } from '../support/webapp';

// The status bar over the real wire: sync state pushed by server-sent events, and "offline" when
// the core cannot be reached at all.

let browser: Browser;
let app: WebApp;

beforeAll(async () => {
  [browser, app] = await Promise.all([launchBrowser(), startWebApp()]);
  await seedAgency(app.core);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

test('the status bar follows sync events, says when the core is unreachable, and recovers when it is back', async () => {
  const { page, pageErrors, close } = await openPage(browser, app.openUrl);
  await page.getByLabel('Tên đăng nhập').fill(E2E_ADMIN.username);
  await page.getByLabel('Mật khẩu').fill(E2E_ADMIN.password);
  await page.keyboard.press('Enter');
  const status = page.getByRole('contentinfo', { name: 'Trạng thái' }).getByRole('status');
  await status.getByText('Chưa cấu hình liên thông').waitFor();

  app.core.emit({ type: 'sync.state', state: 'online', queued: 2, detail: '' });
  await status.getByText('Đã kết nối trục liên thông').waitFor();
  expect(await status.innerText()).toContain('2 gói chờ gửi');

  await app.stopServer();
  await page.getByRole('link', { name: 'Đơn vị' }).click();
  await status.getByText('Mất kết nối tới lõi ứng dụng').waitFor();
  await page.getByRole('alert').getByText('Không kết nối được tới lõi ứng dụng VanThu', { exact: false }).waitFor();
  await screenshot(page, 'e2e-offline');

  await app.startServer();
  await page.getByRole('link', { name: 'Người dùng' }).click();
  await page.getByRole('cell', { name: E2E_ADMIN.username, exact: true }).waitFor();
  expect(await status.innerText()).not.toContain('Mất kết nối tới lõi ứng dụng');
  expect(pageErrors).toEqual([]);
  await close();
});
