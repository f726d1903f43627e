import { describe, expect, it } from 'vitest';
import { exchangeOf } from '../../../core/exchange/index';
import { sha256Hex } from '../../../core/exchange/edxml';
import { AXIS_ORGAN_ID } from '../../../server/axis';
import { DEPARTMENT, freshWorldEachTest, intakeRows, numberedOutgoing, outboxRows, PROVINCE, recipientStatus, releaseTo, syncUntil, toDepartment, type World } from './world';

let w: World;
freshWorldEachTest((world) => (w = world));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sending when things go wrong', () => {
  it('keeps a released document queued while the axis is down, shows "offline", and delivers it once the axis is back', async () => {
    const id = await numberedOutgoing(w.province, 'V/v báo cáo chuyển đổi số');
    await w.stopAxis();
    await releaseTo(w.province, id, toDepartment);
    const r = await exchangeOf(w.province.core).syncNow();
    expect(r.state.state).toBe('offline');
    expect(w.province.core.syncState()).toMatchObject({ state: 'offline', queued: 1 });
    expect(outboxRows(w.province)[0]).toMatchObject({ state: 'queued', tries: 1 });
    expect(outboxRows(w.province)[0]!.last_error).toMatch(/AXIS_UNREACHABLE/);
    expect(recipientStatus(w.province, id)).toEqual([{ recipient_code: DEPARTMENT.code, status: 'queued', status_code: null }]);

    await w.restartAxis();
    await sleep(120); // past the back-off
    expect(await syncUntil([w.province, w.department], () => intakeRows(w.department).length === 1 && recipientStatus(w.province, id)[0]!.status === 'arrived')).toBe(true);
    expect(outboxRows(w.province).filter((o) => o.kind === 'document')).toEqual([expect.objectContaining({ state: 'sent' })]);
    expect(w.province.core.syncState()).toMatchObject({ state: 'online', queued: 0 });
  });

  it('retries HTTP 500s with back-off, then shows a visible failure after the last try; retry sends it', async () => {
    const id = await numberedOutgoing(w.province, 'V/v lỗi máy chủ trục');
    w.axis.setFaults({ errorRate: 1 });
    await releaseTo(w.province, id, toDepartment);
    await syncUntil([w.province], () => outboxRows(w.province)[0]!.state !== 'queued', 60, 40);
    const row = outboxRows(w.province)[0]!;
    expect(row).toMatchObject({ state: 'failed', tries: 6 });
    expect(row.last_error).toMatch(/gave up|AXIS_SERVER_ERROR/);
    expect(recipientStatus(w.province, id)[0]!.status).toBe('failed');
    expect(w.province.core.syncState().state).toBe('error');
    const timeline = await w.province.call('exchange.timeline', { documentId: id });
    expect(timeline.entries.filter((e) => e.event === 'retry')).toHaveLength(5);
    expect(timeline.entries.at(-1)).toMatchObject({ event: 'failed' });

    w.axis.setFaults({});
    await w.province.call('exchange.outbox.retry', { id: row.id });
    expect(await syncUntil([w.province, w.department], () => intakeRows(w.department).length === 1)).toBe(true);
    expect(outboxRows(w.province)[0]).toMatchObject({ state: 'sent' });
  });

  it('delivers every document exactly once through dropped answers, duplicated listings and reordering', async () => {
    const ids: number[] = [];
    for (let i = 1; i <= 6; i++) ids.push(await numberedOutgoing(w.province, `V/v văn bản số ${i}`));
    w.axis.setFaults({ dropAfterCommitRate: 0.4, duplicateRate: 1, reorder: true, dropRate: 0.1 });
    for (const id of ids) await releaseTo(w.province, id, toDepartment);
    const allArrived = () => ids.every((id) => recipientStatus(w.province, id)[0]?.status === 'arrived');
    expect(await syncUntil([w.province, w.department], () => intakeRows(w.department).length === 6 && allArrived(), 150, 30)).toBe(true);
    const intake = intakeRows(w.department);
    expect(new Set(intake.map((i) => i.exchange_document_id)).size).toBe(6);
    // The axis got each package once per sender even though answers were lost.
    w.axis.setFaults({});
    const sent = w.axis.store.db.prepare("SELECT count(*) AS n FROM edocs WHERE kind = 'document'").get() as { n: number };
    expect(sent.n).toBe(6);
    // Each status 01 applied once even when delivered twice.
    const statusEvents = w.province.core.db.prepare("SELECT count(*) AS n FROM exchange_events WHERE event = 'status' AND status_code = '01'").get() as { n: number };
    expect(statusEvents.n).toBe(6);
  });

  it('refuses to send a confidential document through the axis, with the reason, and releasing one queues nothing', async () => {
    const secret = await numberedOutgoing(w.province, 'V/v nội dung mật', { confidentiality: 'secret' });
    const err = await w.province.call('exchange.send', { documentId: secret, recipients: [{ agencyCode: DEPARTMENT.code, name: DEPARTMENT.name }] }).catch((e: unknown) => e as { code: string; message: string });
    expect(err).toMatchObject({ code: 'EXCHANGE_CONFIDENTIAL' });
    expect((err as { message: string }).message).toMatch(/paper/);

    await releaseTo(w.province, secret, toDepartment);
    expect(outboxRows(w.province)).toEqual([expect.objectContaining({ state: 'refused' })]);
    expect(outboxRows(w.province)[0]!.last_error).toMatch(/EXCHANGE_CONFIDENTIAL/);
    expect(recipientStatus(w.province, secret)[0]!.status).toBe('refused');
    await exchangeOf(w.province.core).syncNow();
    const onAxis = w.axis.store.db.prepare('SELECT count(*) AS n FROM edocs').get() as { n: number };
    expect(onAxis.n).toBe(0);
  });

  it('sends to each recipient separately: one not on the axis fails at once with the reason, the other is delivered', async () => {
    const id = await numberedOutgoing(w.province, 'V/v gửi nhiều nơi');
    await releaseTo(w.province, id, [...toDepartment, { code: '000.00.99.H10', name: 'Sở chưa kết nối trục' }]);
    await syncUntil([w.province, w.department], () => intakeRows(w.department).length === 1);
    const rows = outboxRows(w.province).filter((o) => o.kind === 'document');
    expect(rows.map((r) => [r.recipient_code, r.state, r.tries])).toEqual([[DEPARTMENT.code, 'sent', 1], ['000.00.99.H10', 'failed', 1]]);
    expect(rows[1]!.last_error).toMatch(/AXIS_UNKNOWN_RECIPIENT/);
    const status = Object.fromEntries(recipientStatus(w.province, id).map((r) => [r.recipient_code, r.status]));
    expect(status['000.00.99.H10']).toBe('failed');
    expect(['sent', 'arrived']).toContain(status[DEPARTMENT.code]);
  });

  it('lets the clerk cancel a waiting delivery: it never leaves, and the document shows it cancelled', async () => {
    const keep = await numberedOutgoing(w.province, 'V/v vẫn gửi');
    const drop = await numberedOutgoing(w.province, 'V/v hủy gửi');
    await w.stopAxis();
    await releaseTo(w.province, keep, toDepartment);
    await releaseTo(w.province, drop, toDepartment);
    const queued = (await w.province.call('exchange.outbox.list', { state: 'queued' })).items;
    expect(queued).toHaveLength(2);
    const row = queued.find((q) => q.documentId === drop)!;
    expect((await w.province.call('exchange.outbox.cancel', { id: row.id })).item.state).toBe('cancelled');
    await expect(w.province.call('exchange.outbox.cancel', { id: row.id })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await w.restartAxis();
    await sleep(50);
    const r = await w.province.call('exchange.syncNow', {});
    expect(r.sent).toBe(1);
    expect(recipientStatus(w.province, drop)[0]!.status).toBe('cancelled');
    await exchangeOf(w.department.core).syncNow();
    expect(intakeRows(w.department).map((i) => i.subject)).toEqual(['V/v vẫn gửi']);
  });

  it('picks up a queue left by a closed app and sends each package once after the restart', async () => {
    const ids: number[] = [];
    for (let i = 1; i <= 3; i++) ids.push(await numberedOutgoing(w.province, `V/v hàng đợi ${i}`));
    await w.stopAxis();
    for (const id of ids) await releaseTo(w.province, id, toDepartment);
    await exchangeOf(w.province.core).syncNow();
    w.province.reopen(); // the app closes with 3 packages waiting
    expect(w.province.core.syncState()).toMatchObject({ queued: 3 });
    await w.restartAxis();
    await sleep(120);
    expect(await syncUntil([w.province, w.department], () => intakeRows(w.department).length === 3)).toBe(true);
    expect(outboxRows(w.province).filter((o) => o.kind === 'document').map((o) => o.state)).toEqual(['sent', 'sent', 'sent']);
  });
});

