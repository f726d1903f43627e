// @vitest-environment jsdom
import './jsdomShims';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, test } from 'vitest';
import type { Core } from '../../../core/app';
import type { Input } from '../../../shared/api/contract';
import type { DocumentSummary } from '../../../shared/api/documents';
import { USER_PASSWORD } from '../../support/core';
import { directTransport, renderAppOn } from './harness';
import { giveRegisterViewAWindowHeight, listLoggingTransport, openLargeStore, renderAsClerk, ROW_HEIGHT, VIEW_HEIGHT, wholeRegister } from './largeStore';

// "Đến số đến": on a register of some thousands of documents, typing a number far down opens the
// list there (in number order), marks and focuses that row, and the rows around it are the register
// in order whichever way one scrolls. A number not given, or cancelled, is said in words.

giveRegisterViewAWindowHeight();

let core: Core;
let token: string;
/** The incoming register in number order (newest number first), as the server pages it. */
let byNumber: DocumentSummary[];

// The cores of tests/support close after each test: every test builds its own store.
beforeEach(async () => {
  ({ core, token } = await openLargeStore({ docs: 4_000, seed: 11 }));
  byNumber = await wholeRegister(core, token, 'incoming', 'number');
}, 60_000);

/** Renders the app logged in as the clerk, logging the documents.list calls. */
async function openRegister(log: Input<'documents.list'>[] = [], hash = '') {
  await renderAsClerk(listLoggingTransport(core, log));
  if (hash) window.location.hash = hash;
  const scroller = await screen.findByTestId('doc-table-scroll');
  // Like a browser, setting scrollTop (the table does when it jumps) moves the view and then fires
  // a scroll event; jsdom by itself keeps scrollTop at 0.
  let top = 0;
  Object.defineProperty(scroller, 'scrollTop', {
    configurable: true,
    get: () => top,
    set: (v: number) => {
      top = v;
      queueMicrotask(() => fireEvent.scroll(scroller));
    },
  });
  await waitFor(() => expect(scroller.querySelector('[data-index="0"]')?.getAttribute('tabindex')).toBe('0'));
  return { scroller, rowAt: (i: number) => scroller.querySelector<HTMLElement>(`[data-index="${i}"]`) };
}

function typeJump(label: string, number: number, year: number) {
  fireEvent.change(screen.getByLabelText(label), { target: { value: String(number) } });
  fireEvent.change(screen.getByLabelText('Năm'), { target: { value: String(year) } });
  // Enter in the box submits its form.
  fireEvent.submit(screen.getByLabelText(label).closest('form')!);
}

async function expectRowsInOrder(rowAt: (i: number) => HTMLElement | null, from: number, to: number, expected: DocumentSummary[]) {
  await waitFor(() => expect(rowAt(to)?.getAttribute('tabindex')).toBe('0'));
  for (let i = from; i <= to; i++) {
    const text = rowAt(i)!.textContent!;
    expect(text, `row ${i}`).toContain(expected[i]!.subject);
    expect(text, `row ${i}`).toContain(expected[i]!.arrivalNumberText ?? String(expected[i]!.arrivalNumber));
  }
}

