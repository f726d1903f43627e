import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { startAxisServer, type AxisServerHandle } from '../../../server/axis';
import { INLINE_LIST_BYTES, MAX_INLINE_PACKAGE_BYTES } from '../../../server/axis/server';
import { sha256HexOf, type AxisClient } from '../../../core/exchange/axisClient';
import { connectHosting, expectCode, packageFor, tempDir } from './helpers';

// GET /v1/edocs/received?inline=<bytes> carries small packages (statuses) in the listing itself,
// saving one download request each.

let axis: AxisServerHandle;
let sender: AxisClient;
let receiver: AxisClient;
let n = 0;

beforeAll(async () => {
  axis = await startAxisServer({ dataDir: tempDir(), port: 0 });
  sender = await connectHosting(axis, 'Tỉnh', { H40: 'UBND tỉnh' });
  receiver = await connectHosting(axis, 'Sở', { 'H40.01': 'Sở Nội vụ' });
});
afterAll(async () => {
  await axis.close();
});

/** A package of about `kb` kilobytes (its attachment is incompressible). */
const packageOfSize = (kb: number) =>
  packageFor('H40', ['H40.01'], ++n, { attachments: [{ contentId: `a${n}`, name: `vb-${n}.pdf`, mimeType: 'application/pdf', bytes: new Uint8Array(randomBytes(Math.round(kb * 1024 * 0.74))), sha256: '' }] });

async function drain(): Promise<void> {
  const l = await receiver.getReceivedEdocList({ limit: 1000 });
  const all = [...l.documents, ...l.statuses];
  if (all.length) await receiver.updateStatuses(all.map((e) => ({ edocId: e.edocId, status: 'done' })));
}

describe('inline packages in the listing', () => {
  it('refuses an inline size that is not a whole number from 0 to 64 KiB', async () => {
    for (const inline of [-1, MAX_INLINE_PACKAGE_BYTES + 1, 1.5, Number.NaN]) {
      await expectCode(receiver.getReceivedEdocList({ inline }), 'VALIDATION');
    }
  });

  it('carries each package up to the asked size, byte for byte as downloaded, and leaves larger ones to download', async () => {
    await drain();
    const small = await sender.sendEdoc(packageFor('H40', ['H40.01'], ++n));
    const large = await sender.sendEdoc(packageOfSize(30));
    const list = await receiver.getReceivedEdocList({ inline: 20_000 });
    const byId = new Map(list.documents.map((d) => [d.edocId, d]));
    const s = byId.get(small.edocId)!;
    const bytes = Buffer.from(s.packageBase64!, 'base64');
    expect(bytes.equals(Buffer.from(await receiver.getEdoc(small.edocId)))).toBe(true);
    expect(sha256HexOf(bytes)).toBe(s.sha256);
    expect(bytes.length).toBe(s.size);
    expect(byId.get(large.edocId)!.size).toBeGreaterThan(20_000);
    expect(byId.get(large.edocId)!.packageBase64).toBeUndefined();
    // Up to 64 KiB, a package kept as a file (from 16 KB) is carried too; without inline, nothing is.
    const both = await receiver.getReceivedEdocList({ inline: MAX_INLINE_PACKAGE_BYTES });
    expect(both.documents.every((d) => Buffer.from(d.packageBase64!, 'base64').length === d.size)).toBe(true);
    expect((await receiver.getReceivedEdocList()).documents.every((d) => d.packageBase64 === undefined)).toBe(true);
  });

  it('stops carrying bytes once a listing holds its budget; the rest are listed to download', async () => {
    await drain();
    const count = Math.ceil(INLINE_LIST_BYTES / (60 * 1024)) + 3;
    for (let i = 0; i < count; i += 8) await Promise.all(Array.from({ length: Math.min(8, count - i) }, () => sender.sendEdoc(packageOfSize(60))));
    const list = await receiver.getReceivedEdocList({ inline: MAX_INLINE_PACKAGE_BYTES, limit: 1000 });
    expect(list.documents).toHaveLength(count);
    const carried = list.documents.filter((d) => d.packageBase64 !== undefined);
    expect(carried.length).toBeGreaterThan(0);
    expect(carried.length).toBeLessThan(count);
    expect(carried.reduce((sum, d) => sum + d.size, 0)).toBeLessThanOrEqual(INLINE_LIST_BYTES);
    // Oldest first: the carried ones are the first listed.
    expect(list.documents.slice(0, carried.length)).toEqual(carried);
  }, 30_000);
});
