// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { ADMIN_PASSWORD, addUser, initAgency, openCore } from '../../support/core';
import { logInThroughUi, renderApp } from './harness';

async function asAdmin(hash = '#/admin/users') {
  const core = openCore();
  await initAgency(core);
  window.location.hash = hash;
  renderApp(core);
  await logInThroughUi('admin', ADMIN_PASSWORD, fireEvent);
  return core;
}

const fill = (scope: HTMLElement, label: string, value: string) => fireEvent.change(within(scope).getByLabelText(label), { target: { value } });

describe('administration', () => {
  test('creating a user checks the roles locally and shows the core’s “username taken” next to the field', async () => {
    const core = await asAdmin();
    await addUser(core, 'vanthu', ['clerk']);
    fireEvent.click(await screen.findByRole('button', { name: /Thêm người dùng/ }));
    const dialog = screen.getByRole('dialog', { name: 'Thêm người dùng' });
    fill(dialog, 'Tên đăng nhập', 'vanthu');
    fill(dialog, 'Họ và tên', 'Nguyễn Thị Mai');
    fill(dialog, 'Mật khẩu ban đầu', 'matkhau-2026');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Lưu' }));
    expect(within(dialog).getByText('Chọn ít nhất một vai trò.')).toBeTruthy();

    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Văn thư' }));
    // The units arrive from the core after the dialog opens: choose one once it is offered.
    const unit = core.identity.units()[0]!;
    await within(dialog).findByRole('option', { name: unit.name });
    fireEvent.change(within(dialog).getByLabelText('Đơn vị'), { target: { value: String(unit.id) } });
    expect((within(dialog).getByLabelText('Đơn vị') as HTMLSelectElement).value).toBe(String(unit.id));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Lưu' }));
    expect(await within(dialog).findByText('Tên đăng nhập này đã có người dùng.')).toBeTruthy();
    expect(within(dialog).getByRole('alert').textContent).toBe('Tên đăng nhập đã có người dùng. Chọn tên khác.');

    fill(dialog, 'Tên đăng nhập', 'vanthu2');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Lưu' }));
    expect(await screen.findByText('Đã tạo tài khoản vanthu2.')).toBeTruthy();
    const created = core.identity.listUsers(true).find((u) => u.username === 'vanthu2')!;
    expect(created).toMatchObject({ fullName: 'Nguyễn Thị Mai', roles: ['clerk'], unitId: core.identity.units()[0]!.id });
  });

  test('the user list filters as one types, with or without Vietnamese diacritics', async () => {
    const core = await asAdmin();
    await addUser(core, 'vanthu', ['clerk']);
    await core.asSystem('test')('users.update', { id: (await core.asSystem('test')('users.list', {})).users.find((u) => u.username === 'vanthu')!.id, fullName: 'Đỗ Thị Hằng' });
    await screen.findByRole('button', { name: 'Sửa vanthu' });
    fireEvent.change(screen.getByRole('searchbox', { name: 'Tìm theo tên, tên đăng nhập, chức danh' }), { target: { value: 'do thi hang' } });
    expect(screen.queryByRole('button', { name: 'Sửa admin' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Sửa vanthu' })).toBeTruthy();
  });

  test('editing a user changes roles, disables the account and resets the password', async () => {
    const core = await asAdmin();
    await screen.findByRole('button', { name: 'Sửa admin' });
    // Added elsewhere (another window, the CLI): the list follows the core's change event.
    const id = await addUser(core, 'chuyenvien', ['specialist']);
    fireEvent.click(await screen.findByRole('button', { name: 'Sửa chuyenvien' }));
    const dialog = screen.getByRole('dialog', { name: 'Sửa tài khoản chuyenvien' });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Lãnh đạo' }));
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Vô hiệu hóa tài khoản' }));
    fill(dialog, 'Đặt lại mật khẩu', 'moi-2026-mk');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Lưu' }));
    expect(await screen.findByText('Đã cập nhật tài khoản chuyenvien.')).toBeTruthy();
    expect(core.identity.user(id)).toMatchObject({ roles: ['specialist', 'leader'], disabled: true });
    const update = (await core.asSystem('test')('audit.list', { subjectType: 'user', subjectId: String(id) })).entries[0]!;
    expect(update).toMatchObject({ action: 'user.update', after: { passwordReset: true } });
    // Disabled accounts drop out of the list unless asked for.
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Sửa chuyenvien' })).toBeNull());
    fireEvent.click(screen.getByRole('checkbox', { name: 'Hiện cả tài khoản đã vô hiệu hóa' }));
    const row = (await screen.findByRole('button', { name: 'Sửa chuyenvien' })).closest('tr')!;
    expect(row.textContent).toContain('Đã vô hiệu hóa');
  });

  test('the last administrator cannot be demoted, and the dialog says why in Vietnamese', async () => {
    const core = await asAdmin();
    fireEvent.click(await screen.findByRole('button', { name: 'Sửa admin' }));
    const dialog = screen.getByRole('dialog', { name: 'Sửa tài khoản admin' });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Quản trị hệ thống' }));
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Văn thư' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Lưu' }));
    expect((await within(dialog).findByRole('alert')).textContent).toMatch(/^Đây là quản trị viên cuối cùng còn hoạt động\./);
    expect(core.identity.listUsers(false).find((u) => u.username === 'admin')!.roles).toEqual(['admin']);
  });

  test('units: a new unit appears in the list; an empty name is refused with a message', async () => {
    const core = await asAdmin('#/admin/units');
    await screen.findByRole('heading', { name: 'Đơn vị', level: 2 });
    fireEvent.click(screen.getByRole('button', { name: 'Thêm đơn vị' }));
    expect(screen.getByText('Trường này là bắt buộc.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Tên đơn vị'), { target: { value: 'Thanh tra' } });
    fireEvent.change(screen.getByLabelText('Mã đơn vị'), { target: { value: 'TTr' } });
    fireEvent.click(screen.getByRole('button', { name: 'Thêm đơn vị' }));
    expect(await screen.findByText('Đã thêm đơn vị Thanh tra.')).toBeTruthy();
    expect(await screen.findByRole('cell', { name: 'Thanh tra' })).toBeTruthy();
    expect(core.identity.units().map((u) => u.code)).toContain('TTr');
  });

  test('security settings are saved to the core and out-of-range values are refused', async () => {
    const core = await asAdmin('#/admin/security');
    const failures = await screen.findByLabelText('Số lần đăng nhập sai liên tiếp trước khi khóa tài khoản');
    fireEvent.change(failures, { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    expect(screen.getByText('Giá trị quá nhỏ hoặc quá ngắn.')).toBeTruthy();
    fireEvent.change(failures, { target: { value: '4' } });
    fireEvent.change(screen.getByLabelText('Thời gian khóa tài khoản (giây)'), { target: { value: '300' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    expect(await screen.findByText('Đã lưu.')).toBeTruthy();
    expect(core.identity.security()).toMatchObject({ maxFailedLogins: 4, lockoutSeconds: 300 });
  });

  test('the audit log pages through entries and its chain check reports the result', async () => {
    const core = await asAdmin('#/admin/audit');
    for (let i = 0; i < 30; i++) await core.asSystem('test')('units.create', { name: `Đơn vị ${i}`, code: '' });
    await screen.findByRole('heading', { name: 'Nhật ký hệ thống', level: 2 });
    fireEvent.click(screen.getByRole('link', { name: 'Bảo mật' })); // come back for a fresh page
    await screen.findByRole('heading', { name: 'Thiết lập bảo mật' });
    fireEvent.click(screen.getByRole('link', { name: 'Nhật ký hệ thống' }));
    expect(await screen.findByText(/^1–25 trên \d+ bản ghi$/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Trang sau/ }));
    expect(await screen.findByText(/^26–\d+ trên \d+ bản ghi$/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Kiểm tra tính toàn vẹn' }));
    expect((await screen.findByText(/^Chuỗi nhật ký toàn vẹn: \d+ bản ghi/)).textContent).toMatch(/không có bản ghi nào bị sửa hay xóa/);
  });
});
