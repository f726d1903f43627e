// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { sha256Hex } from '../../../core/exchange/edxml';
import { STAFF } from '../../support/documents-e2e';
import { DEPARTMENT, numberedSignedDocument, openExchangeWorld, PROVINCE, type ExchangeWorld } from '../../support/exchange-e2e';
import { E2E_PASSWORD } from '../../support/webapp';
import { logInThroughUi, renderApp } from './harness';

// What went wrong with the exchange, in words, against a real core and axis stub: a delivery the
// axis refuses shows as failed with the reason on the outbox and the document's timeline, and can
// be sent again or cancelled; a package refused on arrival is listed in quarantine with its reason.

let w: ExchangeWorld;
beforeEach(async () => {
  w = await openExchangeWorld({ web: false });
});
afterEach(async () => {
  await w.close();
});

async function asClerk(p: typeof w.province, hash: string) {
  renderApp(p.core);
  await logInThroughUi(STAFF.clerk.username, E2E_PASSWORD, fireEvent);
  await screen.findByRole('navigation', { name: 'Phân hệ' });
  window.location.hash = hash;
}

const NOWHERE = { agencyCode: '000.00.99.H10', name: 'Sở Không Tồn Tại' };

describe('exchange problems in words', () => {
  test('a delivery to an agency unknown to the axis is failed with the reason on the timeline and the outbox; it can be retried and cancelled', async () => {
    const doc = await numberedSignedDocument(w.province, 'Về việc thử gửi tới cơ quan chưa kết nối', { docx: true });
    await w.province.call('outgoing.release', { id: doc.id, recipients: [{ kind: 'agency', ...NOWHERE }] });
    await w.province.sync();

    await asClerk(w.province, `#/outgoing/doc/${doc.id}`);
    const timeline = await screen.findByTestId('exchange-timeline');
    await waitFor(() => expect(timeline.querySelector(`[data-recipient="${NOWHERE.agencyCode}"]`)?.getAttribute('data-status')).toBe('failed'));
    expect(timeline.textContent).toContain('Gửi không được sau 1 lần thử');
    expect(timeline.textContent).toContain('Lý do: Cơ quan nhận chưa kết nối trục liên thông');

    window.location.hash = '#/exchange/outbox';
    const table = await screen.findByRole('table', { name: 'Hàng đợi gửi' });
    const row = () => table.querySelector('tr[data-outbox]') as HTMLElement;
    expect(row().getAttribute('data-state')).toBe('failed');
    expect(row().textContent).toContain('Gửi không được');
    expect(row().textContent).toContain('Cơ quan nhận chưa kết nối trục liên thông');
    fireEvent.click(within(row()).getByRole('button', { name: `Gửi lại cho ${NOWHERE.name}` }));
    expect(await screen.findByText('Đã xếp lại vào hàng đợi.')).toBeTruthy();
    await waitFor(() => expect(row().getAttribute('data-state')).toBe('queued'));
    fireEvent.click(within(row()).getByRole('button', { name: `Hủy gửi cho ${NOWHERE.name}` }));
    await waitFor(() => expect(row().getAttribute('data-state')).toBe('cancelled'));
    expect(within(row()).queryByRole('button')).toBeNull();
  });

  test('a package refused on arrival is listed in quarantine with its reason in words', async () => {
    const bytes = Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><export xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">&a;</export>');
    w.axis.store.storeEdoc({
      kind: 'document', senderSystem: w.province.creds.systemId, fromOrgan: PROVINCE.code, documentId: 'hostile', subject: 'x',
      bodySha256: sha256Hex(bytes), sha256: sha256Hex(bytes), packageBytes: bytes, recipients: [DEPARTMENT.code],
    });
    await w.department.sync();
    await asClerk(w.department, '#/exchange/quarantine');
    const table = await screen.findByRole('table', { name: 'Gói tin bị cách ly' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.textContent).toContain('Gói tin có khai báo DTD, không an toàn nên bị từ chối.');
    expect(rows[0]!.textContent).toContain('EDXML_DTD_FORBIDDEN');
    // Nothing reached the intake.
    window.location.hash = '#/exchange';
    expect(await screen.findByText('Không có văn bản nào chờ tiếp nhận.')).toBeTruthy();
  });
});
