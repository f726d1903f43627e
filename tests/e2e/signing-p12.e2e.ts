import fs from 'node:fs';
import { PDFArray, PDFDocument, PDFName } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, openPage, screenshot } from '../support/browser';
import { approvedDraft, logIn, seedDocumentsAgency, STAFF, vietnamesePdf } from '../support/documents-e2e';
import { TEST_P12_PASSPHRASE, testPki } from '../support/pki/index';
import { startOcspResponder, type TestOcspResponder } from '../support/pki/ocsp';
import { E2E_PASSWORD, startWebApp, type WebApp } from '../support/webapp';

// The leader signs in the browser with a PKCS#12 certificate file (no token): picks the file, types
// its passphrase (a wrong one is said in words), places the block under a text of the document
// (the preview shows where the core found it), and the panel says the signature is valid.

let browser: Browser;
let app: WebApp;
let ocsp: TestOcspResponder;
let documentId: number;

beforeAll(async () => {
  [browser, app, ocsp] = await Promise.all([launchBrowser(), startWebApp(), startOcspResponder()]);
  await seedDocumentsAgency(app.core);
  const system = app.core.asSystem('e2e');
  // The agency's OCSP answer goes into the file, so the signature checks as valid offline.
  await system('signing.settings.update', { ocspUrl: ocsp.url });
  await system('signing.trust.add', { certificate: testPki().rootCertPem });
  const pdf = await vietnamesePdf('QUYẾT ĐỊNH', ['Về việc giao chỉ tiêu kế hoạch năm 2026.', 'CHỦ TỊCH']);
  documentId = await approvedDraft(app.core, { subject: 'Giao chỉ tiêu kế hoạch năm 2026', fileName: 'chi-tieu.pdf', pdf });
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
  await page.getByRole('heading', { name: /Giao chỉ tiêu kế hoạch/, level: 1 }).waitFor();
}

test('leader signs with a PKCS#12 file placed under an anchor text; a wrong passphrase is said in words; the panel says valid', async () => {
  const { page, pageErrors, close } = await openPage(browser, app.openUrl);
  await logIn(page, STAFF.leader.username, E2E_PASSWORD);
  await openDocument(page);
  await page.getByRole('button', { name: 'Ký số', exact: true }).click();
  const dialog = page.getByRole('dialog');

  await dialog.getByLabel('Tệp chứng thư số (.p12, .pfx)').check();
  await dialog.getByLabel('Tệp chứng thư số', { exact: true }).setInputFiles({
    name: 'lanh-dao.p12',
    mimeType: 'application/x-pkcs12',
    buffer: fs.readFileSync(testPki().identities.leader.p12File),
  });
  await dialog.getByLabel('Chức vụ').fill('CHỦ TỊCH');

  // Place by text: the core finds the last "CHỦ TỊCH" (page 2) and the preview moves there.
  await dialog.getByTestId('sign-preview').locator('canvas').waitFor();
  await dialog.getByLabel('dưới một đoạn chữ trong văn bản').check();
  await dialog.getByLabel(/Đoạn chữ đặt chữ ký bên dưới/).fill('không có trong văn bản');
  await dialog.getByText('Không tìm thấy đoạn chữ trong văn bản', { exact: false }).waitFor();
  await dialog.getByLabel(/Đoạn chữ đặt chữ ký bên dưới/).fill('chủ tịch');
  await dialog.getByTestId('sig-anchor-found').getByText('Dưới “chủ tịch” ở trang 2.').waitFor();
  await dialog.getByText('Vị trí chữ ký trên trang 2').waitFor();
  await screenshot(page, 'signing-p12-anchor-preview');

  await dialog.getByLabel('Mật khẩu của tệp').fill('sai-mat-khau');
  await dialog.getByRole('button', { name: 'Ký', exact: true }).click();
  await dialog.getByText('Mật khẩu của tệp chứng thư số không đúng', { exact: false }).waitFor();
  await dialog.getByLabel('Mật khẩu của tệp').fill(TEST_P12_PASSPHRASE);
  await dialog.getByRole('button', { name: 'Ký', exact: true }).click();

  await page.getByText('Đã ký', { exact: true }).first().waitFor();
  const latest = page.getByTestId('signature-panel').getByTestId('signature-file');
  await latest.getByText('chi-tieu-da-ky.pdf').waitFor();
  const items = latest.locator('.sig-list__item');
  expect(await items.count()).toBe(1);
  expect(await items.first().innerText()).toMatch(/Nguyễn Văn An[\s\S]*Hợp lệ/);
  await screenshot(page, 'signing-p12-signed');

  // The block went under the text on page 2, as the preview showed.
  const { signed_sha256: sha256 } = app.core.db.prepare('SELECT signed_sha256 FROM documents WHERE id = ?').get(documentId) as { signed_sha256: string };
  const signed = await PDFDocument.load(app.core.blobs.get(sha256));
  const annots = (n: number) => signed.getPage(n).node.lookupMaybe(PDFName.of('Annots'), PDFArray)?.size() ?? 0;
  expect([annots(0), annots(1)]).toEqual([0, 1]);
  expect(pageErrors).toEqual([]);
  await close();
});
