// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import type { Core } from '../../../core/app';
import { addUser, initAgency, login, openCore, USER_PASSWORD } from '../../support/core';
import { vnDay } from '../../support/documents-e2e';
import { logInThroughUi, renderApp } from './harness';

// "Sửa thông tin" on a registered incoming document, through the real UI and core: the core's
// checks come back in Vietnamese beside their fields, and when another clerk saved first the save
// is refused with a conflict message that loses nothing typed.

async function registeredDocument(core: Core) {
  await initAgency(core);
  await addUser(core, 'vanthu', ['clerk']);
  await addUser(core, 'vanthu2', ['clerk']);
  const sys = core.asSystem('test');
  const { register } = await sys('registers.create', { name: 'Sổ văn bản đến', direction: 'incoming' });
  const { document } = await sys('documents.registerIncoming', {
    registerId: register.id, numberNotation: '21/KH-UBND', issuerName: 'Ủy ban nhân dân huyện An Lão', dateIssued: vnDay(-3), subject: 'Kế hoạch tổ chức hội nghị', notes: '',
  });
  return document;
}

async function openEditForm(core: Core, docId: number): Promise<HTMLElement> {
  renderApp(core);
  await logInThroughUi('vanthu', USER_PASSWORD, fireEvent);
  await screen.findByRole('heading', { level: 1, name: 'Văn bản đến' });
  window.location.hash = `#/incoming/doc/${docId}`;
  fireEvent.click(await screen.findByRole('button', { name: 'Sửa thông tin' }));
  return screen.findByRole('dialog', { name: 'Sửa thông tin văn bản đến' });
}

