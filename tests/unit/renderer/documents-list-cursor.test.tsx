// @vitest-environment jsdom
import './jsdomShims';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import type { Input } from '../../../shared/api/contract';
import { login } from '../../support/core';
import { giveRegisterViewAWindowHeight, listLoggingTransport, openLargeStore, renderAsClerk, ROW_HEIGHT, wholeRegister } from './largeStore';

// Scrolling down the register asks for each next page after the last row already shown (a cursor),
// not by counting rows from the top; the rows are the register in order, and a document registered
// meanwhile appears at the top when the list reloads.

giveRegisterViewAWindowHeight();

describe('incoming register paging', () => {
  test('scrolling down asks for each page after the previous one by cursor and shows the register in order; a new document appears at the top', async () => {
    const { core, token } = await openLargeStore({ docs: 1_500, seed: 3 });
    const log: Input<'documents.list'>[] = [];
    // What the register holds before anything new arrives, newest date first.
    const expected = (await wholeRegister(core, token, 'incoming')).map((d) => ({ numberNotation: d.numberNotation!, subject: d.subject }));

    await renderAsClerk(listLoggingTransport(core, log));
    const scroller = await screen.findByTestId('doc-table-scroll');
    const rowAt = (i: number) => scroller.querySelector<HTMLElement>(`[data-index="${i}"]`);
    await waitFor(() => expect(rowAt(0)?.getAttribute('tabindex')).toBe('0'));

    for (let index = 0; index <= 440; index += 8) {
      Object.defineProperty(scroller, 'scrollTop', { configurable: true, writable: true, value: index * ROW_HEIGHT });
      fireEvent.scroll(scroller);
      await waitFor(() => expect(rowAt(index + 5)?.getAttribute('tabindex')).toBe('0'));
      for (let i = index; i <= index + 5; i++) {
        const text = rowAt(i)!.textContent!;
        expect(text, `row ${i}`).toContain(expected[i]!.numberNotation);
        expect(text, `row ${i}`).toContain(expected[i]!.subject);
      }
    }
    // Each page after the first was asked for after the previous page's last row, without a count.
    const later = log.filter((c) => (c.offset ?? 0) > 0);
    expect(later.map((c) => c.offset)).toEqual([100, 200, 300, 400]);
    expect(later.every((c) => typeof c.after === 'string' && c.count === false)).toBe(true);

    // A document registered meanwhile (the newest date) shows at the top once the list reloads.
    const { register } = await core.call('registers.create', { name: 'Sổ đến (mới)', direction: 'incoming' }, { sessionToken: await login(core, 'admin') });
    const today = new Date().toISOString().slice(0, 10);
    await core.call('documents.registerIncoming', { registerId: register.id, numberNotation: '1/TB-STC', issuerName: 'Sở Tài chính', dateIssued: today, subject: 'Văn bản vừa đến' }, { sessionToken: token });
    Object.defineProperty(scroller, 'scrollTop', { configurable: true, writable: true, value: 0 });
    fireEvent.scroll(scroller);
    await waitFor(() => expect(rowAt(0)?.textContent).toContain('Văn bản vừa đến'));
    await waitFor(() => expect(rowAt(1)?.textContent).toContain(expected[0]!.subject));
  });
});