describe('statuses out of order', () => {
  it('never move a recipient backwards: 06 listed before 03 leaves it completed, with every status in the timeline once', async () => {
    const id = await numberedOutgoing(w.province, 'V/v trạng thái đảo thứ tự');
    await releaseTo(w.province, id, toDepartment);
    await syncUntil([w.province, w.department], () => intakeRows(w.department).length === 1);
    const intakeId = intakeRows(w.department)[0]!.id;
    const reg = await w.department.call('exchange.intake.register', { id: intakeId, registerId: w.department.ids.incomingRegister });
    await w.department.call('documents.submit', { id: reg.documentId, leaderId: w.department.ids.leader });
    await w.department.call('documents.direct', { id: reg.documentId, direction: 'Xử lý', mainHandlerId: w.department.ids.specialist });
    await w.department.as.specialist.call('documents.complete', { id: reg.documentId, result: 'Xong' });
    await exchangeOf(w.department.core).syncNow(); // 01, 03, 04, 06 are now on the axis for the province
    w.axis.setFaults({ reorder: true, duplicateRate: 1 });
    await exchangeOf(w.province.core).syncNow();
    expect(recipientStatus(w.province, id)).toEqual([{ recipient_code: DEPARTMENT.code, status: 'completed', status_code: '06' }]);
    const codes = (await w.province.call('exchange.timeline', { documentId: id })).entries.filter((e) => e.event === 'status').map((e) => e.statusCode);
    expect([...codes].sort()).toEqual(['01', '03', '04', '06']);
    expect(codes.at(-1)).not.toBe('06'); // they really did arrive out of order
  });
});

