// @vitest-environment jsdom
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { addUser, initAgency, openCore, USER_PASSWORD } from '../../support/core';
import { logInThroughUi, renderApp } from './harness';

describe('own account', () => {
  test('changing one’s password checks the current one and the repetition, then the new one works', async () => {
    const core = openCore();
    await initAgency(core);
    await addUser(core, 'vanthu', ['clerk']);
    renderApp(core);
    await logInThroughUi('vanthu', USER_PASSWORD, fireEvent);
    fireEvent.click(await screen.findByRole('button', { name: 'Đổi mật khẩu' }));
    const dialog = screen.getByRole('dialog', { name: 'Đổi mật khẩu' });
    const fill = (label: string, value: string) => fireEvent.change(within(dialog).getByLabelText(label), { target: { value } });
    const save = () => fireEvent.click(within(dialog).getByRole('button', { name: 'Lưu' }));

    fill('Mật khẩu hiện tại', 'not-my-password');
    fill('Mật khẩu mới', 'mat-khau-moi-1');
    fill('Nhập lại mật khẩu mới', 'mat-khau-moi-2');
    save();
    expect(within(dialog).getByText('Hai lần nhập mật khẩu không khớp.')).toBeTruthy();
    fill('Nhập lại mật khẩu mới', 'mat-khau-moi-1');
    save();
    expect(await within(dialog).findByText('Mật khẩu hiện tại không đúng.')).toBeTruthy();
    fill('Mật khẩu hiện tại', USER_PASSWORD);
    save();
    expect(await within(dialog).findByText(/^Đã đổi mật khẩu/)).toBeTruthy();
    await expect(core.call('auth.login', { username: 'vanthu', password: 'mat-khau-moi-1' }, {})).resolves.toMatchObject({ user: { username: 'vanthu' } });
  });

  test('the window title names the module and the agency', async () => {
    const core = openCore();
    await initAgency(core);
    await addUser(core, 'vanthu', ['clerk']);
    renderApp(core);
    await logInThroughUi('vanthu', USER_PASSWORD, fireEvent);
    await screen.findByRole('heading', { level: 1, name: 'Văn bản đến' });
    expect(document.title).toBe('Văn bản đến — UBND — VanThu');
  });
});
