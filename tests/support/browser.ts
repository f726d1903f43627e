import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT } from './webapp';

// Debian's chromium driven by playwright-core (no downloaded browsers).

export const CHROMIUM = '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface OpenedPage {
  page: Page;
  /** Uncaught errors in the page: a test should end with none. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** A fresh browser context (own storage) at 1280×800, opened at `url`. */
export async function openPage(browser: Browser, url: string): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(url);
  return { page, pageErrors, close: () => context.close() };
}

/** Saves a screenshot under tmp/screenshots/ (git-ignored) (for looking at the UI, not for asserting). */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = path.join(REPO_ROOT, 'tmp', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
