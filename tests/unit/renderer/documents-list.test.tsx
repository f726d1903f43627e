// @vitest-environment jsdom
import './jsdomShims';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { giveRegisterViewAWindowHeight, listLoggingTransport, openLargeStore, renderAsClerk, ROW_HEIGHT } from './largeStore';

// The incoming register as a virtual list over a large store: only the rows in view exist in the
// page, and only the pages of data behind them are fetched — never the whole register.

giveRegisterViewAWindowHeight();

describe('incoming register list', () => {
  test('a 30,000-document store: the first screen fetches one page; scrolling deep fetches only the pages in view, shows the right rows and the count grows', async () => {
    const { core, token } = await openLargeStore({ docs: 30_000, seed: 7 });
    const first = await core.call('documents.list', { direction: 'incoming', limit: 100 }, { sessionToken: token });
    expect(first.totalCapped).toBe(true);

    const log: { offset: number; limit: number }[] = [];
    await renderAsClerk(listLoggingTransport(core, log));
    // The core stops counting past a window: the page says "more than".
    await screen.findByText(`Hơn ${first.total.toLocaleString('vi-VN')} văn bản`, { exact: false });
    const scroller = screen.getByTestId('doc-table-scroll');
    const rows = () => [...scroller.querySelectorAll<HTMLElement>('[role="row"]')];
    await waitFor(() => expect(rows()[0]?.getAttribute('tabindex')).toBe('0'));
    // A screenful plus a margin, not the register.
    expect(rows().length).toBeLessThan(40);
    expect(log.map((c) => c.offset)).toEqual([0]);

    // Drag the scrollbar to the end of what is known, then further as the count grows.
    const jumpTo = async (index: number) => {
      Object.defineProperty(scroller, 'scrollTop', { configurable: true, writable: true, value: index * ROW_HEIGHT });
      fireEvent.scroll(scroller);
      const { documents } = await core.call('documents.list', { direction: 'incoming', offset: index, limit: 1 }, { sessionToken: token });
      await waitFor(() => expect(scroller.querySelector<HTMLElement>(`[data-index="${index}"]`)?.textContent).toContain(documents[0]!.numberNotation!));
    };
    await jumpTo(first.total - 20);
    await waitFor(() => expect(screen.getByText(/văn bản/, { selector: '.doc-list__count' }).textContent).not.toContain(first.total.toLocaleString('vi-VN')));
    const target = first.total + 5_000;
    await jumpTo(target);
    // Only the pages around each position were asked for, 100 rows at a time.
    expect(log.every((c) => c.limit <= 100)).toBe(true);
    expect(log.every((c) => c.offset === 0 || Math.abs(c.offset - (first.total - 20)) < 200 || Math.abs(c.offset - target) < 200)).toBe(true);
    expect(log.reduce((n, c) => n + c.limit, 0)).toBeLessThanOrEqual(600);
  });
});
