// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import type { Core } from '../../../core/app';
import { addUser, initAgency, login, openCore, USER_PASSWORD } from '../../support/core';
import { vnDay } from '../../support/documents-e2e';
import { logInThroughUi, renderApp } from './harness';

// The leader gives an assignment to someone else (giao lại); a document goes back with a reason
// (trả lại) from the leader to the clerk and from the main handler to the leader. Real UI, real core.

async function agency(core: Core) {
  await initAgency(core);
  await addUser(core, 'vanthu', ['clerk']);
  const leaderId = await addUser(core, 'lanhdao', ['leader']);
  const minhId = await addUser(core, 'minh', ['specialist']);
  const hoaId = await addUser(core, 'hoa', ['specialist']);
  const sys = core.asSystem('test');
  const { register } = await sys('registers.create', { name: 'Sổ văn bản đến', direction: 'incoming' });
  const incoming = (numberNotation: string, subject: string) => sys('documents.registerIncoming', { registerId: register.id, numberNotation, issuerName: 'Sở Nội vụ', dateIssued: vnDay(-2), subject }).then((r) => r.document);
  return { sys, leaderId, minhId, hoaId, incoming };
}

async function openAs(core: Core, username: string, docId: number): Promise<void> {
  renderApp(core);
  await logInThroughUi(username, USER_PASSWORD, fireEvent);
  await screen.findByRole('heading', { level: 1, name: 'Văn bản đến' });
  window.location.hash = `#/incoming/doc/${docId}`;
}

const inboxOf = async (core: Core, username: string) => (await core.call('documents.inbox', {}, { sessionToken: await login(core, username) })).items.map((i) => [i.kind, i.documentId]);

describe('reassigning', () => {
  test('the leader gives the main handling to another specialist with a reason: the first is recalled, the second has it to do, the history says why', async () => {
    const core = openCore();
    const { sys, leaderId, minhId, incoming } = await agency(core);
    const doc = await incoming('31/CV-SNV', 'Về việc rà soát biên chế năm 2027');
    await sys('documents.submit', { id: doc.id, leaderId });
    await core.call('documents.direct', { id: doc.id, direction: 'Giao đồng chí Minh.', mainHandlerId: minhId, deadline: vnDay(5) }, { sessionToken: await login(core, 'lanhdao') });

    await openAs(core, 'lanhdao', doc.id);
    fireEvent.click(await screen.findByRole('button', { name: 'Giao lại' }));
    const dialog = await screen.findByRole('dialog', { name: 'Giao lại' });
    // The assignment being handed on keeps its deadline unless the leader changes it.
    expect((within(dialog).getByLabelText('Hạn xử lý') as HTMLInputElement).value).toBe(vnDay(5));
    // The person holding it is not offered again.
    const to = within(dialog).getByLabelText('Giao cho');
    expect(within(to).queryByRole('option', { name: 'minh' })).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Giao lại' }));
    await waitFor(() => expect(to.getAttribute('aria-invalid')).toBe('true'));
    fireEvent.change(to, { target: { value: within(to).getByRole('option', { name: 'hoa' }).getAttribute('value') } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Giao lại' }));
    expect(await within(dialog).findByText('Không được để trống.')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('Lý do'), { target: { value: 'Đồng chí Minh đi công tác.' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Giao lại' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    const assignment = (name: string) => [...document.querySelectorAll('.doc-assignments__item')].find((li) => li.querySelector('strong')?.textContent === name)?.textContent ?? '';
    await waitFor(() => expect(assignment('hoa')).toContain('Đang xử lý'));
    expect(assignment('minh')).toContain('Đã thu hồi');
    await waitFor(() => expect(screen.getByTestId('timeline').textContent).toContain('Giao lại người xử lý'));
    expect(screen.getByTestId('timeline').textContent).toContain('Đồng chí Minh đi công tác.');
    expect(screen.getByTestId('timeline').textContent).toContain('minh → hoa');
    expect(await inboxOf(core, 'hoa')).toEqual([['toHandle', doc.id]]);
    expect(await inboxOf(core, 'minh')).toEqual([]);
    const { document: after } = await sys('documents.get', { id: doc.id });
    expect([after.status, after.deadline]).toEqual(['in_progress', vnDay(5)]);
  });
});

describe('returning with a reason', () => {
  test('the leader returns a submitted document to the clerk; the reason is required and shown, and the clerk has it back to resubmit', async () => {
    const core = openCore();
    const { sys, leaderId, incoming } = await agency(core);
    const doc = await incoming('32/CV-SNV', 'Về việc cử cán bộ dự tập huấn');
    await sys('documents.submit', { id: doc.id, leaderId });

    await openAs(core, 'lanhdao', doc.id);
    fireEvent.click(await screen.findByRole('button', { name: 'Trả lại' }));
    const dialog = await screen.findByRole('dialog', { name: 'Trả lại' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Trả lại' }));
    expect(await within(dialog).findByText('Không được để trống.')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('Lý do'), { target: { value: 'Trình nhầm lãnh đạo; trình đồng chí Phó Giám đốc.' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Trả lại' }));
    expect((await screen.findAllByText('Bị trả lại')).length).toBeGreaterThan(0);
    expect(screen.getByText('Trình nhầm lãnh đạo; trình đồng chí Phó Giám đốc.')).toBeTruthy();
    expect(screen.getByText(/^lanhdao đã trả lại văn bản lúc .*, lý do: Trình nhầm lãnh đạo; trình đồng chí Phó Giám đốc\.$/)).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('timeline').textContent).toContain('Trả lại văn thư'));
    expect(await inboxOf(core, 'vanthu')).toEqual([['returned', doc.id]]);
    expect(await inboxOf(core, 'lanhdao')).toEqual([]);
  });

  test('the main handler returns a document to the leader with a reason; it waits for the leader’s direction again', async () => {
    const core = openCore();
    const { sys, leaderId, minhId, incoming } = await agency(core);
    const doc = await incoming('33/CV-SNV', 'Về việc góp ý dự thảo quy chế');
    await sys('documents.submit', { id: doc.id, leaderId });
    await core.call('documents.direct', { id: doc.id, direction: 'Giao đồng chí Minh.', mainHandlerId: minhId }, { sessionToken: await login(core, 'lanhdao') });

    await openAs(core, 'minh', doc.id);
    fireEvent.click(await screen.findByRole('button', { name: 'Trả lại' }));
    const dialog = await screen.findByRole('dialog', { name: 'Trả lại' });
    fireEvent.change(within(dialog).getByLabelText('Lý do'), { target: { value: 'Không thuộc lĩnh vực phòng được giao.' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Trả lại' }));
    expect((await screen.findAllByText('Chờ chỉ đạo')).length).toBeGreaterThan(0);
    await waitFor(() => expect(screen.getByTestId('timeline').textContent).toContain('Trả lại lãnh đạo'));
    expect(screen.getByTestId('timeline').textContent).toContain('Không thuộc lĩnh vực phòng được giao.');
    // Whoever opens it now reads first why it came back.
    expect(screen.getByText(/^minh đã trả lại văn bản lúc .*, lý do: Không thuộc lĩnh vực phòng được giao\.$/)).toBeTruthy();
    // Returned work is no longer on the handler's list; the leader has it to direct again.
    expect(screen.queryByRole('button', { name: 'Hoàn thành' })).toBeNull();
    expect(await inboxOf(core, 'minh')).toEqual([]);
    expect(await inboxOf(core, 'lanhdao')).toEqual([['toDirect', doc.id]]);
  });
});
