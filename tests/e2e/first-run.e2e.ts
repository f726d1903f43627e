import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, openPage, screenshot } from '../support/browser';
import { startWebApp, type WebApp } from '../support/webapp';

// A new installation in web mode: the first-run wizard, then the new administrator creates the
// first staff accounts, and a clerk logs in and sees the menu of a clerk.

let browser: Browser;
let app: WebApp;

beforeAll(async () => {
  [browser, app] = await Promise.all([launchBrowser(), startWebApp()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

test('first-run wizard sets up the agency; the new admin adds a clerk and a leader and logs out; the clerk sees a clerk’s menu', async () => {
  const { page, pageErrors, close } = await openPage(browser, app.openUrl);

  // Step 1: the agency, with inline validation of the QCVN 102 identifier.
  await page.getByRole('heading', { name: 'Thiết lập ban đầu' }).waitFor();
  await page.getByLabel('Tên cơ quan').fill('Ủy ban nhân dân huyện Tuy Phước');
  await page.getByLabel('Mã định danh cơ quan').fill('000-00-G22');
  await page.getByLabel('Tên viết tắt').fill('UBND');
  await page.getByText('Mã định danh chưa đúng dạng QCVN 102', { exact: false }).waitFor();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  // Still on step 1, focus on the bad field.
  expect(await page.getByLabel('Mã định danh cơ quan').evaluate((el) => el === document.activeElement)).toBe(true);
  await page.getByLabel('Mã định danh cơ quan').fill('000.00.00.G22');
  expect(await page.getByText('Mã định danh chưa đúng dạng QCVN 102', { exact: false }).count()).toBe(0);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  // Step 2: units, added and removed by row.
  await page.getByRole('heading', { name: /Đơn vị/ }).waitFor();
  for (const [i, name, code] of [[1, 'Văn phòng HĐND và UBND', 'VP'], [2, 'Phòng Nội vụ', 'NV'], [3, 'Phòng Tài chính - Kế hoạch', 'TCKH']] as const) {
    await page.getByRole('button', { name: /Thêm đơn vị/ }).click();
    await page.getByLabel(`Tên đơn vị ${i}`).fill(name);
    await page.getByLabel(`Mã đơn vị ${i}`).fill(code);
  }
  await page.getByRole('button', { name: 'Xóa đơn vị 2' }).click();
  expect(await page.getByLabel('Tên đơn vị 2').inputValue()).toBe('Phòng Tài chính - Kế hoạch');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  // Step 3: the first administrator; the repeated password must match.
  await page.getByLabel('Tên đăng nhập').fill('quantri');
  await page.getByLabel('Họ và tên').fill('Trần Thị Quỳnh');
  await page.getByLabel('Mật khẩu', { exact: true }).fill('quantri-2026');
  await page.getByLabel('Nhập lại mật khẩu').fill('quantri-2025');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByText('Hai lần nhập mật khẩu không khớp.').waitFor();
  await page.getByLabel('Nhập lại mật khẩu').fill('quantri-2026');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  // Step 4: summary, then create.
  await page.getByText('Kiểm tra lại thông tin trước khi tạo.').waitFor();
  expect(await page.locator('.summary').innerText()).toContain('000.00.00.G22');
  await page.getByRole('button', { name: 'Tạo cơ quan' }).click();

  // The login page names the new agency and prefills the admin's username.
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  await page.getByText('Đã thiết lập xong cơ quan.', { exact: false }).waitFor();
  expect(await page.getByLabel('Tên đăng nhập').inputValue()).toBe('quantri');
  await page.getByLabel('Mật khẩu').fill('quantri-2026');
  await page.keyboard.press('Enter');

  // The admin lands on Quản trị and creates a clerk and a leader.
  const nav = page.getByRole('navigation', { name: 'Phân hệ' });
  await nav.getByRole('link', { name: 'Quản trị' }).waitFor();
  await page.getByRole('heading', { name: 'Người dùng' }).waitFor();
  for (const u of [
    { username: 'vanthu', fullName: 'Nguyễn Thị Lan', title: 'Văn thư', role: 'Văn thư', unit: 'Văn phòng HĐND và UBND' },
    { username: 'lanhdao', fullName: 'Lê Quang Hùng', title: 'Phó Chủ tịch', role: 'Lãnh đạo', unit: '(Không thuộc đơn vị)' },
  ]) {
    await page.getByRole('button', { name: /Thêm người dùng/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Thêm người dùng' });
    await dialog.getByLabel('Tên đăng nhập').fill(u.username);
    await dialog.getByLabel('Họ và tên').fill(u.fullName);
    await dialog.getByLabel('Chức danh').fill(u.title);
    await dialog.getByLabel('Mật khẩu ban đầu').fill('matkhau-2026');
    await dialog.getByLabel('Đơn vị').selectOption({ label: u.unit });
    await dialog.getByRole('checkbox', { name: u.role, exact: true }).check();
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText(`Đã tạo tài khoản ${u.username}.`).waitFor();
  }
  const rows = await page.getByRole('row').allInnerTexts();
  expect(rows.some((r) => r.includes('vanthu') && r.includes('Văn thư') && r.includes('Văn phòng HĐND và UBND'))).toBe(true);
  expect(rows.some((r) => r.includes('lanhdao') && r.includes('Lãnh đạo'))).toBe(true);
  await screenshot(page, 'e2e-admin-users');

  // The core holds what the UI showed.
  const stored = await app.core.asSystem('check')('users.list', { includeDisabled: true });
  expect(stored.users.map((u) => [u.username, u.roles]).sort()).toEqual([['lanhdao', ['leader']], ['quantri', ['admin']], ['vanthu', ['clerk']]]);

  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.getByText('Bạn đã đăng xuất.').waitFor();

  // The new clerk logs in: incoming documents yes, administration no.
  await page.getByLabel('Tên đăng nhập').fill('vanthu');
  await page.getByLabel('Mật khẩu').fill('matkhau-2026');
  await page.keyboard.press('Enter');
  await nav.getByRole('link', { name: 'Văn bản đến' }).waitFor();
  expect(await nav.getByRole('link', { name: 'Quản trị' }).count()).toBe(0);
  expect(await page.getByRole('banner').innerText()).toContain('Nguyễn Thị Lan');
  expect(pageErrors).toEqual([]);
  await close();
});
