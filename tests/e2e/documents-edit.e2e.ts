import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, openPage, screenshot } from '../support/browser';
import { logIn, seedDocumentsAgency, STAFF, vnDay } from '../support/documents-e2e';
import { E2E_PASSWORD, startWebApp, type WebApp } from '../support/webapp';

// Two clerks on two computers (two browser contexts, two sessions) correct the same incoming
// document in web mode. The one who saves second is told someone else saved first, and loses
// nothing typed; saving again puts their correction onto the new version.

let browser: Browser;
let app: WebApp;
const SECOND_CLERK = { username: 'vanthu2', fullName: 'Phạm Thị Thu', roles: ['clerk' as const] };

beforeAll(async () => {
  [browser, app] = await Promise.all([launchBrowser(), startWebApp()]);
  await seedDocumentsAgency(app.core);
  await app.core.asSystem('e2e')('users.create', { ...SECOND_CLERK, password: E2E_PASSWORD });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

test('two clerks save the same document: the second gets the conflict message, keeps what was typed, and saves onto the new version', async () => {
  const sys = app.core.asSystem('e2e');
  const { registers } = await sys('registers.list', { direction: 'incoming' });
  const { document: doc } = await sys('documents.registerIncoming', {
    registerId: registers[0]!.id, numberNotation: '45/TB-UBND', issuerName: 'Ủy ban nhân dân tỉnh', dateIssued: vnDay(-1), subject: 'Thông báo lịch tiếp công dân tháng 12',
  });
  const first = await openPage(browser, app.openUrl);
  const second = await openPage(browser, app.openUrl);
  const openEdit = async (page: typeof first.page, username: string) => {
    await logIn(page, username, E2E_PASSWORD);
    await page.evaluate((id) => (window.location.hash = `#/incoming/doc/${id}`), doc.id);
    await page.getByRole('button', { name: 'Sửa thông tin' }).click();
    return page.getByRole('dialog', { name: 'Sửa thông tin văn bản đến' });
  };
  const [mine, theirs] = await Promise.all([openEdit(first.page, STAFF.clerk.username), openEdit(second.page, SECOND_CLERK.username)]);

  // Both have the form open; the first clerk types, the second saves first.
  await mine.getByLabel('Trích yếu nội dung').fill('Thông báo lịch tiếp công dân định kỳ tháng 12 năm 2026');
  await mine.getByLabel('Người ký', { exact: true }).fill('Nguyễn Văn Sơn');
  await theirs.getByLabel('Độ khẩn').selectOption('urgent');
  await theirs.getByLabel('Trích yếu nội dung').fill('Thông báo lịch tiếp công dân (văn thư 2 sửa)');
  await theirs.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await theirs.waitFor({ state: 'detached' });

  await mine.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await mine.getByText(/Người khác đã lưu thay đổi văn bản này trong lúc bạn đang sửa/).waitFor();
  expect(await mine.getByLabel('Trích yếu nội dung').inputValue()).toBe('Thông báo lịch tiếp công dân định kỳ tháng 12 năm 2026');
  expect(await mine.getByLabel('Người ký', { exact: true }).inputValue()).toBe('Nguyễn Văn Sơn');
  expect(await mine.getByLabel('Độ khẩn').inputValue()).toBe('urgent');
  await mine.getByText('Người khác đã lưu: «Thông báo lịch tiếp công dân (văn thư 2 sửa)»').waitFor();
  await screenshot(first.page, 'documents-edit-conflict');
  const between = (await sys('documents.get', { id: doc.id })).document;
  expect([between.subject, between.urgency]).toEqual(['Thông báo lịch tiếp công dân (văn thư 2 sửa)', 'urgent']);

  await mine.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await mine.waitFor({ state: 'detached' });
  await first.page.getByText('Thông báo lịch tiếp công dân định kỳ tháng 12 năm 2026').first().waitFor();
  const after = (await sys('documents.get', { id: doc.id })).document;
  expect([after.subject, after.signer, after.urgency]).toEqual(['Thông báo lịch tiếp công dân định kỳ tháng 12 năm 2026', 'Nguyễn Văn Sơn', 'urgent']);
  const steps = await first.page.getByTestId('timeline').locator('li strong').allInnerTexts();
  expect(steps.filter((s) => s === 'Sửa thông tin')).toHaveLength(2);
  expect([...first.pageErrors, ...second.pageErrors]).toEqual([]);
  await Promise.all([first.close(), second.close()]);
});
