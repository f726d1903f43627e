// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import type { Core } from '../../../core/app';
import { ADMIN_PASSWORD, USER_PASSWORD, addUser, failsWith, initAgency, login, openCore } from '../../support/core';
import { vnDay } from '../../support/documents-e2e';
import { logInThroughUi, renderApp } from './harness';

// The "Sổ văn bản" and "Cài đặt văn bản" panels of Quản trị against a real core: what the
// administrator sets here is what the clerk's registration form and the core then apply.

async function setUp() {
  const core = openCore();
  await initAgency(core);
  const clerkId = await addUser(core, 'vanthu', ['clerk']);
  const sys = core.asSystem('test');
  const { register } = await sys('registers.create', { name: 'Sổ văn bản đến', direction: 'incoming' });
  await sys('documents.registerIncoming', {
    registerId: register.id, numberNotation: '15/KH-UBND', issuerName: 'Ủy ban nhân dân tỉnh Bình Định', dateIssued: vnDay(-3), subject: 'Kế hoạch chuyển đổi số',
  });
  return { core, clerkId, sys };
}

/** Opens the app at `hash` logged in as `username` (a fresh window: the previous one is closed). */
async function openAs(core: Core, username: string, hash: string) {
  cleanup();
  localStorage.clear();
  sessionStorage.clear();
  window.location.hash = hash;
  renderApp(core);
  await logInThroughUi(username, username === 'admin' ? ADMIN_PASSWORD : USER_PASSWORD, fireEvent);
}

const addForm = () => screen.getByRole('form', { name: 'Thêm sổ văn bản' });
const type = (scope: HTMLElement, label: string, value: string) => fireEvent.change(within(scope).getByLabelText(label, { exact: true }), { target: { value } });
/** The message tied to an input by aria-describedby (what a screen reader reads with it). */
function fieldError(input: HTMLElement): string {
  expect(input.getAttribute('aria-invalid')).toBe('true');
  return document.getElementById(input.getAttribute('aria-describedby')!.split(' ')[0]!)!.textContent!.replace(/^!/, '');
}
const registerNames = async (core: Core) => (await core.asSystem('test')('registers.list', {})).registers.map((r) => r.name);

