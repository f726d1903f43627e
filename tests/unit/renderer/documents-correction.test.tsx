// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import type { Input, MethodName } from '../../../shared/api/contract';
import { addUser, initAgency, login, openCore, USER_PASSWORD } from '../../support/core';
import { logInThroughUi, renderApp } from './harness';

// A released outgoing document never changes; a correction is a new document that refers to it.
// The released document offers "Tạo văn bản đính chính", the new draft starts from it, and each
// document links to the other.

describe('correcting a released outgoing document', () => {
  test('the specialist drafts a correction from the released document; the draft links to it and it links back to the draft', async () => {
    const core = openCore();
    await initAgency(core);
    await addUser(core, 'vanthu', ['clerk']);
    const leaderId = await addUser(core, 'lanhdao', ['leader']);
    await addUser(core, 'chuyenvien', ['specialist']);
    const as = async (username: string) => {
      const sessionToken = await login(core, username);
      return <M extends MethodName>(method: M, input: Input<M>) => core.call(method, input, { sessionToken });
    };
    const [specialist, leader, clerk] = await Promise.all([as('chuyenvien'), as('lanhdao'), as('vanthu')]);
    const { register } = await core.asSystem('test')('registers.create', { name: 'Sổ văn bản đi', direction: 'outgoing' });
    const { agency, units } = await core.asSystem('test')('agency.get', {});
    const { document: draft } = await specialist('outgoing.createDraft', { typeCode: 'QĐ', subject: 'Quyết định thành lập tổ công tác chuyển đổi số' });
    await specialist('outgoing.submitForApproval', { id: draft.id, steps: [{ kind: 'approve', userId: leaderId }] });
    await leader('outgoing.approve', { id: draft.id });
    await clerk('outgoing.register', { id: draft.id, registerId: register.id });
    const { document: released } = await clerk('outgoing.release', { id: draft.id, recipients: [{ kind: 'unit', unitId: units[0]!.id }] });
    expect([released.status, released.numberNotation]).toEqual(['released', `01/QĐ-${agency!.shortName}`]);

    renderApp(core);
    await logInThroughUi('chuyenvien', USER_PASSWORD, fireEvent);
    await screen.findByRole('heading', { level: 1, name: 'Văn bản đến' });
    window.location.hash = `#/outgoing/doc/${released.id}`;
    expect(await screen.findByText('Văn bản đã phát hành: chỉ xem, không sửa được.')).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: 'Tạo văn bản đính chính' }));

    // The draft form says what it corrects and starts with a subject naming it.
    await screen.findByRole('heading', { level: 1, name: 'Soạn dự thảo văn bản đi' });
    expect(await screen.findByText(/^Đính chính văn bản đã phát hành: 01\/QĐ-UBND Quyết định thành lập tổ công tác/)).toBeTruthy();
    const subject = screen.getByLabelText('Trích yếu nội dung') as HTMLTextAreaElement;
    await waitFor(() => expect(subject.value).toMatch(/^Về việc đính chính Quyết định số 01\/QĐ-UBND ngày \d\d\/\d\d\/\d{4}$/));
    fireEvent.change(subject, { target: { value: 'Về việc đính chính Điều 2 Quyết định số 01/QĐ-UBND' } });
    fireEvent.click(screen.getByRole('button', { name: 'Tạo dự thảo' }));

    // The new draft links to the released document …
    const related = await screen.findByTestId('related');
    await waitFor(() => expect(within(related).getByRole('link', { name: /Quyết định 01\/QĐ-UBND: Quyết định thành lập tổ công tác/ })).toBeTruthy());
    expect(within(related).getByText('Đính chính cho')).toBeTruthy();
    const { documents } = await specialist('documents.list', { direction: 'outgoing' });
    const correction = documents.find((d) => d.id !== released.id)!;
    const { document: stored } = await specialist('documents.get', { id: correction.id });
    expect([stored.status, stored.correctsId, stored.subject]).toEqual(['draft', released.id, 'Về việc đính chính Điều 2 Quyết định số 01/QĐ-UBND']);

    // … and the released document, unchanged, links back to it.
    fireEvent.click(within(related).getByRole('link', { name: /Quyết định 01\/QĐ-UBND/ }));
    await screen.findByRole('heading', { level: 1, name: 'Quyết định 01/QĐ-UBND' });
    const back = await screen.findByTestId('related');
    expect(within(back).getByText('Được đính chính bởi')).toBeTruthy();
    await waitFor(() => expect(within(back).getByRole('link', { name: /Về việc đính chính Điều 2 Quyết định số 01\/QĐ-UBND/ }).getAttribute('href')).toBe(`#/outgoing/doc/${correction.id}`));
    expect(screen.getByTestId('timeline').textContent).toContain('Soạn văn bản đính chính');
    const { document: still } = await specialist('documents.get', { id: released.id });
    expect([still.version, still.subject]).toEqual([released.version, released.subject]);
  });
});

describe('a reply and the incoming document it answers', () => {
  test('the handler drafts a reply from the incoming document; each links to the other', async () => {
    const core = openCore();
    await initAgency(core);
    const leaderId = await addUser(core, 'lanhdao', ['leader']);
    const specialistId = await addUser(core, 'chuyenvien', ['specialist']);
    const sys = core.asSystem('test');
    const { register } = await sys('registers.create', { name: 'Sổ văn bản đến', direction: 'incoming' });
    const { document: incoming } = await sys('documents.registerIncoming', { registerId: register.id, numberNotation: '77/STTTT-BCVT', issuerName: 'Sở Thông tin và Truyền thông', dateIssued: '2026-01-05', subject: 'Đề nghị báo cáo số liệu bưu chính' });
    await sys('documents.submit', { id: incoming.id, leaderId });
    await sys('documents.direct', { id: incoming.id, direction: 'Giao chuyên viên trả lời.', mainHandlerId: specialistId });

    renderApp(core);
    await logInThroughUi('chuyenvien', USER_PASSWORD, fireEvent);
    await screen.findByRole('heading', { level: 1, name: 'Văn bản đến' });
    window.location.hash = `#/incoming/doc/${incoming.id}`;
    fireEvent.click(await screen.findByRole('button', { name: 'Soạn văn bản trả lời' }));
    await screen.findByText(/^Trả lời văn bản đến: 77\/STTTT-BCVT/);
    fireEvent.change(screen.getByLabelText('Trích yếu nội dung'), { target: { value: 'Về việc báo cáo số liệu bưu chính năm 2025' } });
    fireEvent.click(screen.getByRole('button', { name: 'Tạo dự thảo' }));

    const related = await screen.findByTestId('related');
    expect(within(related).getByText('Trả lời văn bản')).toBeTruthy();
    fireEvent.click(await within(related).findByRole('link', { name: /Công văn 77\/STTTT-BCVT: Đề nghị báo cáo số liệu bưu chính/ }));
    await screen.findByRole('heading', { level: 1, name: 'Công văn 77/STTTT-BCVT' });
    const back = await screen.findByTestId('related');
    expect(within(back).getByText('Văn bản trả lời')).toBeTruthy();
    expect(await within(back).findByRole('link', { name: /Về việc báo cáo số liệu bưu chính năm 2025/ })).toBeTruthy();
  });
});
