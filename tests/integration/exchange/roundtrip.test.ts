import { describe, expect, it } from 'vitest';
import { buildEdxml } from '../../../core/exchange/edxml';
import { exchangeOf, startExchange } from '../../../core/exchange/index';
import { AxisClient } from '../../../core/exchange/axisClient';
import { DEPARTMENT, freshWorldEachTest, intakeRows, numberedOutgoing, outboxRows, PROVINCE, recipientStatus, releaseTo, syncUntil, toDepartment, type World } from './world';
import { sampleDocument, tinyPdf } from '../../unit/exchange/fixtures';

let w: World;
freshWorldEachTest((world) => (w = world));


describe('a document travelling between two agencies', () => {
  it('arrives in the receiver’s intake, is registered from the package, and every status from 01 to 06 reaches the sender’s timeline', async () => {
    const id = await numberedOutgoing(w.province, 'V/v triển khai chuyển đổi số năm 2027', { pdfLabel: 'cong van 2027' });
    const events: unknown[] = [];
    w.province.core.events.on((e) => events.push(e));
    await releaseTo(w.province, id, toDepartment);
    expect(w.province.core.syncState()).toMatchObject({ state: 'online', queued: 1 });
    // The status bar hears about the queued package at once (sync.state event).
    expect(events).toContainEqual(expect.objectContaining({ type: 'sync.state', queued: 1 }));

    expect(await syncUntil([w.province, w.department], () => recipientStatus(w.province, id)[0]?.status === 'arrived')).toBe(true);
    const list = await w.department.call('exchange.intake.list', { state: 'pending' });
    expect(list.items).toEqual([expect.objectContaining({ fromCode: PROVINCE.code, fromName: PROVINCE.name, subject: 'V/v triển khai chuyển đổi số năm 2027', numberNotation: '01/UBND' })]);
    const item = (await w.department.call('exchange.intake.get', { id: list.items[0]!.id })).item;
    expect(item.attachments).toEqual([expect.objectContaining({ name: 'cong-van.pdf', mimeType: 'application/pdf', hashMatches: true, signature: 'unsigned' })]);
    expect(item.proposed).toMatchObject({ numberNotation: '01/UBND', issuerCode: PROVINCE.code, typeCode: 'CV', signer: 'Lê Quang Hùng' });

    const reg = await w.department.call('exchange.intake.register', { id: item.id, registerId: w.department.ids.incomingRegister });
    expect(reg.item).toMatchObject({ state: 'registered', documentId: reg.documentId });
    const doc = (await w.department.call('documents.get', { id: reg.documentId })).document;
    expect(doc).toMatchObject({ direction: 'incoming', status: 'registered', arrivalNumber: 1, issuerName: PROVINCE.name, numberNotation: '01/UBND', subject: 'V/v triển khai chuyển đổi số năm 2027' });
    expect(doc.attachments.map((a) => a.fileName)).toEqual(['cong-van.pdf']);
    // Registering twice is refused.
    await expect(w.department.call('exchange.intake.register', { id: item.id, registerId: w.department.ids.incomingRegister })).rejects.toMatchObject({ code: 'INVALID_STATE' });

    // The department's workflow: submit → direct (04) → the handler opens it (05) → completes (06).
    await w.department.call('documents.submit', { id: reg.documentId, leaderId: w.department.ids.leader });
    await w.department.call('documents.direct', { id: reg.documentId, direction: 'Giao Phòng CNTT xử lý', mainHandlerId: w.department.ids.specialist });
    await w.department.as.specialist.call('documents.markRead', { id: reg.documentId });
    await w.department.as.specialist.call('documents.complete', { id: reg.documentId, result: 'Đã triển khai' });
    expect(outboxRows(w.department).filter((o) => o.kind === 'status').map((o) => o.status_code)).toEqual(['01', '03', '04', '05', '06']);

    expect(await syncUntil([w.department, w.province], () => recipientStatus(w.province, id)[0]?.status === 'completed')).toBe(true);
    const t = await w.province.call('exchange.timeline', { documentId: id });
    expect(t.recipients).toEqual([expect.objectContaining({ recipientCode: DEPARTMENT.code, status: 'completed', statusCode: '06' })]);
    // The document's own timeline (documents.timeline) shows the delivery and each status.
    const docTimeline = (await w.province.call('documents.timeline', { id })).entries;
    expect(docTimeline.map((e) => e.action)).toEqual(expect.arrayContaining(['outgoing.release', 'exchange.sent', 'exchange.status']));
    expect(docTimeline.filter((e) => e.action === 'exchange.status').map((e) => (e.detail as { statusCode: string }).statusCode)).toEqual(['01', '03', '04', '05', '06']);
    // The document view's release list shows it delivered too.
    expect((await w.province.call('documents.get', { id })).document.releaseRecipients).toEqual([expect.objectContaining({ agencyCode: DEPARTMENT.code, delivery: 'delivered' })]);
    expect(t.entries.map((e) => e.event + (e.statusCode ? ':' + e.statusCode : ''))).toEqual(['queued', 'sent', 'status:01', 'status:03', 'status:04', 'status:05', 'status:06']);
    const dt = await w.department.call('exchange.timeline', { documentId: reg.documentId });
    expect(dt.entries.map((e) => e.event)).toEqual(expect.arrayContaining(['received', 'registered', 'status.sent']));
  });

  it('is delivered by the background loop with nobody pressing sync, and the 01 comes back the same way', async () => {
    for (const a of [w.province, w.department]) {
      await a.call('exchange.configure', { axisUrl: w.axis.url, systemId: a.creds.systemId, enabled: true, pollSeconds: 5 });
      startExchange(a.core);
    }
    const id = await numberedOutgoing(w.province, 'V/v gửi tự động');
    await releaseTo(w.province, id, toDepartment);
    const until = Date.now() + 25_000;
    while (recipientStatus(w.province, id)[0]?.status !== 'arrived' && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(recipientStatus(w.province, id)[0]?.status).toBe('arrived');
    expect(intakeRows(w.department)).toHaveLength(1);
  });

  it('registers with the clerk’s corrections, and refuses a document already registered by hand unless forced', async () => {
    const id = await numberedOutgoing(w.province, 'V/v sửa trích yếu khi vào sổ');
    await releaseTo(w.province, id, toDepartment);
    await syncUntil([w.province, w.department], () => intakeRows(w.department).length === 1);
    const intakeId = intakeRows(w.department)[0]!.id;
    const proposed = (await w.department.call('exchange.intake.get', { id: intakeId })).item.proposed;
    // The same document was already typed in by hand from a paper copy.
    await w.department.call('documents.registerIncoming', {
      registerId: w.department.ids.incomingRegister, numberNotation: proposed.numberNotation, issuerName: proposed.issuerName, issuerCode: proposed.issuerCode,
      dateIssued: proposed.dateIssued, subject: proposed.subject, attachments: [],
    });
    await expect(w.department.call('exchange.intake.register', { id: intakeId, registerId: w.department.ids.incomingRegister })).rejects.toMatchObject({ code: 'DUPLICATE' });
    expect(intakeRows(w.department)[0]!.state).toBe('pending'); // nothing half-done: no 03 queued either
    expect(outboxRows(w.department).map((o) => o.status_code)).toEqual(['01']);
    const reg = await w.department.call('exchange.intake.register', {
      id: intakeId, registerId: w.department.ids.incomingRegister, force: true, overrides: { subject: 'V/v sửa trích yếu (đã chỉnh)', notes: 'Bản điện tử của văn bản đã vào sổ giấy' },
    });
    const doc = (await w.department.call('documents.get', { id: reg.documentId })).document;
    expect(doc).toMatchObject({ subject: 'V/v sửa trích yếu (đã chỉnh)', notes: 'Bản điện tử của văn bản đã vào sổ giấy', arrivalNumber: 2 });
    expect(outboxRows(w.department).map((o) => o.status_code)).toEqual(['01', '03']);
  });

  it('sends each workflow status once: reassigning the main handler does not send 04 again', async () => {
    const id = await numberedOutgoing(w.province, 'V/v giao lại người xử lý');
    await releaseTo(w.province, id, toDepartment);
    await syncUntil([w.province, w.department], () => intakeRows(w.department).length === 1);
    const reg = await w.department.call('exchange.intake.register', { id: intakeRows(w.department)[0]!.id, registerId: w.department.ids.incomingRegister });
    await w.department.call('documents.submit', { id: reg.documentId, leaderId: w.department.ids.leader });
    const directed = await w.department.call('documents.direct', { id: reg.documentId, direction: 'Xử lý', mainHandlerId: w.department.ids.specialist });
    const main = directed.document.assignments.find((a) => a.role === 'main')!;
    await w.department.call('documents.reassign', { assignmentId: main.id, userId: w.department.ids.leader, reason: 'Chuyển người xử lý' });
    expect(outboxRows(w.department).map((o) => o.status_code)).toEqual(['01', '03', '04']);
  });

  it('rejecting from intake sends 02 and the sender sees the reason', async () => {
    const id = await numberedOutgoing(w.province, 'V/v gửi nhầm cơ quan');
    await releaseTo(w.province, id, toDepartment);
    await syncUntil([w.province, w.department], () => intakeRows(w.department).length === 1);
    await w.department.call('exchange.intake.reject', { id: intakeRows(w.department)[0]!.id, reason: 'Không thuộc thẩm quyền' });
    expect(await syncUntil([w.department, w.province], () => recipientStatus(w.province, id)[0]?.status === 'rejected')).toBe(true);
    const t = await w.province.call('exchange.timeline', { documentId: id });
    expect(t.recipients[0]!.detail).toContain('Không thuộc thẩm quyền');
  });

  it('routes a revoke to the document it revokes and tells the clerk', async () => {
    const client = new AxisClient({ baseUrl: w.axis.url, ...w.province.creds });
    const base = {
      from: { organId: PROVINCE.code, organName: PROVINCE.name },
      to: [{ organId: DEPARTMENT.code, organName: DEPARTMENT.name }],
      documentId: `${PROVINCE.code},2026/11/20,15/UBND-VX`,
      traceHeaders: [{ organId: PROVINCE.code, timestamp: '2026-11-20T09:00:00+07:00' }],
      attachments: [{ contentId: 'a1', name: 'vb.pdf', mimeType: 'application/pdf', bytes: tinyPdf('15'), sha256: '' }],
    };
    await client.sendEdoc(buildEdxml(sampleDocument(base)));
    await client.sendEdoc(buildEdxml(sampleDocument({ ...base, business: { docType: 1, reason: 'Ban hành nhầm' }, attachments: [] })));
    await exchangeOf(w.department.core).syncNow();
    const rows = intakeRows(w.department);
    expect(rows.map((r) => r.business_type)).toEqual([0, 1]);
    expect(rows[0]!.notice).toMatch(/revoked by the sender.*Ban hành nhầm/);
    const item = (await w.department.call('exchange.intake.get', { id: rows[0]!.id })).item;
    expect(item.timeline.map((e) => e.event)).toEqual(['received', 'revoked']);

    // An update of a document already registered shows on that document's own timeline.
    const reg = await w.department.call('exchange.intake.register', { id: rows[0]!.id, registerId: w.department.ids.incomingRegister });
    await client.sendEdoc(buildEdxml(sampleDocument({
      ...base, documentId: `${PROVINCE.code},2026/11/21,16/UBND-VX`,
      business: { docType: 2, reason: 'Sửa thời hạn', documentInfo: [{ documentId: base.documentId, organIds: [DEPARTMENT.code], changedFields: ['DueDate'] }] },
    })));
    await exchangeOf(w.department.core).syncNow();
    const timeline = (await w.department.call('documents.timeline', { id: reg.documentId })).entries.map((e) => e.action);
    expect(timeline).toContain('exchange.updated');
  });

  it('reports the directory from the axis, searchable by name or code, and never returns the secret', async () => {
    const all = (await w.province.call('exchange.directory', {})).agencies.map((a) => a.organId);
    expect(all).toEqual([PROVINCE.code, DEPARTMENT.code].sort());
    expect((await w.province.call('exchange.directory', { search: 'thông tin' })).agencies.map((a) => a.organId)).toEqual([DEPARTMENT.code]);
    const s = await w.province.call('exchange.getSettings', {});
    expect(s.settings).toMatchObject({ axisUrl: w.axis.url, hasSecret: true });
    expect(JSON.stringify(s)).not.toContain(w.province.creds.secret);
    const audit = w.province.core.db.prepare("SELECT after_json FROM audit_log WHERE action = 'exchange.configure'").all() as { after_json: string }[];
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain(w.province.creds.secret);
  });
});