describe('document registers panel', () => {
  test('the administrator adds a confidential incoming register; it is listed and the clerk can register into it with its own sequence', async () => {
    const { core, clerkId } = await setUp();
    // A small agency's văn thư often administers too: this account may list and manage registers.
    await addUser(core, 'quantri', ['admin', 'clerk']);
    await openAs(core, 'quantri', '#/admin/registers');
    await screen.findByRole('heading', { level: 2, name: 'Sổ văn bản' });
    const existing = (await screen.findByRole('cell', { name: 'Sổ văn bản đến' })).closest('tr')!;
    expect(existing.textContent).toContain('Sổ văn bản đến');
    expect(within(existing).getByText('01')).toBeTruthy(); // last number this year, padded as printed
    expect(existing.textContent).toContain('Đang dùng');

    const form = addForm();
    type(form, 'Tên sổ', 'Sổ văn bản đến mật');
    expect((within(form).getByLabelText('Loại sổ') as HTMLSelectElement).value).toBe('incoming');
    type(form, 'Số chữ số tối thiểu của số văn bản', '3');
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Sổ văn bản mật' }));
    fireEvent.click(within(form).getByRole('checkbox', { name: 'vanthu (vanthu)' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm sổ' }));
    expect(await screen.findByText('Đã thêm sổ Sổ văn bản đến mật.')).toBeTruthy();
    const row = (await screen.findByRole('cell', { name: 'Sổ văn bản đến mật' })).closest('tr')!;
    expect(within(row).getByText('Mật')).toBeTruthy();
    expect(within(row).getByText('Chưa cấp số')).toBeTruthy();
    const created = (await core.asSystem('test')('registers.list', {})).registers.find((r) => r.name === 'Sổ văn bản đến mật')!;
    expect(created).toMatchObject({ direction: 'incoming', confidential: true, numberPadding: 3, keeperIds: [clerkId], active: true, lastNumber: 0 });
    // The form is empty again for the next register.
    expect((within(addForm()).getByLabelText('Tên sổ', { exact: true }) as HTMLInputElement).value).toBe('');

    await openAs(core, 'vanthu', '#/incoming/new');
    await screen.findByRole('heading', { level: 2, name: 'Đăng ký văn bản đến' });
    const choice = screen.getByLabelText('Sổ văn bản đến', { exact: true }) as HTMLSelectElement;
    const option = within(choice).getByRole('option', { name: 'Sổ văn bản đến mật' }) as HTMLOptionElement;
    fireEvent.change(choice, { target: { value: option.value } });
    const page = document.body;
    type(page, 'Số, ký hiệu', '07/QĐ-SNV');
    await screen.findByText('Nhận dạng: Quyết định số 07 của SNV.');
    type(page, 'Cơ quan ban hành', 'Sở Nội vụ tỉnh Bình Định');
    type(page, 'Ngày ban hành', vnDay(-1));
    type(page, 'Trích yếu nội dung', 'Quyết định về công tác bảo vệ bí mật nhà nước');
    fireEvent.click(screen.getByRole('button', { name: 'Vào sổ' }));
    // Its own sequence, padded to three digits — the ordinary register's 01 does not count.
    expect(await screen.findByText(/Đã vào sổ: số đến 001\./)).toBeTruthy();
  });

  test('a missing, duplicate or badly padded register is refused at the field in Vietnamese and nothing is added', async () => {
    const { core } = await setUp();
    await addUser(core, 'quantri', ['admin', 'clerk']);
    await openAs(core, 'quantri', '#/admin/registers');
    await screen.findByRole('cell', { name: 'Sổ văn bản đến' });
    const form = addForm();
    const name = within(form).getByLabelText('Tên sổ', { exact: true });
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm sổ' }));
    expect(fieldError(name)).toBe('Nhập tên sổ.');
    expect(within(form).getByText('Chưa lưu được: sửa các trường được đánh dấu.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(name)); // keyboard users land on the field to fix

    // Same name up to case, spacing and diacritics, same kind.
    type(form, 'Tên sổ', '  so van ban  ĐẾN ');
    type(form, 'Số chữ số tối thiểu của số văn bản', '9');
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm sổ' }));
    expect(fieldError(name)).toBe('Đã có sổ cùng loại mang tên này; chọn tên khác.');
    expect(fieldError(within(form).getByLabelText('Số chữ số tối thiểu của số văn bản'))).toBe('Số chữ số phải từ 1 đến 6.');

    type(form, 'Tên sổ', 'x'.repeat(201));
    type(form, 'Số chữ số tối thiểu của số văn bản', '2');
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm sổ' }));
    expect(fieldError(name)).toBe('Tên sổ dài tối đa 200 ký tự.');
    expect(await registerNames(core)).toEqual(['Sổ văn bản đến']);

    // The same name is fine for an outgoing register: the clerk never chooses between those two.
    type(form, 'Tên sổ', 'Sổ văn bản đến');
    fireEvent.change(within(form).getByLabelText('Loại sổ'), { target: { value: 'outgoing' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm sổ' }));
    expect(await screen.findByText('Đã thêm sổ Sổ văn bản đến.')).toBeTruthy();
    expect(await registerNames(core)).toEqual(['Sổ văn bản đến', 'Sổ văn bản đến']);
  });

  test('editing renames and closes a register: the clerk no longer gets it, and a rename onto another register’s name is refused', async () => {
    const { core, sys } = await setUp();
    await sys('registers.create', { name: 'Sổ văn bản đến mật', direction: 'incoming', confidential: true });
    await addUser(core, 'quantri', ['admin', 'clerk']);
    await openAs(core, 'quantri', '#/admin/registers');
    fireEvent.click(await screen.findByRole('button', { name: 'Sửa sổ Sổ văn bản đến mật' }));
    const dialog = screen.getByRole('dialog', { name: 'Sửa sổ Sổ văn bản đến mật' });
    await waitFor(() => expect(document.activeElement).toBe(within(dialog).getByLabelText('Tên sổ', { exact: true })));
    type(dialog, 'Tên sổ', 'Sổ văn bản đến');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Lưu' }));
    expect(fieldError(within(dialog).getByLabelText('Tên sổ', { exact: true }))).toBe('Đã có sổ cùng loại mang tên này; chọn tên khác.');

    type(dialog, 'Tên sổ', 'Sổ mật 2025');
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Đóng sổ (không cấp số mới)' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Lưu' }));
    expect(await screen.findByText('Đã cập nhật sổ Sổ mật 2025.')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    const row = (await screen.findByRole('cell', { name: 'Sổ mật 2025' })).closest('tr')!;
    expect(row.textContent).toContain('Đã đóng');
    expect((await sys('registers.list', {})).registers.find((r) => r.name === 'Sổ mật 2025')).toMatchObject({ active: false, confidential: true });

    await openAs(core, 'vanthu', '#/incoming/new');
    await screen.findByRole('heading', { level: 2, name: 'Đăng ký văn bản đến' });
    const choice = screen.getByLabelText('Sổ văn bản đến', { exact: true });
    expect(within(choice).getAllByRole('option').map((o) => o.textContent)).toEqual(['Sổ văn bản đến']);
  });

  test('people without the right see no registers panel and the core refuses the calls', async () => {
    const { core, sys } = await setUp();
    await openAs(core, 'vanthu', '#/admin/registers');
    await screen.findByRole('heading', { level: 1 });
    expect(screen.queryByRole('link', { name: /Quản trị/ })).toBeNull();
    expect(screen.queryByRole('heading', { level: 2, name: 'Sổ văn bản' })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Thêm sổ văn bản' })).toBeNull();

    const token = await login(core, 'vanthu');
    const { register } = await sys('registers.create', { name: 'Sổ văn bản đi', direction: 'outgoing' });
    await failsWith(core.call('registers.create', { name: 'Sổ riêng', direction: 'incoming', confidential: true }, { sessionToken: token }), 'FORBIDDEN');
    await failsWith(core.call('registers.update', { id: register.id, active: false }, { sessionToken: token }), 'FORBIDDEN');
    await failsWith(core.call('documents.updateSettings', { maxAttachmentBytes: 2048 }, { sessionToken: token }), 'FORBIDDEN');
    expect(await registerNames(core)).toEqual(['Sổ văn bản đến', 'Sổ văn bản đi']);
    expect((await sys('registers.list', {})).registers.every((r) => r.active)).toBe(true);
  });

  test('an administrator without the right to read documents sees the registers and adds one', async () => {
    const { core, sys } = await setUp();
    await openAs(core, 'admin', '#/admin/registers');
    expect(await screen.findByRole('cell', { name: 'Sổ văn bản đến' })).toBeTruthy();
    const form = addForm();
    type(form, 'Tên sổ', 'Sổ văn bản đi mật');
    fireEvent.change(within(form).getByLabelText('Loại sổ'), { target: { value: 'outgoing' } });
    fireEvent.change(within(form).getByLabelText('Chỉ dùng cho loại văn bản'), { target: { value: 'QĐ' } });
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Sổ văn bản mật' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm sổ' }));
    expect(await screen.findByText('Đã thêm sổ Sổ văn bản đi mật.')).toBeTruthy();
    expect((await sys('registers.list', { direction: 'outgoing' })).registers).toMatchObject([{ name: 'Sổ văn bản đi mật', confidential: true, typeCode: 'QĐ' }]);
    expect(await screen.findByRole('cell', { name: 'Sổ văn bản đi mật' })).toBeTruthy();
  });
});
