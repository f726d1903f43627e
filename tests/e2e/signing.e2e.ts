import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, openPage, screenshot } from '../support/browser';
import { approvedDraft, logIn, logOut, seedDocumentsAgency, STAFF, vietnamesePdf } from '../support/documents-e2e';
import { startOcspResponder, type TestOcspResponder } from '../support/pki/ocsp';
import { testPki } from '../support/pki/index';
import { SOFTHSM_MODULE, TestTokenStore, type TestToken } from '../support/pki/softhsm';
import { E2E_PASSWORD, startWebApp, type WebApp } from '../support/webapp';

// The signing step in the browser on a real core: the leader signs an approved outgoing draft with
// a SoftHSM2 token and PIN, the panel says the signature is valid (in Vietnamese); the clerk adds
// the agency seal with another token and the panel shows two valid signatures.

let browser: Browser;
let app: WebApp;
let ocsp: TestOcspResponder;
let leaderToken: TestToken;
let sealToken: TestToken;
let documentId: number;

beforeAll(async () => {
  const store = new TestTokenStore();
  leaderToken = store.addToken('leader', 'Token Lanh Dao', '2468');
  sealToken = store.addToken('seal', 'Token Con Dau', '1357');
  store.activate();
  [browser, app, ocsp] = await Promise.all([launchBrowser(), startWebApp(), startOcspResponder()]);
  await seedDocumentsAgency(app.core);
  const system = app.core.asSystem('e2e');
  await system('signing.settings.update', { pkcs11Module: SOFTHSM_MODULE, ocspUrl: ocsp.url });
  await system('signing.trust.add', { certificate: testPki().rootCertPem });
  // An approved draft: drafted by the specialist, approved by the leader (through the core).
  const pdf = await vietnamesePdf('QUYẾT ĐỊNH', ['Về việc ban hành Quy chế văn thư, lưu trữ năm 2026.']);
  documentId = await approvedDraft(app.core, { subject: 'Ban hành Quy chế văn thư, lưu trữ', fileName: 'quy-che.pdf', pdf });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await ocsp?.stop();
});

async function openDocument(page: Page): Promise<void> {
  await page.evaluate((id) => {
    location.hash = `#/outgoing/doc/${id}`;
  }, documentId);
  await page.getByRole('heading', { name: /Ban hành Quy chế văn thư/, level: 1 }).waitFor();
}

const panel = (page: Page) => page.getByTestId('signature-panel');

async function signWithToken(page: Page, button: string, token: TestToken, confirm: string): Promise<void> {
  await page.getByRole('button', { name: button, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Thiết bị', { exact: true }).selectOption(token.label);
  await dialog.getByLabel('Mã PIN').fill(token.pin);
  return void (await dialog.getByRole('button', { name: confirm, exact: true }).click());
}

test('leader signs with the token and PIN, the panel says valid; the clerk adds the seal and both signatures are valid', async () => {
  const { page, pageErrors, close } = await openPage(browser, app.openUrl);

  await logIn(page, STAFF.leader.username, E2E_PASSWORD);
  await openDocument(page);
  await page.getByRole('button', { name: 'Ký số', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Thiết bị', { exact: true }).selectOption(leaderToken.label);
  await dialog.getByLabel('Thẩm quyền ký').selectOption('KT.');
  await dialog.getByLabel('Chức vụ').fill('CHỦ TỊCH');
  // The preview shows the page the block goes on.
  await dialog.getByTestId('sign-preview').locator('canvas').waitFor();
  // A wrong PIN is said in words and the dialog stays open.
  await dialog.getByLabel('Mã PIN').fill('0000');
  await dialog.getByRole('button', { name: 'Ký', exact: true }).click();
  await dialog.getByText('Mã PIN của thiết bị ký số không đúng', { exact: false }).waitFor();
  await screenshot(page, 'signing-dialog-wrong-pin');
  await dialog.getByLabel('Mã PIN').fill(leaderToken.pin);
  await dialog.getByRole('button', { name: 'Ký', exact: true }).click();
  await page.getByText('Đã ký', { exact: true }).first().waitFor();
  const latest = panel(page).getByTestId('signature-file');
  await latest.getByText('quy-che-da-ky.pdf').waitFor();
  expect(await latest.locator('.sig-list__item').count()).toBe(1);
  expect(await latest.locator('.sig-list__item').first().innerText()).toMatch(/Nguyễn Văn An[\s\S]*Hợp lệ/);
  await screenshot(page, 'signing-leader-signed');
  await logOut(page);

  await logIn(page, STAFF.clerk.username, E2E_PASSWORD);
  await openDocument(page);
  await signWithToken(page, 'Đóng dấu số', sealToken, 'Đóng dấu');
  await panel(page).getByTestId('signature-file').getByText('quy-che-dong-dau.pdf').waitFor();
  const items = panel(page).getByTestId('signature-file').locator('.sig-list__item');
  expect(await items.count()).toBe(2);
  const texts = await items.allInnerTexts();
  expect(texts[0]).toMatch(/Nguyễn Văn An[\s\S]*Hợp lệ/);
  expect(texts[1]).toMatch(/UBND Thành phố Thử Nghiệm[\s\S]*Hợp lệ/);
  expect(texts.join('\n')).not.toMatch(/Không hợp lệ|Chưa xác định/);
  // The page header carries the verdict of the latest signed file.
  await page.locator('.doc-page__title-row').getByText('Hợp lệ', { exact: true }).waitFor();
  // Sealed once: the button is gone.
  expect(await page.getByRole('button', { name: 'Đóng dấu số', exact: true }).count()).toBe(0);
  await screenshot(page, 'signing-sealed');
  expect(pageErrors).toEqual([]);
  await close();
});
