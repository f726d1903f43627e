// @vitest-environment jsdom
import './jsdomShims';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { I18nextProvider } from 'react-i18next';
import { generateInto } from '../../../bench/data';
import { ApiClient, type Transport } from '../../../shared/api/client';
import type { Input } from '../../../shared/api/contract';
import { App } from '../../../renderer/src/app/App';
import { createI18n } from '../../../renderer/src/i18n';
import { addUser, initAgency, login, openCore, USER_PASSWORD } from '../../support/core';
import { directTransport, logInThroughUi } from './harness';

// Scrolling down the register asks for each next page after the last row already shown (a cursor),
// not by counting rows from the top; the rows are the register in order, and a document registered
// meanwhile appears at the top when the list reloads.

const ROW_HEIGHT = 54;
const VIEW_HEIGHT = 540;
let restoreLayout: () => void = () => {};

beforeEach(() => {
  const desc = Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight')!;
  Object.defineProperty(Element.prototype, 'clientHeight', {
    configurable: true,
    get(this: Element) {
      return this.classList.contains('doc-table__scroll') ? VIEW_HEIGHT : desc.get!.call(this);
    },
  });
  restoreLayout = () => Object.defineProperty(Element.prototype, 'clientHeight', desc);
});
afterEach(() => restoreLayout());

describe('incoming register paging', () => {
  test('scrolling down asks for each page after the previous one by cursor and shows the register in order; a new document appears at the top', async () => {
    const core = openCore();
    await initAgency(core);
    await addUser(core, 'vanthu', ['clerk']);
    generateInto(core, { docs: 1_500, withBody: false, seed: 3 });
    const token = await login(core, 'vanthu');
    const log: Input<'documents.list'>[] = [];
    const inner = directTransport(core);
    const transport: Transport = {
      call(method, input, session) {
        if (method === 'documents.list') log.push(input as Input<'documents.list'>);
        return inner.call(method, input, session);
      },
      subscribe: inner.subscribe,
    };
    // What the register holds before anything new arrives, newest date first.
    const expected: { numberNotation: string; subject: string }[] = [];
    let after: string | undefined;
    do {
      const page = await core.call('documents.list', { direction: 'incoming', limit: 500, after, count: false }, { sessionToken: token });
      expected.push(...page.documents.map((d) => ({ numberNotation: d.numberNotation!, subject: d.subject })));
      after = page.hasMore ? page.endCursor! : undefined;
    } while (after);

    render(
      <I18nextProvider i18n={createI18n('vi')}>
        <App client={new ApiClient(transport)} statusPollMs={60_000} />
      </I18nextProvider>,
    );
    await logInThroughUi('vanthu', USER_PASSWORD, fireEvent);
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
