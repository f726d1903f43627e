import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { generateInto } from '../../bench/data';
import type { DocumentSummary } from '../../shared/api/documents';
import { launchBrowser, openPage, screenshot } from '../support/browser';
import { logIn, STAFF } from '../support/documents-e2e';
import { E2E_PASSWORD, seedAgency, startWebApp, type WebApp } from '../support/webapp';

// "Đến số đến" in a real browser, where layout, scrolling and focus are Chromium's own: the clerk
// types a number far down a register of some thousands and presses Enter; the row is in view,
// marked and focused, and scrolling the table shows its neighbours in number order.

let browser: Browser;
let app: WebApp;
const byNumber: DocumentSummary[] = [];

beforeAll(async () => {
  [browser, app] = await Promise.all([launchBrowser(), startWebApp()]);
  await seedAgency(app.core, [STAFF.clerk]);
  generateInto(app.core, { docs: 3_000, withBody: false, seed: 5 });
  const { sessionToken } = await app.core.call('auth.login', { username: STAFF.clerk.username, password: E2E_PASSWORD }, {});
  let after: string | undefined;
  do {
    const page = await app.core.call('documents.list', { direction: 'incoming', sort: 'number', limit: 500, after, count: false }, { sessionToken });
    byNumber.push(...page.documents);
    after = page.hasMore ? page.endCursor! : undefined;
  } while (after);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

test('Enter in "Đến số đến" brings a number far down into view, marked and focused; its neighbours follow in order', async () => {
  const index = Math.floor(byNumber.length * 0.8);
  const wanted = byNumber[index]!;
  const { page, pageErrors, close } = await openPage(browser, app.openUrl);
  await logIn(page, STAFF.clerk.username, E2E_PASSWORD);
  await page.getByRole('heading', { name: 'Văn bản đến', level: 1 }).waitFor();
  await page.locator('.doc-table__scroll [data-index="0"][tabindex="0"]').waitFor();

  await page.getByLabel('Năm').fill(String(wanted.year));
  await page.getByLabel('Đến số đến').fill(String(wanted.arrivalNumber));
  await page.getByLabel('Đến số đến').press('Enter');

  await page.getByTestId('doc-jump-message').getByText(`Đã đến số ${wanted.arrivalNumber}/${wanted.year}`).waitFor();
  const row = page.locator(`.doc-table__scroll [data-index="${index}"]`);
  await expect.poll(() => row.evaluate((el) => el === document.activeElement)).toBe(true);
  expect(await row.getAttribute('aria-current')).toBe('true');
  expect(await row.innerText()).toContain(wanted.subject);
  // Inside the visible part of the table.
  const inView = await row.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const box = el.closest('.doc-table__scroll')!.getBoundingClientRect();
    return r.top >= box.top && r.bottom <= box.bottom;
  });
  expect(inView).toBe(true);
  await screenshot(page, 'documents-jump');

  // Scroll up a little and down past the page the jump loaded: the rows are the register in order.
  for (const delta of [-4 * 54, 150 * 54]) {
    await page.locator('.doc-table__scroll').evaluate((el, d) => el.scrollBy(0, d), delta);
    const at = await page.locator('.doc-table__scroll').evaluate((el) => Math.ceil(el.scrollTop / 54) + 1);
    const probe = page.locator(`.doc-table__scroll [data-index="${at}"][tabindex="0"]`);
    await probe.waitFor();
    expect(await probe.innerText()).toContain(byNumber[at]!.subject);
    expect(await page.locator(`.doc-table__scroll [data-index="${at + 1}"]`).innerText()).toContain(byNumber[at + 1]!.subject);
  }
  expect(pageErrors).toEqual([]);
  await close();
});
