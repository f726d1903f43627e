import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, screenshot } from '../support/browser';
import { logIn, seedDocumentsAgency, STAFF, vietnamesePdf, vnDay } from '../support/documents-e2e';
import { E2E_PASSWORD, startWebApp, type WebApp } from '../support/webapp';

// Start-up weight: the app opens, logs in and lists documents without fetching pdf.js; the reader
// and pdf.js arrive when a document with a PDF is opened, and the PDF then shows as before.

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

test('pdf.js is not fetched at start-up, only when a PDF is opened, and the PDF then shows', async () => {
  const sys = app.core.asSystem('e2e');
  const { registers } = await sys('registers.list', { direction: 'incoming' });
  const pdf = await vietnamesePdf('KẾ HOẠCH', ['Triển khai công tác chuyển đổi số năm 2026.']);
  const { document } = await sys('documents.registerIncoming', {
    registerId: registers[0]!.id, numberNotation: '7/KH-UBND', issuerName: 'Ủy ban nhân dân tỉnh Bình Định', dateIssued: vnDay(-1), subject: 'Kế hoạch chuyển đổi số năm 2026',
    attachments: [{ fileName: 'ke-hoach-7.pdf', contentBase64: pdf.toString('base64') }],
  });

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  try {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const scripts: string[] = [];
    page.on('request', (r) => {
      const file = new URL(r.url()).pathname.split('/').pop() ?? '';
      if (/\.m?js$/.test(file)) scripts.push(file);
    });
    const pdfScripts = () => scripts.filter((f) => /^(pdf|PdfReader)[.-]/.test(f));

    await page.goto(app.openUrl);
    await logIn(page, STAFF.clerk.username, E2E_PASSWORD);
    await page.evaluate(() => (window.location.hash = '#/incoming'));
    await page.getByText('Kế hoạch chuyển đổi số năm 2026').first().waitFor();
    expect(scripts.length).toBeGreaterThan(0);
    expect(pdfScripts()).toEqual([]);

    await page.evaluate((id) => (window.location.hash = `#/incoming/doc/${id}`), document.id);
    await page.locator('.pdfv__pages .pdf-page[data-page="1"] .textLayer span').first().waitFor();
    expect(await page.locator('.pdfv__pages .pdf-page[data-page="1"] .textLayer').innerText()).toContain('KẾ HOẠCH');
    expect(await page.getByTestId('pdf-page-count').innerText()).toContain('2');
    // The reader's chunk, pdf.js and pdf.js's own worker (a second document may fetch the worker again).
    const fetched = pdfScripts();
    expect(fetched.some((f) => f.startsWith('PdfReader-'))).toBe(true);
    expect(fetched.some((f) => /^pdf-.*\.js$/.test(f))).toBe(true);
    expect(fetched.some((f) => f.startsWith('pdf.worker'))).toBe(true);
    await screenshot(page, 'startup-pdf-opened');
    expect(pageErrors).toEqual([]);
  } finally {
    await context.close();
  }
});
