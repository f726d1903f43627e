// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { ADMIN_PASSWORD, initAgency, openCore, TestClock } from '../../support/core';
import { logInThroughUi, renderApp } from './harness';

async function unlockWith(password: string): Promise<void> {
  const dialog = screen.getByRole('dialog', { name: 'Màn hình đã khóa' });
  fireEvent.change(within(dialog).getByLabelText('Mật khẩu'), { target: { value: password } });
  fireEvent.click(within(dialog).getByRole('button', { name: 'Mở khóa' }));
}

describe('lock screen', () => {
  test('the lock button covers the page; a wrong password is refused; the right one returns to the same page', async () => {
    const core = openCore();
    await initAgency(core);
    window.location.hash = '#/admin/units';
    const { client } = renderApp(core);
    await logInThroughUi('admin', ADMIN_PASSWORD, fireEvent);
    await screen.findByRole('heading', { name: 'Đơn vị', level: 2 });
    fireEvent.change(screen.getByLabelText('Tên đơn vị'), { target: { value: 'Phòng Pháp chế' } }); // unsaved input

    fireEvent.click(screen.getByRole('button', { name: 'Khóa màn hình' }));
    await screen.findByRole('dialog', { name: 'Màn hình đã khóa' });
    // Everything underneath is out of reach for keyboard and screen readers.
    expect(document.querySelector('.shell')?.hasAttribute('inert')).toBe(true);
    expect(screen.queryByRole('navigation', { name: 'Phân hệ' })).toBeNull();
    // The core locked the session too: a direct call with it is refused.
    await waitFor(() => expect(client.call('auth.me', {})).rejects.toMatchObject({ code: 'SESSION_LOCKED' }));

    await unlockWith('wrong-password');
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Mật khẩu không đúng/);
    await unlockWith(ADMIN_PASSWORD);
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Màn hình đã khóa' })).toBeNull());
    expect((screen.getByLabelText('Tên đơn vị') as HTMLInputElement).value).toBe('Phòng Pháp chế');
  });

  test('a call refused with SESSION_LOCKED (idle in the core) shows the lock screen and completes after unlocking', async () => {
    const clock = new TestClock(Date.now());
    const core = openCore({ clock });
    await initAgency(core);
    renderApp(core);
    await logInThroughUi('admin', ADMIN_PASSWORD, fireEvent);
    await screen.findByRole('heading', { name: 'Người dùng', level: 2 });

    clock.advance(3600); // an hour later by the core's clock: past the 900 s idle limit
    fireEvent.click(screen.getByRole('link', { name: 'Nhật ký hệ thống' }));
    await screen.findByRole('dialog', { name: 'Màn hình đã khóa' });
    expect(document.querySelector('#main-content table')).toBeTruthy(); // the page is built, its data waits
    await unlockWith(ADMIN_PASSWORD);
    // The audit list that was refused is fetched again and shows the unlock itself.
    expect(await screen.findByText('session.unlock')).toBeTruthy();
  });

  test('with a short idleLockSeconds the UI locks by itself when nobody touches mouse or keyboard', async () => {
    const core = openCore();
    await initAgency(core);
    await core.asSystem('test')('settings.updateSecurity', { idleLockSeconds: 1 });
    const { client } = renderApp(core);
    await logInThroughUi('admin', ADMIN_PASSWORD, fireEvent);
    await screen.findByRole('heading', { name: 'Quản trị', level: 1 });
    await screen.findByRole('dialog', { name: 'Màn hình đã khóa' }, { timeout: 5_000 });
    // The core agrees (it locked the idle session itself or on the UI's auth.lock).
    await expect(client.call('auth.me', {})).rejects.toMatchObject({ code: 'SESSION_LOCKED' });
  });

  test('someone working (mouse, keys) is not locked out: the UI keeps the core’s session alive', async () => {
    const core = openCore();
    await initAgency(core);
    await core.asSystem('test')('settings.updateSecurity', { idleLockSeconds: 2 });
    const { client } = renderApp(core);
    await logInThroughUi('admin', ADMIN_PASSWORD, fireEvent);
    await screen.findByRole('heading', { name: 'Quản trị', level: 1 });
    // Five seconds of reading and typing without any page asking the core for anything.
    for (let i = 0; i < 20; i++) {
      fireEvent.mouseMove(window);
      if (i % 4 === 0) fireEvent.keyDown(window, { key: 'ArrowDown' });
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(screen.queryByRole('dialog', { name: 'Màn hình đã khóa' })).toBeNull();
    await expect(client.call('auth.me', {})).resolves.toMatchObject({ user: { username: 'admin' } });
  });

  test('the last seconds before the idle lock are announced, and moving the mouse cancels the lock', async () => {
    const core = openCore();
    await initAgency(core);
    await core.asSystem('test')('settings.updateSecurity', { idleLockSeconds: 6 }); // warned during the last 2 s
    renderApp(core);
    await logInThroughUi('admin', ADMIN_PASSWORD, fireEvent);
    const warning = await screen.findByText(/^Màn hình sẽ tự khóa sau \d giây vì không có thao tác\./, {}, { timeout: 8_000 });
    expect(warning.getAttribute('role')).toBe('status');
    fireEvent.mouseMove(window);
    await waitFor(() => expect(screen.queryByText(/^Màn hình sẽ tự khóa sau/)).toBeNull());
    expect(screen.queryByRole('dialog', { name: 'Màn hình đã khóa' })).toBeNull();
  });

  test('too many wrong passwords on the lock screen end the session and say the account is locked', async () => {
    const core = openCore();
    await initAgency(core);
    await core.asSystem('test')('settings.updateSecurity', { maxFailedLogins: 2 });
    renderApp(core);
    await logInThroughUi('admin', ADMIN_PASSWORD, fireEvent);
    fireEvent.click(await screen.findByRole('button', { name: 'Khóa màn hình' }));
    await screen.findByRole('dialog', { name: 'Màn hình đã khóa' });
    await unlockWith('wrong-one-here');
    await within(screen.getByRole('dialog', { name: 'Màn hình đã khóa' })).findByRole('alert');
    await unlockWith('wrong-two-here');
    await screen.findByRole('heading', { name: 'Đăng nhập' });
    expect(screen.getByRole('alert').textContent).toMatch(/^Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần; phiên làm việc đã kết thúc\./);
    expect(sessionStorage.getItem('vanthu.session')).toBeNull();
  });

  test('logging out from the lock screen returns to the login page', async () => {
    const core = openCore();
    await initAgency(core);
    renderApp(core);
    await logInThroughUi('admin', ADMIN_PASSWORD, fireEvent);
    fireEvent.click(await screen.findByRole('button', { name: 'Khóa màn hình' }));
    expect(sessionStorage.getItem('vanthu.session')).toBeTruthy();
    const dialog = await screen.findByRole('dialog', { name: 'Màn hình đã khóa' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Đăng xuất' }));
    await screen.findByRole('heading', { name: 'Đăng nhập' });
    expect(screen.getByText('Bạn đã đăng xuất.')).toBeTruthy();
    expect(sessionStorage.getItem('vanthu.session')).toBeNull(); // nothing left to resume
    expect(window.location.hash).toBe('#/');
    expect((screen.getByLabelText('Tên đăng nhập') as HTMLInputElement).value).toBe('admin');
  });
});
