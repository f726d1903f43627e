// @vitest-environment jsdom
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { AppError } from '../../../shared/api/errors';
import { catalogues } from '../../../shared/i18n/index';
import { fieldErrorsFromError, fieldMessage } from '../../../renderer/src/ui/errors';
import { stepOfField } from '../../../renderer/src/setup/validation';
import { initAgency, openCore } from '../../support/core';
import { renderApp } from './harness';
import i18next from 'i18next';

const type = (label: string | RegExp, value: string) => {
  const el = screen.getByLabelText(label);
  fireEvent.change(el, { target: { value } });
  fireEvent.blur(el);
};
const next = () => fireEvent.click(screen.getByRole('button', { name: 'Tiếp tục' }));

describe('first-run wizard', () => {
  test('shows inline Vietnamese messages for a malformed agency code and short name and will not go on', async () => {
    const core = openCore();
    renderApp(core);
    await screen.findByRole('heading', { name: 'Thiết lập ban đầu' });
    type('Tên cơ quan', 'Sở Tư pháp tỉnh Bình Định');
    type('Mã định danh cơ quan', '000-00-G22');
    type('Tên viết tắt', 'Sở TP');
    expect(screen.getByText(/Mã định danh chưa đúng dạng QCVN 102/)).toBeTruthy();
    expect(screen.getByText(/Tên viết tắt chỉ gồm chữ in hoa/)).toBeTruthy();
    expect(screen.getByLabelText('Mã định danh cơ quan').getAttribute('aria-invalid')).toBe('true');
    next();
    expect(screen.getByRole('heading', { name: /Bước 1\/4/ })).toBeTruthy();

    type('Mã định danh cơ quan', '000.00.00.g22'); // typed in lower case: the field upper-cases it
    type('Tên viết tắt', 'stp'); // upper-cased as typed, as abbreviations in notations are
    expect((screen.getByLabelText('Tên viết tắt') as HTMLInputElement).value).toBe('STP');
    expect(screen.queryByText(/Tên viết tắt chỉ gồm chữ in hoa/)).toBeNull();
    expect(screen.queryByText(/Mã định danh chưa đúng dạng/)).toBeNull();
    expect((screen.getByLabelText('Mã định danh cơ quan') as HTMLInputElement).value).toBe('000.00.00.G22');
    next();
    expect(await screen.findByRole('heading', { name: /Bước 2\/4/ })).toBeTruthy();
  });

  test('an empty unit row and a mismatched password are caught on their steps; the finished wizard creates the agency', async () => {
    const core = openCore();
    renderApp(core);
    await screen.findByRole('heading', { name: 'Thiết lập ban đầu' });
    next(); // nothing filled in
    expect(screen.getAllByText('Trường này là bắt buộc.').length).toBe(3);
    type('Tên cơ quan', 'Sở Tư pháp tỉnh Bình Định');
    type('Mã định danh cơ quan', '000.00.15.H10');
    type('Tên viết tắt', 'STP');
    next();

    fireEvent.click(await screen.findByRole('button', { name: /Thêm đơn vị/ }));
    fireEvent.click(screen.getByRole('button', { name: /Thêm đơn vị/ }));
    type('Tên đơn vị 1', 'Văn phòng Sở');
    next();
    expect(screen.getByText('Trường này là bắt buộc.')).toBeTruthy(); // unit 2 has no name
    fireEvent.click(screen.getByRole('button', { name: 'Xóa đơn vị 2' }));
    next();

    await screen.findByLabelText('Tên đăng nhập');
    type('Tên đăng nhập', 'Quan Tri'); // spaces and capitals
    type('Họ và tên', 'Phạm Minh Đức');
    type(/^Mật khẩu$/, 'short');
    type('Nhập lại mật khẩu', 'other');
    next();
    expect(screen.getByText(/Tên đăng nhập chỉ gồm chữ thường/)).toBeTruthy();
    expect(screen.getByText('Mật khẩu cần ít nhất 8 ký tự.')).toBeTruthy();
    type('Tên đăng nhập', 'quantri');
    type(/^Mật khẩu$/, 'mat-khau-dai');
    expect(screen.getByText('Hai lần nhập mật khẩu không khớp.')).toBeTruthy();
    type('Nhập lại mật khẩu', 'mat-khau-dai');
    next();

    expect(await screen.findByText('Kiểm tra lại thông tin trước khi tạo.')).toBeTruthy();
    expect(screen.getByText('Văn phòng Sở')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Tạo cơ quan' }));
    await screen.findByRole('heading', { name: 'Đăng nhập' });
    expect(screen.getByText(/Đã thiết lập xong cơ quan/)).toBeTruthy();
    expect(core.identity.agency()).toEqual({ name: 'Sở Tư pháp tỉnh Bình Định', code: '000.00.15.H10', shortName: 'STP' });
    expect(core.identity.units().map((u) => u.name)).toEqual(['Văn phòng Sở']);
  });

  test('field errors the core returns map to the right step and read in Vietnamese', async () => {
    const core = openCore();
    let err: unknown;
    try {
      await core.call('setup.initialize', { agency: { name: 'X', code: 'bad code', shortName: 'X' }, units: [{ name: '', code: '' }], admin: { username: 'A B', fullName: 'x', password: '1' } }, {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    const fields = fieldErrorsFromError(err);
    const t = i18next.createInstance();
    await t.init({ lng: 'vi', showSupportNotice: false, resources: { vi: { translation: catalogues.vi } } });
    expect(stepOfField('agency.code')).toBe('agency');
    expect(fieldMessage(t.t, fields['agency.code'])).toMatch(/QCVN 102/);
    expect(stepOfField('units.0.name')).toBe('units');
    expect(fieldMessage(t.t, fields['units.0.name'])).toBe('Trường này là bắt buộc.');
    expect(fieldMessage(t.t, fields['admin.username'])).toMatch(/chữ thường/);
    expect(fieldMessage(t.t, fields['admin.password'])).toBe('Mật khẩu cần ít nhất 8 ký tự.');
  });
});


describe('first-run wizard racing another window', () => {
  test('if the agency was set up meanwhile elsewhere, creating goes to the login page with that explanation', async () => {
    const core = openCore();
    renderApp(core);
    await screen.findByRole('heading', { name: 'Thiết lập ban đầu' });
    type('Tên cơ quan', 'Sở Tư pháp tỉnh Bình Định');
    type('Mã định danh cơ quan', '000.00.15.H10');
    type('Tên viết tắt', 'STP');
    next();
    next();
    await screen.findByLabelText('Tên đăng nhập');
    type('Tên đăng nhập', 'quantri');
    type('Họ và tên', 'Phạm Minh Đức');
    type(/^Mật khẩu$/, 'mat-khau-dai');
    type('Nhập lại mật khẩu', 'mat-khau-dai');
    next();
    // Meanwhile the CLI (`vanthu init`) sets the profile up.
    await initAgency(core);
    fireEvent.click(await screen.findByRole('button', { name: 'Tạo cơ quan' }));
    await screen.findByRole('heading', { name: 'Đăng nhập' });
    expect(screen.getByRole('alert').textContent).toBe('Cơ quan đã được thiết lập trước đó. Hãy đăng nhập.');
    expect(core.identity.agency().shortName).toBe('UBND'); // the CLI's, not overwritten
  });
});
