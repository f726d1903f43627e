// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { addUser, initAgency, login, openCore, USER_PASSWORD } from '../../support/core';
import { vnDay } from '../../support/documents-e2e';
import { logInThroughUi, renderApp } from './harness';

// The leader's direction dialog on a real core: what is missing is said next to the field, the
// core's own refusals (a deadline in the past) come back to their field, and a complete direction
// moves the document on, with the sidebar count following.

describe('leader direction', () => {
  test('missing handler and a past deadline are explained in Vietnamese; a complete direction assigns the specialist', async () => {
    const core = openCore();
    await initAgency(core);
    await addUser(core, 'vanthu', ['clerk']);
    const leaderId = await addUser(core, 'lanhdao', ['leader']);
    await addUser(core, 'chuyenvien', ['specialist']);
    const sys = core.asSystem('test');
    const { register } = await sys('registers.create', { name: 'Sổ văn bản đến', direction: 'incoming' });
    const { document: doc } = await sys('documents.registerIncoming', { registerId: register.id, numberNotation: '09/CV-STC', issuerName: 'Sở Tài chính', dateIssued: vnDay(-2), subject: 'Về việc lập dự toán ngân sách năm 2027' });
    await sys('documents.submit', { id: doc.id, leaderId });

    renderApp(core);
    await logInThroughUi('lanhdao', USER_PASSWORD, fireEvent);
    // One document waits for this leader: the sidebar says so.
    expect((await screen.findByTestId('inbox-badge')).textContent).toContain('1');
    window.location.hash = `#/incoming/doc/${doc.id}`;
    fireEvent.click(await screen.findByRole('button', { name: 'Cho ý kiến chỉ đạo' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Ý kiến chỉ đạo (bút phê)'), { target: { value: 'Giao chuyên viên tham mưu.' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cho ý kiến chỉ đạo' }));
    const main = within(dialog).getByLabelText('Người xử lý chính');
    await waitFor(() => expect(main.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById('act-main-error')?.textContent).toContain('Không được để trống.');

    fireEvent.change(main, { target: { value: within(dialog).getByRole('option', { name: 'chuyenvien' }).getAttribute('value') } });
    fireEvent.change(within(dialog).getByLabelText('Hạn xử lý'), { target: { value: vnDay(-5) } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cho ý kiến chỉ đạo' }));
    expect(await within(dialog).findByText('Hạn xử lý đã qua; chọn ngày từ hôm nay trở đi.')).toBeTruthy();

    fireEvent.change(within(dialog).getByLabelText('Hạn xử lý'), { target: { value: vnDay(7) } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cho ý kiến chỉ đạo' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByText('Đã thực hiện.')).toBeTruthy();
    expect(screen.getAllByText('Đang xử lý').length).toBeGreaterThan(0);
    // The specialist now has it to handle; the leader's count is back to nothing.
    const inbox = await core.call('documents.inbox', {}, { sessionToken: await login(core, 'chuyenvien') });
    expect(inbox.items.map((i) => [i.kind, i.documentId])).toEqual([['toHandle', doc.id]]);
    await waitFor(() => expect(screen.queryByTestId('inbox-badge')).toBeNull(), { timeout: 8_000 });
  });
});

describe('recall and cancel', () => {
  test('the leader recalls an assignment with a reason (shown in the history); the clerk cancels a registered document, the reason being required', async () => {
    const core = openCore();
    await initAgency(core);
    await addUser(core, 'vanthu', ['clerk']);
    const leaderId = await addUser(core, 'lanhdao', ['leader']);
    const specialistId = await addUser(core, 'chuyenvien', ['specialist']);
    const sys = core.asSystem('test');
    const { register } = await sys('registers.create', { name: 'Sổ văn bản đến', direction: 'incoming' });
    const base = { registerId: register.id, issuerName: 'Sở Tài chính', dateIssued: vnDay(-2) };
    const { document: directed } = await sys('documents.registerIncoming', { ...base, numberNotation: '10/CV-STC', subject: 'Về việc quyết toán' });
    const { document: spare } = await sys('documents.registerIncoming', { ...base, numberNotation: '11/CV-STC', subject: 'Bản gửi nhầm' });
    await sys('documents.submit', { id: directed.id, leaderId });
    await core.call('documents.direct', { id: directed.id, direction: 'Giao chuyên viên.', mainHandlerId: specialistId }, { sessionToken: await login(core, 'lanhdao') });

    const view = renderApp(core);
    await logInThroughUi('lanhdao', USER_PASSWORD, fireEvent);
    await screen.findByRole('heading', { level: 1, name: 'Văn bản đến' });
    window.location.hash = `#/incoming/doc/${directed.id}`;
    fireEvent.click(await screen.findByRole('button', { name: 'Thu hồi phân công' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Lý do'), { target: { value: 'Giao lại cho phòng khác.' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Thu hồi phân công' }));
    expect(await screen.findByText('Đã thu hồi')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('timeline').textContent).toContain('Thu hồi phân công'));
    fireEvent.click(screen.getByRole('button', { name: 'Đăng xuất' }));
    view.unmount();

    renderApp(core);
    await logInThroughUi('vanthu', USER_PASSWORD, fireEvent);
    await screen.findByRole('heading', { level: 1, name: 'Văn bản đến' });
    window.location.hash = `#/incoming/doc/${spare.id}`;
    fireEvent.click(await screen.findByRole('button', { name: 'Hủy văn bản' }));
    const cancel = await screen.findByRole('dialog');
    fireEvent.click(within(cancel).getByRole('button', { name: 'Hủy văn bản' }));
    // The reason is required, and said so beside the field.
    expect(await within(cancel).findByText('Không được để trống.')).toBeTruthy();
    fireEvent.change(within(cancel).getByLabelText('Lý do'), { target: { value: 'Đăng ký nhầm văn bản.' } });
    fireEvent.click(within(cancel).getByRole('button', { name: 'Hủy văn bản' }));
    expect((await screen.findAllByText('Đã hủy')).length).toBeGreaterThan(0);
    const { document: after } = await sys('documents.get', { id: spare.id });
    expect(after.status).toBe('cancelled');
  });
});