describe('jump to an arrival number', () => {
  test('a number far down the register opens there, marked and focused, and scrolling either way shows its neighbours in order', async () => {
    // A number about two thirds down whose year and number no other register shares (one row).
    const far = Math.floor(byNumber.length * 0.7);
    let index = far;
    const same = (a: DocumentSummary, b: DocumentSummary) => a.year === b.year && a.arrivalNumber === b.arrivalNumber;
    while (byNumber.filter((d) => same(d, byNumber[index]!)).length !== 1) index++;
    const wanted = byNumber[index]!;
    expect(index).toBeGreaterThan(1_000);

    const log: Input<'documents.list'>[] = [];
    const { scroller, rowAt } = await openRegister(log);
    typeJump('Đến số đến', wanted.arrivalNumber!, wanted.year);

    // The list switched to number order and shows the row, marked, with focus on it.
    await waitFor(() => expect(document.activeElement).toBe(rowAt(index)));
    const row = rowAt(index)!;
    expect(row.getAttribute('aria-current')).toBe('true');
    expect(row.textContent).toContain(wanted.arrivalNumberText ?? String(wanted.arrivalNumber));
    expect(row.textContent).toContain(wanted.subject);
    expect((screen.getByLabelText('Sắp xếp') as HTMLSelectElement).value).toBe('number');
    expect(screen.getByTestId('doc-jump-message').textContent).toBe(`Đã đến số ${wanted.arrivalNumber}/${wanted.year}: ${wanted.subject}.`);
    // The row is inside the scrolled view.
    expect(index * ROW_HEIGHT).toBeGreaterThanOrEqual(scroller.scrollTop);
    expect((index + 1) * ROW_HEIGHT).toBeLessThanOrEqual(scroller.scrollTop + VIEW_HEIGHT);
    const jumpCall = log.find((c) => c.atNumber !== undefined)!;
    expect(jumpCall).toMatchObject({ sort: 'number', atNumber: wanted.arrivalNumber, atYear: wanted.year });

    // Around it, both ways, the register in order: up past the top of its page, down past the end.
    await expectRowsInOrder(rowAt, index - 6, index + 6, byNumber);
    for (const start of [index - 150, index - 60, index + 40, index + 180]) {
      scroller.scrollTop = Math.max(0, start) * ROW_HEIGHT;
      await expectRowsInOrder(rowAt, Math.max(0, start), Math.max(0, start) + 6, byNumber);
    }
    // The pages next to the one found were asked for by cursor from it, not by counting from the top.
    const afterJump = log.slice(log.indexOf(jumpCall) + 1).filter((c) => (c.offset ?? 0) >= index - 200);
    expect(afterJump.length).toBeGreaterThan(0);
    expect(afterJump.every((c) => typeof c.after === 'string' || typeof c.before === 'string')).toBe(true);
  });

  test('a number not given yet is explained, with the last number given', async () => {
    const year = new Date().getFullYear();
    const { registers } = await core.call('registers.list', { direction: 'incoming' }, { sessionToken: token });
    const last = Math.max(...registers.map((r) => r.lastNumber));
    const { rowAt } = await openRegister();
    typeJump('Đến số đến', last + 500, year);
    const expected = last > 0 ? `Số ${last + 500}/${year} chưa được cấp; số cuối cùng đã cấp năm ${year} là ${last}.` : `Số ${last + 500}/${year} chưa được cấp; năm ${year} chưa cấp số nào.`;
    await waitFor(() => expect(screen.getByTestId('doc-jump-message').textContent).toBe(expected));
    // Nothing is marked, and focus stays in the box to correct the number.
    expect(rowAt(0)?.getAttribute('aria-current')).toBeNull();
    expect(document.activeElement).not.toBe(rowAt(0));

    // Not a number: said so, nothing asked of the server.
    fireEvent.change(screen.getByLabelText('Đến số đến'), { target: { value: '12a' } });
    fireEvent.submit(screen.getByLabelText('Đến số đến').closest('form')!);
    await waitFor(() => expect(screen.getByTestId('doc-jump-message').textContent).toBe('Nhập số là một số nguyên dương, ví dụ 125.'));
  });

  test('the year box follows the year of the "from" date filter', async () => {
    await openRegister();
    expect((screen.getByLabelText('Năm') as HTMLInputElement).value).toBe(String(new Date().getFullYear()));
    fireEvent.change(screen.getByLabelText('Từ ngày'), { target: { value: '2024-03-01' } });
    await waitFor(() => expect((screen.getByLabelText('Năm') as HTMLInputElement).value).toBe('2024'));
  });

  test('a cancelled number is said to be cancelled, and its row is still marked', async () => {
    const victim = byNumber[Math.floor(byNumber.length / 3)]!;
    await core.call('documents.cancel', { id: victim.id, reason: 'Vào sổ nhầm' }, { sessionToken: token });
    const { rowAt } = await openRegister();
    typeJump('Đến số đến', victim.arrivalNumber!, victim.year);
    await waitFor(() => expect(screen.getByTestId('doc-jump-message').textContent).toContain(`Số ${victim.arrivalNumber}/${victim.year} đã bị huỷ`));
    expect(screen.getByTestId('doc-jump-message').textContent).toContain(victim.subject);
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-current')).toBe('true'));
    expect(document.activeElement).toBe(rowAt(Number((document.activeElement as HTMLElement).dataset.index)));
    expect(document.activeElement?.textContent).toContain(victim.subject);
  });

  test('the outgoing register jumps by issue number, in English', async () => {
    const outgoing = (await wholeRegister(core, token, 'outgoing', 'number')).filter((d) => d.number !== null);
    const wanted = outgoing[Math.floor(outgoing.length / 2)]!;
    renderAppOn(directTransport(core), { language: 'en' });
    await screen.findByRole('heading', { name: 'Log in' });
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'vanthu' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: USER_PASSWORD } });
    fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
    await screen.findByTestId('doc-table-scroll');
    window.location.hash = '#/outgoing';
    await screen.findByLabelText('Go to document number');
    expect(screen.getByRole('option', { name: 'By number' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Go to document number'), { target: { value: String(wanted.number) } });
    fireEvent.change(screen.getByLabelText('Year'), { target: { value: String(wanted.year) } });
    fireEvent.submit(screen.getByLabelText('Go to document number').closest('form')!);
    await waitFor(() => expect(screen.getByTestId('doc-jump-message').textContent).toContain(`Now at number ${wanted.number}/${wanted.year}`));
    await waitFor(() => expect(document.activeElement?.textContent).toContain(wanted.subject));
  });
});
