import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, openPage, screenshot } from '../support/browser';
import { E2E_ADMIN, E2E_PASSWORD, seedAgency, startWebApp, type WebApp } from '../support/webapp';

// Sessions in web mode on a seeded profile: login messages, role-based menus, the idle lock and
// the account lock-out after repeated failures.

let browser: Browser;
let app: WebApp;

beforeAll(async () => {
  [browser, app] = await Promise.all([launchBrowser(), startWebApp()]);
  await seedAgency(app.core, [
    { username: 'vanthu', fullName: 'Nguyễn Thị Lan', roles: ['clerk'] },
    { username: 'lanhdao', fullName: 'Lê Quang Hùng', roles: ['leader'] },
    { username: 'chuyenvien', fullName: 'Trần Văn Minh', roles: ['specialist'] },
  ]);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.keyboard.press('Enter');
}

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Phân hệ' });

async function menuOf(page: Page): Promise<string[]> {
  await sidebar(page).getByRole('link').first().waitFor();
  return (await sidebar(page).getByRole('link').allInnerTexts()).map((s) => s.replace(/\s*Alt\+\d\s*$/, '').trim());
}

test('a wrong password gets a clear Vietnamese message and the password field is emptied', async () => {
  const { page, pageErrors, close } = await openPage(browser, app.openUrl);
  await logIn(page, 'vanthu', 'not-the-password');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  expect(await alert.innerText()).toContain('Sai tên đăng nhập hoặc mật khẩu');
  expect(await page.getByLabel('Mật khẩu').inputValue()).toBe('');
  expect(pageErrors).toEqual([]);
  await close();
});

test('each role sees its own modules; Alt+digit opens a module; logout returns to the login page', async () => {
  const { page, pageErrors, close } = await openPage(browser, app.openUrl);
  await logIn(page, 'vanthu', E2E_PASSWORD);
  expect(await menuOf(page)).toEqual(['Văn bản đến', 'Văn bản đi', 'Ký số', 'Hồ sơ công việc', 'Báo cáo', 'Liên thông']);
  await page.keyboard.press('Alt+4');
  await page.getByRole('heading', { name: 'Hồ sơ công việc', level: 1 }).waitFor();
  expect(await sidebar(page).getByRole('link', { name: 'Hồ sơ công việc' }).getAttribute('aria-current')).toBe('page');
  // An unbuilt module says so instead of showing made-up data.
  await page.getByText('Phân hệ này chưa có trong phiên bản hiện tại.').waitFor();
  // Alt+7 is administration, which a clerk does not have: nothing happens.
  await page.keyboard.press('Alt+7');
  expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Hồ sơ công việc');
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.getByText('Bạn đã đăng xuất.').waitFor();

  await logIn(page, 'lanhdao', E2E_PASSWORD);
  expect(await menuOf(page)).toEqual(['Văn bản đến', 'Văn bản đi', 'Ký số', 'Hồ sơ công việc', 'Cuộc họp', 'Báo cáo']);
  await page.getByRole('button', { name: 'Đăng xuất' }).click();

  await logIn(page, E2E_ADMIN.username, E2E_ADMIN.password);
  expect(await menuOf(page)).toContain('Quản trị');
  expect(await menuOf(page)).not.toContain('Văn bản đến');
  await page.getByRole('heading', { name: 'Quản trị', level: 1 }).waitFor();
  await screenshot(page, 'e2e-admin-home');
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  // Logging out really ended the session in the core.
  const audit = await app.core.asSystem('check')('audit.list', { limit: 500 });
  expect(audit.entries.filter((e) => e.action === 'session.logout').length).toBeGreaterThanOrEqual(3);
  expect(pageErrors).toEqual([]);
  await close();
});

test('after idleLockSeconds without activity the screen locks, keeps the page, and unlocks with the password', async () => {
  const { page, pageErrors, close } = await openPage(browser, app.openUrl);
  await logIn(page, E2E_ADMIN.username, E2E_ADMIN.password);
  await page.getByRole('link', { name: 'Bảo mật' }).click();
  const idle = page.getByLabel('Tự khóa màn hình sau (giây không thao tác)');
  await idle.fill('3');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.getByText('Đã lưu.').waitFor();
  expect(app.core.identity.security().idleLockSeconds).toBe(3);

  // No mouse or keyboard from now on.
  const lock = page.getByRole('dialog', { name: 'Màn hình đã khóa' });
  await lock.waitFor({ timeout: 10_000 });
  await screenshot(page, 'e2e-locked');
  await lock.getByLabel('Mật khẩu').fill('wrong-password');
  await page.keyboard.press('Enter');
  await lock.getByText('Mật khẩu không đúng.', { exact: false }).waitFor();
  await lock.getByLabel('Mật khẩu').fill(E2E_ADMIN.password);
  await page.keyboard.press('Enter');
  await lock.waitFor({ state: 'detached' });
  // Same page as before the lock, with what was on it.
  expect(await page.getByLabel('Tự khóa màn hình sau (giây không thao tác)').inputValue()).toBe('3');
  const actions = (await app.core.asSystem('check')('audit.list', { limit: 500 })).entries.map((e) => e.action);
  expect(actions).toContain('session.lock');
  expect(actions).toContain('session.unlock');
  // Put the setting back (typing counts as activity, so the screen does not lock meanwhile).
  await page.getByLabel('Tự khóa màn hình sau (giây không thao tác)').fill('900');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.getByText('Đã lưu.').waitFor();
  expect(pageErrors).toEqual([]);
  await close();
});

test('repeated wrong passwords lock the account until an administrator unlocks it', async () => {
  await app.core.asSystem('check')('settings.updateSecurity', { maxFailedLogins: 3, lockoutSeconds: 600 });
  const { page, pageErrors, close } = await openPage(browser, app.openUrl);
  for (let i = 0; i < 3; i++) {
    await logIn(page, 'chuyenvien', `wrong-${i}-password`);
    await page.getByRole('alert').getByText('Sai tên đăng nhập hoặc mật khẩu', { exact: false }).waitFor();
  }
  // Now even the right password is refused, with the time the lock ends.
  await logIn(page, 'chuyenvien', E2E_PASSWORD);
  const alert = page.getByRole('alert').getByText('Tài khoản tạm khóa', { exact: false });
  await alert.waitFor();
  expect(await alert.innerText()).toMatch(/Thử lại sau \d{2}:\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}/);
  await screenshot(page, 'e2e-account-locked');

  // The administrator sees the lock and lifts it.
  await logIn(page, E2E_ADMIN.username, E2E_ADMIN.password);
  const row = page.getByRole('row').filter({ hasText: 'chuyenvien' });
  await row.getByText('Tạm khóa đến', { exact: false }).waitFor();
  await row.getByRole('button', { name: 'Sửa chuyenvien' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Mở khóa tài khoản' }).click();
  await page.getByText('Đã mở khóa tài khoản chuyenvien.').waitFor();
  await page.getByRole('button', { name: 'Đăng xuất' }).click();

  await logIn(page, 'chuyenvien', E2E_PASSWORD);
  await sidebar(page).getByRole('link', { name: 'Văn bản đến' }).waitFor();
  expect(pageErrors).toEqual([]);
  await close();
});

test('keyboard only: skip link to the page heading, dialogs open and close with the keyboard and give focus back', async () => {
  const { page, pageErrors, close } = await openPage(browser, app.openUrl);
  await logIn(page, E2E_ADMIN.username, E2E_ADMIN.password);
  await page.getByRole('heading', { name: 'Quản trị', level: 1 }).waitFor();
  await page.locator('body').focus();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Chuyển đến nội dung chính' });
  expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
  expect((await skip.boundingBox())!.y).toBeGreaterThanOrEqual(0); // shown when focused
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Quản trị');

  const add = page.getByRole('button', { name: /Thêm người dùng/ });
  await add.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Thêm người dùng' });
  await dialog.waitFor();
  expect(await dialog.getByLabel('Tên đăng nhập').evaluate((el) => el === document.activeElement)).toBe(true);
  // Tab stays inside the dialog.
  for (let i = 0; i < 15; i++) await page.keyboard.press('Tab');
  expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  expect(await add.evaluate((el) => el === document.activeElement)).toBe(true);
  expect(pageErrors).toEqual([]);
  await close();
});

test('a reload keeps the session and the page; a reload of a locked screen asks to log in again', async () => {
  const { page, pageErrors, close } = await openPage(browser, app.openUrl);
  await logIn(page, E2E_ADMIN.username, E2E_ADMIN.password);
  await page.getByRole('link', { name: 'Bảo mật' }).click();
  await page.getByRole('heading', { name: 'Thiết lập bảo mật' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Thiết lập bảo mật' }).waitFor();
  expect(await page.getByRole('banner').innerText()).toContain(E2E_ADMIN.fullName);

  await page.getByRole('button', { name: 'Khóa màn hình' }).click();
  await page.getByRole('dialog', { name: 'Màn hình đã khóa' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  expect(await page.getByRole('navigation', { name: 'Phân hệ' }).count()).toBe(0);
  expect(pageErrors).toEqual([]);
  await close();
});

test('the language switch turns the UI to English and is remembered after a reload', async () => {
  const { page, pageErrors, close } = await openPage(browser, app.openUrl);
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  await page.getByLabel('Ngôn ngữ').selectOption('en');
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  await page.reload();
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  await page.getByLabel('Username').fill('vanthu');
  await page.getByLabel('Password').fill(E2E_PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('navigation', { name: 'Modules' }).getByRole('link', { name: 'Incoming documents' }).waitFor();
  expect(pageErrors).toEqual([]);
  await close();
});
