import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, openPage, screenshot } from '../support/browser';
import { logIn, seedDocumentsAgency } from '../support/documents-e2e';
import { E2E_PASSWORD, startWebApp, type WebApp } from '../support/webapp';

// The registers panel in a real browser, by keyboard only: an administrator who is also the
// agency's văn thư adds a confidential register and closes another without touching the mouse.

let browser: Browser;
let app: WebApp;
const CLERK_ADMIN = { username: 'quantri', fullName: 'Đặng Thị Hoa', roles: ['admin' as const, 'clerk' as const] };

beforeAll(async () => {
  [browser, app] = await Promise.all([launchBrowser(), startWebApp()]);
  await seedDocumentsAgency(app.core);
  await app.core.asSystem('e2e')('users.create', { ...CLERK_ADMIN, password: E2E_PASSWORD });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

test('by keyboard: add a confidential incoming register, then close the outgoing one from its edit dialog', async () => {
  const sys = app.core.asSystem('e2e');
  const { page, pageErrors, close } = await openPage(browser, app.openUrl);
  await logIn(page, CLERK_ADMIN.username, E2E_PASSWORD);
  await page.evaluate(() => (window.location.hash = '#/admin/registers'));
  await page.getByRole('cell', { name: 'Sổ văn bản đi', exact: true }).waitFor();

  const form = page.getByRole('form', { name: 'Thêm sổ văn bản' });
  await form.getByLabel('Tên sổ', { exact: true }).focus();
  await page.keyboard.type('Sổ văn bản đến mật');
  // Name → kind → digits → type → unit → confidential.
  for (let i = 0; i < 5; i++) await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('register-confidential');
  await page.keyboard.press('Space');
  for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter'); // submits from the name field
  await page.getByText('Đã thêm sổ Sổ văn bản đến mật.').waitFor();
  const created = (await sys('registers.list', {})).registers.find((r) => r.name === 'Sổ văn bản đến mật');
  expect(created).toMatchObject({ direction: 'incoming', confidential: true, active: true });

  const edit = page.getByRole('button', { name: 'Sửa sổ Sổ văn bản đi' });
  await edit.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Sửa sổ Sổ văn bản đi' });
  await dialog.waitFor();
  // Escape leaves without saving and gives the focus back to the button that opened it.
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Sửa sổ Sổ văn bản đi');
  await page.keyboard.press('Enter');
  await dialog.getByLabel('Đóng sổ (không cấp số mới)').focus();
  await page.keyboard.press('Space');
  await dialog.getByRole('button', { name: 'Lưu' }).focus();
  await page.keyboard.press('Enter');
  await page.getByText('Đã cập nhật sổ Sổ văn bản đi.').waitFor();
  await screenshot(page, 'admin-registers');
  expect((await sys('registers.list', { direction: 'outgoing' })).registers).toMatchObject([{ name: 'Sổ văn bản đi', active: false }]);
  expect(pageErrors).toEqual([]);
  await close();
});
