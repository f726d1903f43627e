import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { exchangeOf } from '../../../core/exchange/index';
import { sha256Hex } from '../../../core/exchange/edxml';
import { packageFor } from '../axis/helpers';
import { DEPARTMENT, freshWorldEachTest, intakeRows, numberedOutgoing, PROVINCE, releaseTo, toDepartment, type World } from './world';

// What one received group costs in requests to the axis: one listing that carries the small
// packages, downloads for the large ones only, and one acknowledgement for the whole group.

let w: World;
freshWorldEachTest((world) => (w = world));


async function requestsSoFar(): Promise<Record<string, number>> {
  const res = await fetch(`${w.axis.url}/admin/stats`, { headers: { authorization: `Bearer ${w.axis.adminToken}` } });
  return ((await res.json()) as { requests: Record<string, number> }).requests;
}

async function requestsDuring(work: () => Promise<unknown>): Promise<Record<string, number>> {
  const before = await requestsSoFar();
  await work();
  const after = await requestsSoFar();
  return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]).filter(([, v]) => v !== 0));
}

describe('requests per received group', () => {
  it('takes small packages from the listing and acknowledges the whole group with one request, both ways', async () => {
    const ids = [];
    for (let i = 1; i <= 3; i++) ids.push(await numberedOutgoing(w.province, `V/v số ${i}`));
    for (const id of ids) await releaseTo(w.province, id, toDepartment);
    expect(await requestsDuring(() => exchangeOf(w.province.core).syncNow())).toEqual({ total: 4, send: 3, received: 1 });

    const received = await requestsDuring(async () => {
      expect((await exchangeOf(w.department.core).syncNow()).received).toMatchObject({ intake: 3, quarantined: 0 });
    });
    expect(received).toEqual({ total: 2, received: 1, acks: 1 });
    expect(intakeRows(w.department)).toHaveLength(3);
    // The three 01 statuses go out with the next pass.
    expect(await requestsDuring(() => exchangeOf(w.department.core).syncNow())).toEqual({ total: 4, send: 3, received: 1 });

    const back = await requestsDuring(async () => {
      expect((await exchangeOf(w.province.core).syncNow()).received).toMatchObject({ statuses: 3 });
    });
    expect(back).toEqual({ total: 2, received: 1, acks: 1 });
  });
});

describe('a listed package whose bytes do not match the axis hash', () => {
  /** Puts a package on the axis whose listed SHA-256 is not that of its bytes (a corrupted store). */
  function injectWithWrongHash(bytes: Uint8Array, documentId: string): void {
    w.axis.store.storeEdoc({
      kind: 'document', senderSystem: w.province.creds.systemId, fromOrgan: PROVINCE.code, documentId, subject: 'x',
      bodySha256: sha256Hex(bytes), sha256: sha256Hex(randomBytes(16)), packageBytes: bytes, recipients: [DEPARTMENT.code],
    });
  }

  it('is quarantined and acknowledged as failed, whether it came inside the listing or was downloaded', async () => {
    const small = Buffer.from(packageFor(PROVINCE.code, [DEPARTMENT.code], 71));
    const large = Buffer.from(
      packageFor(PROVINCE.code, [DEPARTMENT.code], 72, { attachments: [{ contentId: 'big', name: 'big.pdf', mimeType: 'application/pdf', bytes: new Uint8Array(randomBytes(100 * 1024)), sha256: '' }] }),
    );
    expect(small.length).toBeLessThan(64 * 1024);
    expect(large.length).toBeGreaterThan(64 * 1024);
    injectWithWrongHash(small, 'small');
    injectWithWrongHash(large, 'large');

    const used = await requestsDuring(async () => {
      expect((await exchangeOf(w.department.core).syncNow()).received).toMatchObject({ quarantined: 2, intake: 0 });
    });
    expect(used.get).toBe(1); // only the large one was downloaded
    const q = w.department.core.db.prepare('SELECT reason, length(raw) AS size FROM exchange_quarantine ORDER BY id').all() as { reason: string; size: number }[];
    expect(q.map((x) => x.reason.split(':')[0])).toEqual(['EXCHANGE_PACKAGE_HASH', 'EXCHANGE_PACKAGE_HASH']);
    expect(q.map((x) => x.size)).toEqual([small.length, large.length]);
    expect(intakeRows(w.department)).toEqual([]);
    const deliveries = w.axis.store.db.prepare('SELECT state, last_error FROM deliveries ORDER BY edoc_seq').all() as { state: string; last_error: string }[];
    expect(deliveries.map((d) => [d.state, d.last_error.split(':')[0]])).toEqual([['failed', 'EXCHANGE_PACKAGE_HASH'], ['failed', 'EXCHANGE_PACKAGE_HASH']]);
  });
});
