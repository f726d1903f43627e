// Large outbox packages live in the profile's segment log (`<profile>/exchange/outbox/`), not in a
// file each: they must survive a restart, be sent byte for byte, and a damaged one must fail the
// delivery with a reason instead of sending other bytes.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { exchangeOf } from '../../../core/exchange/index';
import { freshWorldEachTest, intakeRows, numberedOutgoing, outboxRows, releaseTo, syncUntil, toDepartment, type World } from './world';

let w: World;
freshWorldEachTest((world) => (w = world));

/** A signed PDF of about 40 KB: its package is over the 16 KB kept in a row. */
const bigPdfLabel = (n: number) => `large ${n} ${'7'.repeat(40_000)}`;

type LoggedRow = { id: number; package: Buffer | null; package_sha256: string; package_segment: number | null; package_offset: number | null; package_size: number | null };
const documentRow = () => w.province.core.db.prepare("SELECT id, package, package_sha256, package_segment, package_offset, package_size FROM exchange_outbox WHERE kind = 'document'").get() as LoggedRow;

/** Releases a large document while the axis is down: the package is built and stored, not sent. */
async function builtWhileOffline(n: number): Promise<LoggedRow> {
  const id = await numberedOutgoing(w.province, `V/v tài liệu lớn ${n}`, { pdfLabel: bigPdfLabel(n) });
  await w.stopAxis();
  await releaseTo(w.province, id, toDepartment);
  expect((await exchangeOf(w.province.core).syncNow()).state.state).toBe('offline');
  return documentRow();
}

describe('outbox packages in the segment log', () => {
  it('keeps a large package in the log across a restart and delivers exactly those bytes', async () => {
    const row = await builtWhileOffline(1);
    expect(row).toMatchObject({ package: null, package_segment: 1, package_offset: 0 });
    expect(row.package_size).toBeGreaterThan(40_000);
    const segment = path.join(w.province.dir, 'exchange', 'outbox', '000001.seg');
    expect(fs.statSync(segment).size).toBe(row.package_size);

    w.province.reopen();
    await w.restartAxis();
    await new Promise((r) => setTimeout(r, 120)); // past the back-off
    expect(await syncUntil([w.province, w.department], () => intakeRows(w.department).length === 1)).toBe(true);
    // What the axis holds is what was built offline, plus the axis's own trace header.
    const stored = w.axis.store.db.prepare('SELECT body_sha256 FROM edocs WHERE kind = ?').get('document') as { body_sha256: string };
    expect(stored.body_sha256).toBe(row.package_sha256);
    expect(outboxRows(w.province).find((o) => o.kind === 'document')).toMatchObject({ state: 'sent', tries: 2 });
    const sent = Buffer.from(exchangeOf(w.province.core).outboxPackage(row.id)!);
    expect(createHash('sha256').update(sent).digest('hex')).toBe(row.package_sha256);
  });

  it('fails a damaged stored package with the reason, and sends nothing in its place', async () => {
    const row = await builtWhileOffline(2);
    w.province.core.close();
    // One byte of the stored package flipped on disk (a bad sector, a bad copy).
    const segment = path.join(w.province.dir, 'exchange', 'outbox', '000001.seg');
    const bytes = fs.readFileSync(segment);
    bytes[row.package_offset! + 500]! ^= 0x20;
    fs.writeFileSync(segment, bytes);
    w.province.reopen();
    await w.restartAxis();
    await new Promise((r) => setTimeout(r, 120));
    await syncUntil([w.province], () => outboxRows(w.province)[0]!.state !== 'queued', 10);
    const failed = outboxRows(w.province)[0]!;
    expect(failed.state).toBe('failed');
    expect(failed.last_error).toMatch(/FILE_CORRUPT: .*damaged.*send the document again/);
    expect(w.axis.store.counts().edocs).toBe(0);
    expect(() => exchangeOf(w.province.core).outboxPackage(row.id)).toThrow(/damaged/);
  });

  it('still sends a package built before the log (kept in the blob store)', async () => {
    const row = await builtWhileOffline(3);
    // What a profile from before migration 008 holds: the bytes as a blob named by their hash.
    const bytes = Buffer.from(exchangeOf(w.province.core).outboxPackage(row.id)!);
    expect(w.province.core.blobs.put(bytes).sha256).toBe(row.package_sha256);
    w.province.core.db.prepare('UPDATE exchange_outbox SET package_segment = NULL, package_offset = NULL, package_size = NULL WHERE id = ?').run(row.id);
    fs.rmSync(path.join(w.province.dir, 'exchange', 'outbox'), { recursive: true });
    w.province.reopen();
    await w.restartAxis();
    await new Promise((r) => setTimeout(r, 120));
    expect(await syncUntil([w.province, w.department], () => intakeRows(w.department).length === 1)).toBe(true);
    expect((w.axis.store.db.prepare("SELECT body_sha256 FROM edocs WHERE kind = 'document'").get() as { body_sha256: string }).body_sha256).toBe(row.package_sha256);
  });
});
