// @vitest-environment jsdom
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { addUser, initAgency, openCore, USER_PASSWORD } from '../../support/core';
import { logInThroughUi, renderApp } from './harness';

describe('login page', () => {
  test('a wrong password reads “Sai tên đăng nhập hoặc mật khẩu” and clears the password', async () => {
    const core = openCore();
    await initAgency(core);
    await addUser(core, 'vanthu', ['clerk']);
    renderApp(core);
    await logInThroughUi('vanthu', 'wrong-password', fireEvent);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/^Sai tên đăng nhập hoặc mật khẩu/);
    expect((screen.getByLabelText('Mật khẩu') as HTMLInputElement).value).toBe('');
  });

  test('a disabled account is told to contact the administrator', async () => {
    const core = openCore();
    await initAgency(core);
    const id = await addUser(core, 'nghiviec', ['specialist']);
    await core.asSystem('test')('users.update', { id, disabled: true });
    renderApp(core);
    await logInThroughUi('nghiviec', USER_PASSWORD, fireEvent);
    expect((await screen.findByRole('alert')).textContent).toBe('Tài khoản đã bị vô hiệu hóa. Liên hệ quản trị hệ thống.');
  });

  test('a locked-out account is told until when, in Vietnamese date format', async () => {
    const core = openCore();
    await initAgency(core);
    await addUser(core, 'vanthu', ['clerk']);
    await core.asSystem('test')('settings.updateSecurity', { maxFailedLogins: 2, lockoutSeconds: 600 });
    for (const pw of ['sai-1-matkhau', 'sai-2-matkhau']) await core.call('auth.login', { username: 'vanthu', password: pw }, {}).catch(() => {});
    renderApp(core);
    await logInThroughUi('vanthu', USER_PASSWORD, fireEvent);
    const text = (await screen.findByRole('alert')).textContent ?? '';
    expect(text).toMatch(/^Tài khoản tạm khóa do đăng nhập sai nhiều lần liên tiếp\. Thử lại sau \d{2}:\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}/);
  });

  test('empty fields are marked as required without calling the core', async () => {
    const core = openCore();
    await initAgency(core);
    renderApp(core);
    await screen.findByRole('heading', { name: 'Đăng nhập' });
    fireEvent.click(screen.getByRole('button', { name: 'Đăng nhập' }));
    expect(screen.getAllByText('Trường này là bắt buộc.')).toHaveLength(2);
    const audit = await core.asSystem('test')('audit.list', {});
    expect(audit.entries.some((e) => e.action.startsWith('session.login'))).toBe(false);
  });

  test('the right password opens the app with the user’s name and role in the top bar', async () => {
    const core = openCore();
    await initAgency(core);
    await addUser(core, 'lanhdao', ['leader']);
    renderApp(core);
    await logInThroughUi('lanhdao', USER_PASSWORD, fireEvent);
    const banner = await screen.findByRole('banner');
    expect(banner.textContent).toContain('Ủy ban nhân dân tỉnh Thử Nghiệm');
    expect(banner.textContent).toContain('Lãnh đạo');
  });
});