describe('receiving hostile or broken packages', () => {
  function inject(bytes: Uint8Array, documentId: string): void {
    w.axis.store.storeEdoc({
      kind: 'document', senderSystem: w.province.creds.systemId, fromOrgan: PROVINCE.code, documentId, subject: 'x',
      bodySha256: sha256Hex(bytes), sha256: sha256Hex(bytes), packageBytes: bytes, recipients: [DEPARTMENT.code],
    });
  }

  it('quarantines an entity bomb, a package whose attachment hash lies and garbage, acknowledges them as failed and keeps nothing else', async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><export xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">&b;</export>`;
    inject(Buffer.from(bomb), 'bomb');
    const good = (await import('../../integration/axis/helpers')).packageFor(PROVINCE.code, [DEPARTMENT.code], 7);
    const lying = good.replace(/<edXML:Sha256>[0-9a-f]{64}<\/edXML:Sha256>/, `<edXML:Sha256>${'0'.repeat(64)}</edXML:Sha256>`);
    expect(lying).not.toBe(good);
    inject(Buffer.from(lying), 'lying');
    inject(new Uint8Array([0xff, 0xfe, 0x00, 0x41, 0x42]), 'garbage');

    const r = await exchangeOf(w.department.core).syncNow();
    expect(r.received).toMatchObject({ quarantined: 3, intake: 0 });
    const q = w.department.core.db.prepare('SELECT reason, length(raw) AS size FROM exchange_quarantine ORDER BY id').all() as { reason: string; size: number }[];
    expect(q.map((x) => x.reason.split(':')[0])).toEqual(['EDXML_DTD_FORBIDDEN', 'EDXML_ATTACHMENT_MISMATCH', 'EDXML_ENCODING']);
    expect(intakeRows(w.department)).toEqual([]);
    const deliveries = w.axis.store.db.prepare('SELECT state, last_error FROM deliveries ORDER BY edoc_seq').all() as { state: string; last_error: string }[];
    expect(deliveries.map((d) => d.state)).toEqual(['failed', 'failed', 'failed']);
    expect(deliveries[0]!.last_error).toMatch(/DTD/);
    // Later passes neither quarantine them again nor keep acknowledging them.
    await exchangeOf(w.department.core).syncNow();
    expect((w.department.core.db.prepare('SELECT count(*) AS n FROM exchange_quarantine').get() as { n: number }).n).toBe(3);
    const attempts = w.axis.store.db.prepare('SELECT attempts FROM deliveries ORDER BY edoc_seq').all() as { attempts: number }[];
    expect(attempts.map((a) => a.attempts)).toEqual([1, 1, 1]);
  });

  it('gets a package whose attachment hash lies through the axis (a router does not open files) and quarantines it on arrival', async () => {
    const good = (await import('../../integration/axis/helpers')).packageFor(PROVINCE.code, [DEPARTMENT.code], 8);
    const lying = good.replace(/<edXML:Sha256>[0-9a-f]{64}<\/edXML:Sha256>/, `<edXML:Sha256>${'f'.repeat(64)}</edXML:Sha256>`);
    const sent = await exchangeOf(w.province.core).client().sendEdoc(Buffer.from(lying));
    expect(sent.duplicate).toBe(false);
    const r = await exchangeOf(w.department.core).syncNow();
    expect(r.received).toMatchObject({ quarantined: 1, intake: 0 });
    const q = w.department.core.db.prepare('SELECT reason FROM exchange_quarantine').all() as { reason: string }[];
    expect(q[0]!.reason).toMatch(/^EDXML_ATTACHMENT_MISMATCH: .*damaged in transit/);
    expect(w.axis.store.db.prepare('SELECT state FROM deliveries').all()).toEqual([{ state: 'failed' }]);
  });

  it('drops a document already received under another axis id and acknowledges it done', async () => {
    const id = await numberedOutgoing(w.province, 'V/v gửi lại');
    await releaseTo(w.province, id, toDepartment);
    await syncUntil([w.province, w.department], () => intakeRows(w.department).length === 1);
    // The same document, rebuilt by the sender (new bytes → a new axis id).
    const row = w.province.core.db.prepare("SELECT id FROM exchange_outbox WHERE kind = 'document'").get() as { id: number };
    const xml = Buffer.from(exchangeOf(w.province.core).outboxPackage(row.id)!).toString('utf8');
    const again = Buffer.from(xml.replace(`<edXML:OrganId>${AXIS_ORGAN_ID}</edXML:OrganId>`, '').replace('</edXML:Subject>', '</edXML:Subject><!-- resent -->'));
    inject(again, 'again');
    const r = await exchangeOf(w.department.core).syncNow();
    expect(r.received).toMatchObject({ duplicates: 1, intake: 0 });
    expect(intakeRows(w.department)).toHaveLength(1);
    const pending = w.axis.store.db.prepare("SELECT count(*) AS n FROM deliveries WHERE state != 'done' AND organ_id = ?").get(DEPARTMENT.code) as { n: number };
    expect(pending.n).toBe(0);
  });
});
