// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { AxisClient } from '../../../core/exchange/axisClient';
import { buildEdxml, type ExchangeDocument } from '../../../core/exchange/edxml';
import { STAFF } from '../../support/documents-e2e';
import { DEPARTMENT, openExchangeWorld, PROVINCE, signedPdf, wordFile, type ExchangeWorld } from '../../support/exchange-e2e';
import { E2E_PASSWORD } from '../../support/webapp';
import { sampleDocument } from '../exchange/fixtures';
import { logInThroughUi, renderApp } from './harness';

// The clerk's intake of electronic documents against a real core fed by a real axis stub: each
// received package shows its sender, number, subject, files and what the signature and hash
// checks found; rejecting asks for a reason and sends status 02 with it.

let w: ExchangeWorld;
beforeEach(async () => {
  w = await openExchangeWorld({ web: false });
});
afterEach(async () => {
  await w.close();
});

/** The province sends a package straight through the axis (as another vendor's system would). */
async function sendFromProvince(n: number, subject: string, attachment: ExchangeDocument['attachments'][number]): Promise<void> {
  const client = new AxisClient({ baseUrl: w.axis.url, ...w.province.creds });
  await client.sendEdoc(
    buildEdxml(
      sampleDocument({
        from: { organId: PROVINCE.code, organName: PROVINCE.name },
        to: [{ organId: DEPARTMENT.code, organName: DEPARTMENT.name }],
        documentId: `${PROVINCE.code},2026/11/20,${n}/UBND-VX`,
        code: { codeNumber: String(n), codeNotation: 'UBND-VX' },
        subject,
        traceHeaders: [],
        attachments: [attachment],
      }),
    ),
  );
}

async function openIntakeAsClerk() {
  await w.department.sync();
  renderApp(w.department.core);
  await logInThroughUi(STAFF.clerk.username, E2E_PASSWORD, fireEvent);
  await screen.findByRole('navigation', { name: 'Phân hệ' });
  window.location.hash = '#/exchange';
  return screen.findByRole('table', { name: 'Tiếp nhận văn bản điện tử' });
}

describe('electronic document intake', () => {
  test('lists pending packages with sender, number, subject, files and the signature and hash checks; the sidebar counts them', async () => {
    await sendFromProvince(41, 'V/v triển khai kế hoạch chuyển đổi số năm 2027', { contentId: 'a1', name: 'cong-van-41.pdf', mimeType: 'application/pdf', bytes: await signedPdf('CONG VAN 41', []), sha256: '' });
    await sendFromProvince(42, 'V/v góp ý dự thảo quy chế', { contentId: 'a2', name: 'du-thao-quy-che.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes: wordFile('quy chế'), sha256: '' });
    const table = await openIntakeAsClerk();
    const rows = await waitFor(() => {
      const r = within(table).getAllByRole('row').slice(1);
      expect(r).toHaveLength(2);
      return r;
    });
    const signedRow = rows.find((r) => r.textContent!.includes('41/UBND-VX'))!;
    expect(signedRow.textContent).toContain(PROVINCE.name);
    expect(signedRow.textContent).toContain(PROVINCE.code);
    expect(signedRow.textContent).toContain('V/v triển khai kế hoạch chuyển đổi số năm 2027');
    expect(signedRow.textContent).toContain('cong-van-41.pdf');
    expect(signedRow.textContent).toContain('Mã băm SHA-256 khớp');
    // A signed PDF is reported with a signature verdict, never as unsigned.
    const verdict = signedRow.querySelector('[data-signature]')!;
    expect(verdict.getAttribute('data-signature')).not.toMatch(/^(unsigned|not-checked)$/);
    const wordRow = rows.find((r) => r.textContent!.includes('42/UBND-VX'))!;
    expect(wordRow.textContent).toContain('du-thao-quy-che.docx');
    expect(wordRow.querySelector('[data-signature]')).toBeNull(); // not a PDF: nothing to verify
    expect(within(screen.getByRole('navigation', { name: 'Phân hệ' })).getByRole('link', { name: /Liên thông/ }).textContent).toContain('2');
  });

  test('rejecting asks for a reason, then the package leaves the pending list and status 02 with the reason waits for the sender', async () => {
    await sendFromProvince(43, 'V/v cử cán bộ dự hội nghị', { contentId: 'a3', name: 'giay-moi.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes: wordFile('giấy mời'), sha256: '' });
    const table = await openIntakeAsClerk();
    fireEvent.click(await within(table).findByRole('link', { name: '43/UBND-VX' }));
    await screen.findByRole('heading', { level: 1, name: '43/UBND-VX' });
    expect(screen.getByText('Gói tin không có tệp PDF để xem.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Từ chối tiếp nhận' }));
    const dialog = await screen.findByRole('dialog', { name: 'Từ chối tiếp nhận văn bản' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Từ chối tiếp nhận' }));
    expect((await within(dialog).findAllByText('Nhập lý do từ chối để nơi gửi biết cần làm gì.')).length).toBeGreaterThan(0);
    fireEvent.change(within(dialog).getByLabelText('Lý do từ chối'), { target: { value: 'Gửi nhầm cơ quan: đề nghị gửi Sở Nội vụ.' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Từ chối tiếp nhận' }));
    expect(await screen.findByText('Lý do từ chối: Gửi nhầm cơ quan: đề nghị gửi Sở Nội vụ.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Vào sổ văn bản đến' })).toBeNull();

    const outbox = await w.department.call('exchange.outbox.list', {});
    // 01 (arrived) went out on receipt; the refusal follows it.
    expect(outbox.items.map((i) => [i.kind, i.statusCode, i.recipientCode]).sort()).toEqual([['status', '01', PROVINCE.code], ['status', '02', PROVINCE.code]]);
    window.location.hash = '#/exchange';
    expect(await screen.findByText('Không có văn bản nào chờ tiếp nhận.')).toBeTruthy();
  });
});
