import { describe, expect, it } from 'vitest';
import { AxisClient } from '../../../core/exchange/axisClient';
import { buildEdxml, buildStatusEdxml, type BusinessDocType } from '../../../core/exchange/edxml';
import { exchangeOf } from '../../../core/exchange/index';
import { sampleDocument, sampleStatus, tinyPdf } from '../../unit/exchange/fixtures';
import { DEPARTMENT, PROVINCE, intakeRows, numberedOutgoing, recipientStatus, releaseTo, syncUntil, freshWorldEachTest, type World } from './world';

// What counts as "the same message" when the axis delivers it again: for documents, the sender
// agency + business type (new, revoke, update, replace) + DocumentId; for statuses, the axis message
// itself (and the same status code about the same document from the same agency). Repeats are
// acknowledged and dropped; different messages about one document all arrive.

let w: World;
freshWorldEachTest((world) => (w = world));

const DOCUMENT_ID = `${PROVINCE.code},2026/11/20,77/UBND-VX`;

function packageOf(docType: BusinessDocType, opts: { from?: { organId: string; organName: string }; stamp?: string } = {}): string {
  const from = opts.from ?? { organId: PROVINCE.code, organName: PROVINCE.name };
  return buildEdxml(
    sampleDocument({
      from,
      to: [{ organId: DEPARTMENT.code, organName: DEPARTMENT.name }],
      documentId: DOCUMENT_ID,
      code: { codeNumber: '77', codeNotation: 'UBND-VX' },
      // A different timestamp makes different bytes: the axis takes it as a new message.
      traceHeaders: [{ organId: from.organId, timestamp: opts.stamp ?? '2026-11-20T09:00:00+07:00' }],
      business: docType === 0 ? { docType } : { docType, reason: `lý do ${docType}`, documentInfo: [{ documentId: DOCUMENT_ID, organIds: [DEPARTMENT.code], changedFields: [] }] },
      attachments: docType === 1 ? [] : [{ contentId: `a${docType}`, name: `vb-${docType}.pdf`, mimeType: 'application/pdf', bytes: tinyPdf(`77-${docType}`), sha256: '' }],
    }),
  );
}

const pendingOnAxis = () =>
  (w.axis.store.db.prepare("SELECT count(*) AS n FROM deliveries WHERE organ_id = ? AND state != 'done'").get(DEPARTMENT.code) as { n: number }).n;

describe('duplicate deliveries', () => {
  it('takes new, revoke, update and replace of one DocumentId as four messages, and drops each one sent again under a new axis id', async () => {
    const province = new AxisClient({ baseUrl: w.axis.url, ...w.province.creds });
    for (const t of [0, 2, 3, 1] as const) await province.sendEdoc(packageOf(t));
    const first = await exchangeOf(w.department.core).syncNow();
    expect(first.received).toMatchObject({ intake: 4, duplicates: 0 });
    const rows = intakeRows(w.department);
    expect(rows.map((r) => r.business_type)).toEqual([0, 2, 3, 1]);
    // The later messages act on the first and tell the clerk.
    expect(rows[0]!.notice.split('\n')).toHaveLength(3);

    // The sender's system resends all four (new bytes, so new axis messages).
    for (const t of [0, 2, 3, 1] as const) await province.sendEdoc(packageOf(t, { stamp: '2026-11-20T11:30:00+07:00' }));
    const again = await exchangeOf(w.department.core).syncNow();
    expect(again.received).toMatchObject({ intake: 0, duplicates: 4 });
    expect(intakeRows(w.department)).toHaveLength(4);
    expect(intakeRows(w.department)[0]!.notice.split('\n')).toHaveLength(3);
    // Acknowledged: nothing stays listed for the department.
    expect(pendingOnAxis()).toBe(0);
  });

  it('does not take another agency’s document as a duplicate because it reuses the DocumentId, and its revoke leaves the first sender’s document alone', async () => {
    const other = { organId: '000.00.13.H10', organName: 'Sở Tài chính tỉnh Bình Định' };
    const province = new AxisClient({ baseUrl: w.axis.url, ...w.province.creds });
    await province.registerAgency(other); // a second agency on the province's system
    await province.sendEdoc(packageOf(0));
    await province.sendEdoc(packageOf(0, { from: other }));
    await province.sendEdoc(packageOf(1, { from: other }));
    const r = await exchangeOf(w.department.core).syncNow();
    expect(r.received).toMatchObject({ intake: 3, duplicates: 0 });
    const rows = intakeRows(w.department);
    expect(rows.map((x) => x.business_type)).toEqual([0, 0, 1]);
    expect(rows[0]!.notice).toBe('');
    expect(rows[1]!.notice).toMatch(/revoked by the sender/);
  });

  it('applies a status once whether the axis lists the same message twice or the receiver sends it again under a new axis id', async () => {
    const id = await numberedOutgoing(w.province, 'V/v kiểm tra trạng thái trùng');
    await releaseTo(w.province, id, [{ code: DEPARTMENT.code, name: DEPARTMENT.name }]);
    w.axis.setFaults({ duplicateRate: 1 });
    expect(await syncUntil([w.province, w.department], () => recipientStatus(w.province, id)[0]?.status === 'arrived')).toBe(true);
    const xid = intakeRows(w.department)[0]!.exchange_document_id;
    // The department's system sends its 01 once more, as a new message.
    const department = new AxisClient({ baseUrl: w.axis.url, ...w.department.creds });
    await department.sendEdoc(
      buildStatusEdxml(
        sampleStatus({
          from: { organId: DEPARTMENT.code, organName: DEPARTMENT.name },
          responseFor: { organId: PROVINCE.code, code: '01/UBND', documentId: xid },
          statusCode: '01',
          description: 'Đã đến (gửi lại)',
          timestamp: '2026-11-20T12:00:00+07:00',
        }),
      ),
    );
    await exchangeOf(w.province.core).syncNow();
    const timeline = await w.province.call('exchange.timeline', { documentId: id });
    expect(timeline.entries.filter((e) => e.event === 'status' && e.statusCode === '01')).toHaveLength(1);
    const audit = w.province.core.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'exchange.status'").get() as { n: number };
    expect(audit.n).toBe(1);
    const listed = (w.axis.store.db.prepare("SELECT count(*) AS n FROM deliveries WHERE organ_id = ? AND state != 'done'").get(PROVINCE.code) as { n: number }).n;
    expect(listed).toBe(0);
  });
});

describe('intake list', () => {
  it('carries each package’s files and what the checks found, the same as the package view, in one call', async () => {
    const province = new AxisClient({ baseUrl: w.axis.url, ...w.province.creds });
    await province.sendEdoc(packageOf(0));
    await province.sendEdoc(packageOf(2));
    await exchangeOf(w.department.core).syncNow();
    const list = await w.department.call('exchange.intake.list', { state: 'pending' });
    expect(list.items).toHaveLength(2);
    for (const item of list.items) {
      const detail = (await w.department.call('exchange.intake.get', { id: item.id })).item;
      expect(item.attachments).toEqual(detail.attachments);
      expect(item.attachments).toEqual([expect.objectContaining({ mimeType: 'application/pdf', hashMatches: true, signature: 'unsigned' })]);
    }
  });
});