describe('correcting an incoming document', () => {
  test('a malformed notation and a date of issue in the future are explained beside their fields; the corrected details are saved and recorded', async () => {
    const core = openCore();
    const doc = await registeredDocument(core);
    const dialog = await openEditForm(core, doc.id);
    // The form opens with what was registered.
    expect((within(dialog).getByLabelText('Trích yếu nội dung') as HTMLTextAreaElement).value).toBe('Kế hoạch tổ chức hội nghị');

    fireEvent.change(within(dialog).getByLabelText('Số, ký hiệu'), { target: { value: 'KH-UBND số hai mốt' } });
    fireEvent.change(within(dialog).getByLabelText('Ngày ban hành'), { target: { value: vnDay(30) } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Lưu thay đổi' }));
    expect(await within(dialog).findByText('Số, ký hiệu chưa đúng dạng; ví dụ 1296/QĐ-UBND hoặc 123/UBND-VX.')).toBeTruthy();
    expect(within(dialog).getByText('Ngày không được sau hôm nay.')).toBeTruthy();
    expect(within(dialog).getByText('Chưa thực hiện được: sửa các trường được đánh dấu.')).toBeTruthy();
    expect(within(dialog).getByLabelText('Số, ký hiệu').getAttribute('aria-invalid')).toBe('true');

    // An emptied subject is refused before anything is sent.
    fireEvent.change(within(dialog).getByLabelText('Trích yếu nội dung'), { target: { value: '  ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Lưu thay đổi' }));
    expect(await within(dialog).findByText('Không được để trống.')).toBeTruthy();

    fireEvent.change(within(dialog).getByLabelText('Số, ký hiệu'), { target: { value: '22/KH-UBND' } });
    fireEvent.change(within(dialog).getByLabelText('Ngày ban hành'), { target: { value: vnDay(-4) } });
    fireEvent.change(within(dialog).getByLabelText('Trích yếu nội dung'), { target: { value: 'Kế hoạch tổ chức hội nghị tổng kết năm' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Lưu thay đổi' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByRole('heading', { level: 1, name: 'Kế hoạch 22/KH-UBND' })).toBeTruthy();
    expect(screen.getByText('Kế hoạch tổ chức hội nghị tổng kết năm')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('timeline').textContent).toContain('Sửa thông tin'));
    const { document: saved } = await core.asSystem('test')('documents.get', { id: doc.id });
    expect([saved.numberNotation, saved.dateIssued, saved.subject, saved.version]).toEqual(['22/KH-UBND', vnDay(-4), 'Kế hoạch tổ chức hội nghị tổng kết năm', doc.version + 1]);
  });

  test('when another clerk saved first, the save gets the conflict message, keeps everything typed, takes their change to untouched fields, and goes through on the next try', async () => {
    const core = openCore();
    const doc = await registeredDocument(core);
    const dialog = await openEditForm(core, doc.id);
    fireEvent.change(within(dialog).getByLabelText('Trích yếu nội dung'), { target: { value: 'Kế hoạch tổ chức hội nghị cán bộ chủ chốt' } });
    fireEvent.change(within(dialog).getByLabelText('Người ký'), { target: { value: 'Trần Văn Bình' } });

    // Meanwhile the second clerk, on another computer, saves the same document.
    const other = await login(core, 'vanthu2');
    await core.call('documents.update', { id: doc.id, version: doc.version, subject: 'Kế hoạch hội nghị (bản của văn thư 2)', notes: 'Đã gọi điện xác nhận.' }, { sessionToken: other });

    fireEvent.click(within(dialog).getByRole('button', { name: 'Lưu thay đổi' }));
    expect(await within(dialog).findByText(/Người khác đã lưu thay đổi văn bản này trong lúc bạn đang sửa/)).toBeTruthy();
    // Nothing typed is lost; what only they changed is now in the form; the field both changed says what they saved.
    expect((within(dialog).getByLabelText('Trích yếu nội dung') as HTMLTextAreaElement).value).toBe('Kế hoạch tổ chức hội nghị cán bộ chủ chốt');
    expect((within(dialog).getByLabelText('Người ký') as HTMLInputElement).value).toBe('Trần Văn Bình');
    expect((within(dialog).getByLabelText('Ghi chú') as HTMLInputElement).value).toBe('Đã gọi điện xác nhận.');
    expect(within(dialog).getByText('Người khác đã lưu: «Kế hoạch hội nghị (bản của văn thư 2)»')).toBeTruthy();
    expect(within(dialog).getByTestId('edit-merge').textContent).toContain('Cả bạn và người kia cùng sửa: Trích yếu nội dung.');
    // Their save is intact until this clerk decides.
    const { document: between } = await core.asSystem('test')('documents.get', { id: doc.id });
    expect(between.subject).toBe('Kế hoạch hội nghị (bản của văn thư 2)');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Lưu thay đổi' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const { document: after } = await core.asSystem('test')('documents.get', { id: doc.id });
    expect([after.subject, after.signer, after.notes]).toEqual(['Kế hoạch tổ chức hội nghị cán bộ chủ chốt', 'Trần Văn Bình', 'Đã gọi điện xác nhận.']);
  });
});

describe('changing a draft’s details', () => {
  test('the drafter changes the subject and deadline of a draft; an emptied subject is refused beside it, and a save from another window first is merged, not overwritten', async () => {
    const core = openCore();
    await initAgency(core);
    await addUser(core, 'chuyenvien', ['specialist']);
    const token = await login(core, 'chuyenvien');
    const { document: draft } = await core.call('outgoing.createDraft', { typeCode: 'CV', subject: 'Về việc cử cán bộ dự hội nghị', recipients: 'Sở Tài chính' }, { sessionToken: token });

    renderApp(core);
    await logInThroughUi('chuyenvien', USER_PASSWORD, fireEvent);
    await screen.findByRole('heading', { level: 1, name: 'Văn bản đến' });
    window.location.hash = `#/outgoing/doc/${draft.id}`;
    fireEvent.click(await screen.findByRole('button', { name: 'Sửa thông tin dự thảo' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sửa thông tin dự thảo' });
    fireEvent.change(within(dialog).getByLabelText('Trích yếu nội dung'), { target: { value: '' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Lưu thay đổi' }));
    expect(await within(dialog).findByText('Không được để trống.')).toBeTruthy();

    fireEvent.change(within(dialog).getByLabelText('Trích yếu nội dung'), { target: { value: 'Về việc cử cán bộ dự hội nghị trực tuyến' } });
    fireEvent.change(within(dialog).getByLabelText('Hạn'), { target: { value: vnDay(3) } });
    // The same drafter, in another window, saves the recipients first.
    await core.call('outgoing.updateDraft', { id: draft.id, version: draft.version, recipients: 'Sở Tài chính; Sở Nội vụ' }, { sessionToken: await login(core, 'chuyenvien') });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Lưu thay đổi' }));
    expect(await within(dialog).findByText(/Người khác đã lưu thay đổi văn bản này/)).toBeTruthy();
    expect((within(dialog).getByLabelText('Nơi nhận (dự kiến)') as HTMLInputElement).value).toBe('Sở Tài chính; Sở Nội vụ');
    expect((within(dialog).getByLabelText('Trích yếu nội dung') as HTMLTextAreaElement).value).toBe('Về việc cử cán bộ dự hội nghị trực tuyến');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Lưu thay đổi' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(screen.getByTestId('timeline').textContent).toContain('Sửa thông tin dự thảo'));
    const { document: after } = await core.asSystem('test')('documents.get', { id: draft.id });
    expect([after.subject, after.deadline, after.recipients]).toEqual(['Về việc cử cán bộ dự hội nghị trực tuyến', vnDay(3), 'Sở Tài chính; Sở Nội vụ']);
  });
});

describe('a step on a document someone changed meanwhile', () => {
  test('the leader’s direction is refused once with a clear message, the page shows the new version, the typed direction is kept and goes through on the next press', async () => {
    const core = openCore();
    const doc = await registeredDocument(core);
    const leaderId = await addUser(core, 'lanhdao', ['leader']);
    await addUser(core, 'chuyenvien', ['specialist']);
    const { document: submitted } = await core.asSystem('test')('documents.submit', { id: doc.id, leaderId });

    renderApp(core);
    await logInThroughUi('lanhdao', USER_PASSWORD, fireEvent);
    await screen.findByRole('heading', { level: 1, name: 'Văn bản đến' });
    window.location.hash = `#/incoming/doc/${doc.id}`;
    fireEvent.click(await screen.findByRole('button', { name: 'Cho ý kiến chỉ đạo' }));
    const dialog = await screen.findByRole('dialog');
    const direction = 'Giao đồng chí chuyên viên chủ trì, phối hợp Văn phòng chuẩn bị hội nghị; báo cáo trước ngày 15.';
    fireEvent.change(within(dialog).getByLabelText('Ý kiến chỉ đạo (bút phê)'), { target: { value: direction } });
    const main = within(dialog).getByLabelText('Người xử lý chính');
    fireEvent.change(main, { target: { value: within(main).getByRole('option', { name: 'chuyenvien' }).getAttribute('value') } });

    // The clerk corrects the subject while the leader writes.
    await core.call('documents.update', { id: doc.id, version: submitted.version, subject: 'Kế hoạch tổ chức hội nghị (đã sửa trích yếu)' }, { sessionToken: await login(core, 'vanthu') });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cho ý kiến chỉ đạo' }));
    expect(await within(dialog).findByText(/^Văn bản vừa được người khác thay đổi nên chưa thực hiện được\./)).toBeTruthy();
    expect(await screen.findByText('Kế hoạch tổ chức hội nghị (đã sửa trích yếu)')).toBeTruthy();
    expect((within(dialog).getByLabelText('Ý kiến chỉ đạo (bút phê)') as HTMLTextAreaElement).value).toBe(direction);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Cho ý kiến chỉ đạo' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const { document: after } = await core.asSystem('test')('documents.get', { id: doc.id });
    expect([after.status, after.subject, after.comments.find((c) => c.kind === 'direction')?.body]).toEqual(['in_progress', 'Kế hoạch tổ chức hội nghị (đã sửa trích yếu)', direction]);
  });
});
