// Received attachments wait in the inbox segment log (`<profile>/exchange/inbox/`) until the clerk
// registers their package; registering copies them into the blob store as the document's files.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { freshWorldEachTest, intakeRows, numberedOutgoing, releaseTo, syncUntil, toDepartment, type World } from './world';

let w: World;
freshWorldEachTest((world) => (w = world));

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const fileRows = () => w.department.core.db.prepare('SELECT sha256, segment, offset, size FROM exchange_inbox_files ORDER BY segment, offset').all() as { sha256: string; segment: number; offset: number; size: number }[];

/** Sends one document with a PDF of about 40 KB and waits for it in the department's intake. */
async function received(n: number): Promise<{ intakeId: number; pdfSha: string }> {
  const id = await numberedOutgoing(w.province, `V/v hồ sơ số ${n}`, { pdfLabel: `inbox ${n} ${'5'.repeat(40_000)}` });
  await releaseTo(w.province, id, toDepartment);
  expect(await syncUntil([w.province, w.department], () => intakeRows(w.department).length >= n)).toBe(true);
  const intakeId = intakeRows(w.department)[n - 1]!.id;
  const item = (await w.department.call('exchange.intake.get', { id: intakeId })).item;
  return { intakeId, pdfSha: item.attachments[0]!.sha256 };
}

describe('received files in the inbox log', () => {
  it('keeps a received PDF in the inbox log, shows it before registering, and makes it a document file on registering', async () => {
    const { intakeId, pdfSha } = await received(1);
    expect(fileRows()).toEqual([expect.objectContaining({ sha256: pdfSha, segment: 1, offset: 0 })]);
    expect(w.department.core.blobs.has(pdfSha)).toBe(false); // no file per received attachment
    expect(fs.statSync(path.join(w.department.dir, 'exchange', 'inbox', '000001.seg')).size).toBe(fileRows()[0]!.size);

    // The clerk opens the PDF from intake, also after a restart.
    w.department.reopen();
    const item = (await w.department.call('exchange.intake.get', { id: intakeId })).item;
    const shown = await w.department.call('exchange.intake.file', { id: intakeId, contentId: item.attachments[0]!.contentId });
    expect(sha(Buffer.from(shown.contentBase64, 'base64'))).toBe(pdfSha);

    const reg = await w.department.call('exchange.intake.register', { id: intakeId, registerId: w.department.ids.incomingRegister });
    expect(w.department.core.blobs.has(pdfSha)).toBe(true);
    const doc = (await w.department.call('documents.get', { id: reg.documentId })).document;
    const file = await w.department.call('attachments.get', { id: doc.attachments[0]!.id });
    expect(sha(Buffer.from(file.contentBase64!, 'base64'))).toBe(pdfSha);
  });

  it('reports a received PDF damaged in the inbox store instead of showing or registering other bytes', async () => {
    const { intakeId } = await received(1);
    w.department.core.close();
    const segment = path.join(w.department.dir, 'exchange', 'inbox', '000001.seg');
    const bytes = fs.readFileSync(segment);
    bytes[1000]! ^= 0x01;
    fs.writeFileSync(segment, bytes);
    w.department.reopen();
    const item = (await w.department.call('exchange.intake.get', { id: intakeId })).item;
    await expect(w.department.call('exchange.intake.file', { id: intakeId, contentId: item.attachments[0]!.contentId })).rejects.toMatchObject({ code: 'FILE_CORRUPT', message: expect.stringMatching(/damaged.*send the document again/) });
    await expect(w.department.call('exchange.intake.register', { id: intakeId, registerId: w.department.ids.incomingRegister })).rejects.toMatchObject({ code: 'FILE_CORRUPT' });
    expect(intakeRows(w.department)[0]!.state).toBe('pending'); // nothing registered
  });

  it('stores a PDF received twice (two packages) once', async () => {
    await received(1);
    const again = await numberedOutgoing(w.province, 'V/v hồ sơ số 1 (gửi lại)', { pdfLabel: `inbox 1 ${'5'.repeat(40_000)}` });
    await releaseTo(w.province, again, toDepartment);
    expect(await syncUntil([w.province, w.department], () => intakeRows(w.department).length === 2)).toBe(true);
    expect(fileRows()).toHaveLength(1);
  });
});
