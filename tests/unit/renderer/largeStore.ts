import { fireEvent } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';
import { generateInto } from '../../../bench/data';
import type { Core } from '../../../core/app';
import type { Transport } from '../../../shared/api/client';
import type { Input } from '../../../shared/api/contract';
import type { DocumentSummary } from '../../../shared/api/documents';
import { addUser, initAgency, login, openCore, USER_PASSWORD } from '../../support/core';
import { directTransport, logInThroughUi, renderAppOn } from './harness';

// Register tests over a large generated store: the store with its clerk, the register's scrolling
// area given a window's height, a transport that logs the pages asked for, and the register read
// whole through the API to compare the rows against.

/** The height of one register row and of the register's scrolling area, in pixels. */
export const ROW_HEIGHT = 54;
export const VIEW_HEIGHT = 540;

/** jsdom does no layout: for each test of the calling file, give the register's scrolling area the height a window would. */
export function giveRegisterViewAWindowHeight(): void {
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
}

/** A set-up agency with the clerk "vanthu" and `docs` generated documents (no bodies); `token` is the clerk's session. */
export async function openLargeStore(opts: { docs: number; seed: number }): Promise<{ core: Core; token: string }> {
  const core = openCore();
  await initAgency(core);
  await addUser(core, 'vanthu', ['clerk']);
  generateInto(core, { docs: opts.docs, withBody: false, seed: opts.seed });
  return { core, token: await login(core, 'vanthu') };
}

/** The real in-process transport, with a log of the documents.list pages asked for. */
export function listLoggingTransport<Call = Input<'documents.list'>>(core: Core, log: Call[]): Transport {
  const inner = directTransport(core);
  return {
    call(method, input, session) {
      if (method === 'documents.list') log.push(input as Call);
      return inner.call(method, input, session);
    },
    subscribe: inner.subscribe,
  };
}

/** Renders the app (in Vietnamese) on `transport` and logs in as the clerk through the login form. */
export async function renderAsClerk(transport: Transport): Promise<void> {
  renderAppOn(transport, { language: 'vi' });
  await logInThroughUi('vanthu', USER_PASSWORD, fireEvent);
}

/** The whole register, in the order the server pages it (by cursor, 500 at a time, uncounted). */
export async function wholeRegister(core: Core, token: string, direction: 'incoming' | 'outgoing', sort?: 'date' | 'number'): Promise<DocumentSummary[]> {
  const rows: DocumentSummary[] = [];
  let after: string | undefined;
  do {
    const page = await core.call('documents.list', { direction, sort, limit: 500, after, count: false }, { sessionToken: token });
    rows.push(...page.documents);
    after = page.hasMore ? page.endCursor! : undefined;
  } while (after);
  return rows;
}
