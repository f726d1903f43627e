// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import type { Role } from '../../../shared/permissions';
import { ADMIN_PASSWORD, addUser, initAgency, openCore, USER_PASSWORD } from '../../support/core';
import { logInThroughUi, renderApp } from './harness';

async function menuFor(roles: Role[] | 'admin'): Promise<string[]> {
  const core = openCore();
  await initAgency(core);
  if (roles !== 'admin') await addUser(core, 'nguoidung', roles);
  renderApp(core);
  await logInThroughUi(roles === 'admin' ? 'admin' : 'nguoidung', roles === 'admin' ? ADMIN_PASSWORD : USER_PASSWORD, fireEvent);
  const nav = await screen.findByRole('navigation', { name: 'Phân hệ' });
  return within(nav)
    .getAllByRole('link')
    .map((a) => a.querySelector('.sidebar__label')?.textContent ?? '');
}

describe('role-based sidebar', () => {
  test('a clerk sees the document modules but not administration or meetings', async () => {
    expect(await menuFor(['clerk'])).toEqual(['Văn bản đến', 'Văn bản đi', 'Ký số', 'Hồ sơ công việc', 'Báo cáo', 'Liên thông']);
  });

  test('a secretary sees meetings but not case files or reports', async () => {
    expect(await menuFor(['secretary'])).toEqual(['Văn bản đến', 'Văn bản đi', 'Ký số', 'Cuộc họp']);
  });

  test('a person with two roles sees the union of both menus', async () => {
    expect(await menuFor(['specialist', 'secretary'])).toEqual(['Văn bản đến', 'Văn bản đi', 'Ký số', 'Hồ sơ công việc', 'Cuộc họp']);
  });

  test('the administrator sees Quản trị and lands on it; document modules are hidden', async () => {
    const items = await menuFor('admin');
    expect(items).toContain('Quản trị');
    expect(items).not.toContain('Văn bản đến');
    expect(await screen.findByRole('heading', { level: 1, name: 'Quản trị' })).toBeTruthy();
    expect(within(screen.getByRole('navigation', { name: 'Quản trị' })).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'Người dùng',
      'Đơn vị',
      'Sổ văn bản',
      'Cài đặt văn bản',
      'Bảo mật',
      'Nhật ký hệ thống',
    ]);
  });

  test('sidebar links carry their Alt+digit shortcut, the same digit for every role', async () => {
    await menuFor(['leader']);
    const link = screen.getByRole('link', { name: 'Cuộc họp' });
    expect(link.getAttribute('aria-keyshortcuts')).toBe('Alt+5');
    // Pressed until it takes, as F1 below: the listener attaches just after first paint.
    await waitFor(() => {
      fireEvent.keyDown(window, { key: '5', code: 'Digit5', altKey: true });
      expect(screen.getByRole('heading', { level: 1, name: 'Cuộc họp' })).toBeTruthy();
    });
    expect(screen.getByRole('link', { name: 'Cuộc họp' }).getAttribute('aria-current')).toBe('page');
    // Up and Down move along the sidebar.
    const nav = screen.getByRole('navigation', { name: 'Phân hệ' });
    link.focus();
    fireEvent.keyDown(link, { key: 'ArrowDown' });
    expect(document.activeElement?.textContent).toMatch(/^Báo cáo/);
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect(document.activeElement).toBe(within(nav).getAllByRole('link')[0]);
  });

  test('F1 lists the shortcuts of this user’s modules; Escape closes the list', async () => {
    await menuFor(['clerk']);
    // The key listener is attached just after the menu first paints; a person cannot be faster
    // than that, a test on a loaded machine can, so press again until the list opens.
    const dialog = await waitFor(() => {
      fireEvent.keyDown(window, { key: 'F1', code: 'F1' });
      return screen.getByRole('dialog', { name: 'Phím tắt' });
    });
    const rows = within(dialog).getAllByRole('row').map((r) => r.textContent);
    expect(rows).toContain('Alt+1Mở phân hệ Văn bản đến');
    expect(rows.some((r) => r?.startsWith('Alt+7'))).toBe(false); // no administration for a clerk
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog', { name: 'Phím tắt' })).toBeNull();
    // The same list from the status bar, for the mouse.
    fireEvent.click(screen.getByRole('button', { name: 'Phím tắt (F1)' }));
    expect(await screen.findByRole('dialog', { name: 'Phím tắt' })).toBeTruthy();
  });

  test('a user typing the address of a module they may not use is sent home', async () => {
    window.location.hash = '#/admin/users';
    expect(await menuFor(['specialist'])).not.toContain('Quản trị');
    expect(await screen.findByRole('heading', { level: 1, name: 'Văn bản đến' })).toBeTruthy();
    expect(window.location.hash).toBe('#/incoming');
  });
});
