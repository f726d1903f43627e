// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import type { Core } from '../../../core/app';
import { ADMIN_PASSWORD, USER_PASSWORD, addUser, failsWith, initAgency, login, openCore } from '../../support/core';
import { vnDay } from '../../support/documents-e2e';
import { logInThroughUi, renderApp } from './harness';

// "Cài đặt văn bản" in Quản trị: the values shown are the core's, out-of-range ones are refused
// at the field, and a saved attachment limit is the one the core then enforces.

async function openAs(core: Core, username: string, hash: string) {
  cleanup();
  localStorage.clear();
  sessionStorage.clear();
  window.location.hash = hash;
  renderApp(core);
  await logInThroughUi(username, username === 'admin' ? ADMIN_PASSWORD : USER_PASSWORD, fireEvent);
}

const SIZE = 'Dung lượng tối đa của một tệp đính kèm (MB)';
const DEPTH = 'Số lần tối đa được chuyển tiếp việc xử lý';
const input = (label: string) => screen.getByLabelText(label, { exact: true }) as HTMLInputElement;
function fieldError(el: HTMLElement): string | null {
  if (el.getAttribute('aria-invalid') !== 'true') return null;
  return document.getElementById(el.getAttribute('aria-describedby')!.split(' ')[0]!)!.textContent!.replace(/^!/, '');
}

function incoming(registerId: number, fileBytes: number) {
  return {
    registerId, numberNotation: `${fileBytes % 1000}/UBND-VX`, issuerName: 'Ủy ban nhân dân huyện Tuy Phước', dateIssued: vnDay(-1), subject: 'Về việc tổ chức tập huấn',
    attachments: [{ fileName: 'phu-luc.txt', contentBase64: Buffer.alloc(fileBytes, 'a').toString('base64') }],
  };
}

describe('documents settings panel', () => {
  test('shows the current limits, refuses out-of-range values at the field, and a lower size limit makes the core refuse a larger attachment naming it', async () => {
    const core = openCore();
    await initAgency(core);
    await addUser(core, 'vanthu', ['clerk']);
    const sys = core.asSystem('test');
    const { register } = await sys('registers.create', { name: 'Sổ văn bản đến', direction: 'incoming' });
    await openAs(core, 'admin', '#/admin/documentSettings');
    await screen.findByRole('heading', { level: 2, name: 'Cài đặt văn bản' });
    const size = await screen.findByLabelText(SIZE, { exact: true });
    expect((size as HTMLInputElement).value).toBe('50');
    expect(input(DEPTH).value).toBe('2');
    expect(screen.getByText(/^Hiện tại: 50 MB\./)).toBeTruthy();

    fireEvent.change(size, { target: { value: '0,0001' } });
    fireEvent.change(input(DEPTH), { target: { value: '11' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    expect(fieldError(size)).toBe('Dung lượng tối thiểu là 0,001 MB (1 KB).');
    expect(fieldError(input(DEPTH))).toBe('Số lần chuyển tiếp phải từ 0 đến 10.');
    await waitFor(() => expect(document.activeElement).toBe(size));
    fireEvent.change(size, { target: { value: 'năm mươi' } });
    fireEvent.change(input(DEPTH), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    expect(fieldError(size)).toBe('Nhập một số, ví dụ 50 hoặc 2,5.');
    expect(fieldError(input(DEPTH))).toBe('Nhập số lần chuyển tiếp.');
    expect(await sys('documents.getSettings', {})).toEqual({ maxAttachmentBytes: 50 * 1024 * 1024, maxForwardDepth: 2 });

    // A Vietnamese decimal comma: half a megabyte.
    fireEvent.change(size, { target: { value: '0,5' } });
    fireEvent.change(input(DEPTH), { target: { value: '3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    expect(await screen.findByText('Đã lưu.')).toBeTruthy();
    expect(fieldError(size)).toBeNull();
    expect(screen.getByText(/^Hiện tại: 512 KB\./)).toBeTruthy();
    expect(await sys('documents.getSettings', {})).toEqual({ maxAttachmentBytes: 512 * 1024, maxForwardDepth: 3 });

    // The clerk's registration: 600 KB is now refused with the new limit named; 400 KB still goes in.
    const clerk = await login(core, 'vanthu');
    const refused = (await failsWith(core.call('documents.registerIncoming', incoming(register.id, 600 * 1024), { sessionToken: clerk }), 'FILE_TOO_LARGE')) as { message: string; details?: Record<string, unknown> };
    expect(refused.message).toContain('0.5 MB (524288 bytes)');
    expect(refused.details).toMatchObject({ limit: 524288, size: 600 * 1024 });
    const accepted = await core.call('documents.registerIncoming', incoming(register.id, 400 * 1024), { sessionToken: clerk }) as { document: { attachments: unknown[] } };
    expect(accepted.document.attachments).toHaveLength(1);
  });

  test('the settings tab is the administrator’s: a clerk does not get it and the core refuses the change', async () => {
    const core = openCore();
    await initAgency(core);
    await addUser(core, 'vanthu', ['clerk']);
    await openAs(core, 'vanthu', '#/admin/documentSettings');
    await screen.findByRole('heading', { level: 1 });
    expect(screen.queryByRole('heading', { level: 2, name: 'Cài đặt văn bản' })).toBeNull();
    expect(screen.queryByLabelText(SIZE)).toBeNull();
    await failsWith(core.call('documents.updateSettings', { maxAttachmentBytes: 1024 * 1024 }, { sessionToken: await login(core, 'vanthu') }), 'FORBIDDEN');
    expect((await core.asSystem('test')('documents.getSettings', {})).maxAttachmentBytes).toBe(50 * 1024 * 1024);
  });
});
