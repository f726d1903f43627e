// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { addUser, initAgency, login, openCore, USER_PASSWORD } from '../../support/core';
import { logInThroughUi, renderApp } from './harness';

// A numbered outgoing document the leader decides not to release is cancelled by the clerk with a
// reason; its number stays in the register marked cancelled and the next document gets the next one.

describe('cancelling an outgoing document', () => {
  test('the clerk cancels a numbered document with a required reason; the number is not given again', async () => {
    const core = openCore();
    await initAgency(core);
    await addUser(core, 'vanthu', ['clerk']);
    const leaderId = await addUser(core, 'lanhdao', ['leader']);
    await addUser(core, 'chuyenvien', ['specialist']);
    const [specialist, leader, clerk] = await Promise.all(['chuyenvien', 'lanhdao', 'vanthu'].map((u) => login(core, u)));
    const { register } = await core.asSystem('test')('registers.create', { name: 'Sổ văn bản đi', direction: 'outgoing' });
    const numbered = async (subject: string) => {
      const { document } = await core.call('outgoing.createDraft', { typeCode: 'TB', subject }, { sessionToken: specialist });
      await core.call('outgoing.submitForApproval', { id: document.id, steps: [{ kind: 'approve', userId: leaderId }] }, { sessionToken: specialist });
      await core.call('outgoing.approve', { id: document.id }, { sessionToken: leader });
      return (await core.call('outgoing.register', { id: document.id, registerId: register.id }, { sessionToken: clerk })).document;
    };
    const first = await numbered('Thông báo lịch nghỉ Tết');

    renderApp(core);
    await logInThroughUi('vanthu', USER_PASSWORD, fireEvent);
    await screen.findByRole('heading', { level: 1, name: 'Văn bản đến' });
    window.location.hash = `#/outgoing/doc/${first.id}`;
    fireEvent.click(await screen.findByRole('button', { name: 'Hủy văn bản' }));
    const dialog = await screen.findByRole('dialog', { name: 'Hủy văn bản' });
    expect(within(dialog).getByText('Số 01/TB-UBND vẫn ghi trong sổ, đánh dấu đã hủy, và không cấp lại cho văn bản khác.')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Hủy văn bản' }));
    expect(await within(dialog).findByText('Không được để trống.')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('Lý do'), { target: { value: 'Lãnh đạo không ban hành.' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Hủy văn bản' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect((await screen.findAllByText('Đã hủy')).length).toBeGreaterThan(0);
    await waitFor(() => expect(screen.getByTestId('timeline').textContent).toContain('Hủy văn bản'));
    // Nothing more to do on it.
    expect(screen.queryByRole('button', { name: 'Hủy văn bản' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Phát hành' })).toBeNull();

    const second = await numbered('Thông báo lịch trực Tết');
    expect(second.numberNotation).toBe('02/TB-UBND');
  });
});
