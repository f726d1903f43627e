// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { STAFF } from '../../support/documents-e2e';
import { DEPARTMENT, numberedSignedDocument, openExchangeWorld, PROVINCE, type ExchangeWorld } from '../../support/exchange-e2e';
import { E2E_PASSWORD } from '../../support/webapp';
import { logInThroughUi, renderApp } from './harness';

// The release dialog's recipient picker against a real core and a real axis stub: agencies come
// from the axis directory and are found by name without diacritics or by code; a confidential
// document says why it cannot go through the axis; with the axis down a code can still be typed.

let w: ExchangeWorld;
beforeEach(async () => {
  w = await openExchangeWorld({ web: false });
});
afterEach(async () => {
  await w.close();
});

async function openReleaseDialog(documentId: number) {
  renderApp(w.province.core);
  await logInThroughUi(STAFF.clerk.username, E2E_PASSWORD, fireEvent);
  await screen.findByRole('navigation', { name: 'Phân hệ' });
  window.location.hash = `#/outgoing/doc/${documentId}`;
  fireEvent.click(await screen.findByRole('button', { name: 'Phát hành' }));
  return screen.findByRole('dialog');
}

describe('release recipient picker', () => {
  test('finds the department by name typed without diacritics and by code, never offers the own agency, and queues a package for the chosen one', async () => {
    const doc = await numberedSignedDocument(w.province, 'Về việc triển khai chữ ký số chuyên dùng năm 2027', { docx: true });
    const dialog = await openReleaseDialog(doc.id);
    const search = await within(dialog).findByLabelText('Tìm cơ quan theo tên hoặc mã định danh');
    const results = () => within(dialog).queryAllByRole('button', { name: /^Chọn / }).map((b) => b.getAttribute('aria-label'));

    fireEvent.change(search, { target: { value: 'so thong tin va truyen thong' } });
    await waitFor(() => expect(results()).toEqual([`Chọn ${DEPARTMENT.name}`]));
    fireEvent.change(search, { target: { value: 'binh dinh' } });
    await waitFor(() => expect(results()).toEqual([`Chọn ${DEPARTMENT.name}`])); // not the province itself
    fireEvent.change(search, { target: { value: 'Sở Nội vụ' } });
    expect(await within(dialog).findByText('Không có cơ quan nào khớp.')).toBeTruthy();
    fireEvent.change(search, { target: { value: '000.00.12' } });
    fireEvent.click(await within(dialog).findByRole('button', { name: `Chọn ${DEPARTMENT.name}` }));

    const chosen = within(dialog).getByRole('list', { name: 'Đã chọn' });
    expect(chosen.textContent).toContain(DEPARTMENT.code);
    expect(results()).toEqual([]); // chosen once only
    fireEvent.click(within(dialog).getByLabelText(/^Văn phòng/));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Phát hành' }));
    await screen.findByText('Đã phát hành', { exact: true, selector: '.badge, span' });

    const outbox = await w.province.call('exchange.outbox.list', { documentId: doc.id });
    expect(outbox.items.map((i) => [i.kind, i.recipientCode, i.state])).toEqual([['document', DEPARTMENT.code, 'queued']]);
    expect(outbox.items.some((i) => i.recipientCode === PROVINCE.code)).toBe(false);
    // The document page shows the delivery waiting for the department.
    const timeline = await screen.findByTestId('exchange-timeline');
    await waitFor(() => expect(within(timeline).getByText(DEPARTMENT.name)).toBeTruthy());
    expect(timeline.textContent).toContain('Chờ gửi');
  });

  test('a confidential document says why it cannot go through the axis and offers no agency search', async () => {
    const doc = await numberedSignedDocument(w.province, 'Về việc bảo vệ bí mật nhà nước', { confidentiality: 'secret', docx: true });
    const dialog = await openReleaseDialog(doc.id);
    const note = await within(dialog).findByText(/không được gửi qua trục liên thông/);
    expect(note.textContent).toContain('tối mật');
    expect(within(dialog).queryByLabelText('Tìm cơ quan theo tên hoặc mã định danh')).toBeNull();
    expect(within(dialog).getByLabelText(/^Văn phòng/)).toBeTruthy(); // internal units still can be chosen
  });

  test('with the axis unreachable the clerk is told so and can still enter an agency by its code', async () => {
    const doc = await numberedSignedDocument(w.province, 'Về việc báo cáo số liệu quý IV', { docx: true });
    await w.axis.close();
    const dialog = await openReleaseDialog(doc.id);
    expect((await within(dialog).findByText(/Không tải được danh bạ trục liên thông/)).textContent).toContain('Không kết nối được trục liên thông');
    fireEvent.change(within(dialog).getByLabelText('Tên cơ quan'), { target: { value: DEPARTMENT.name } });
    fireEvent.change(within(dialog).getByLabelText('Mã định danh'), { target: { value: DEPARTMENT.code } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Thêm cơ quan' }));
    expect(within(dialog).getByRole('list', { name: 'Đã chọn' }).textContent).toContain(DEPARTMENT.code);
  });
});
