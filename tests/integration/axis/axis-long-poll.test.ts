import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAxisServer, type AxisServerHandle } from '../../../server/axis';
import { MAX_WAIT_MS } from '../../../server/axis/server';
import { AxisClient } from '../../../core/exchange/axisClient';
import { connectHosting, expectCode, packageFor, tempDir } from './helpers';

// GET /v1/edocs/received?wait=<ms>: an empty listing is held until a package for one of the
// caller's agencies is committed, or the wait runs out. Replaces polling again and again.

let axis: AxisServerHandle;
let sender: AxisClient;
let receiver: AxisClient;
let bystander: AxisClient;
let n = 0;

beforeAll(async () => {
  axis = await startAxisServer({ dataDir: tempDir(), port: 0 });
  sender = await connectHosting(axis, 'Tỉnh', { H50: 'UBND tỉnh' });
  receiver = await connectHosting(axis, 'Sở', { 'H50.01': 'Sở Nội vụ' });
  bystander = await connectHosting(axis, 'Huyện', { 'H50.90': 'UBND huyện' });
});
afterAll(async () => {
  await axis.close();
});

async function heldNow(a: AxisServerHandle = axis): Promise<number> {
  const res = await fetch(`${a.url}/admin/stats`, { headers: { authorization: `Bearer ${a.adminToken}` } });
  return ((await res.json()) as { longPolls: { held: number } }).longPolls.held;
}

async function until(cond: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function drain(c: AxisClient): Promise<void> {
  const l = await c.getReceivedEdocList({ limit: 1000 });
  const all = [...l.documents, ...l.statuses];
  if (all.length) await c.updateStatuses(all.map((e) => ({ edocId: e.edocId, status: 'done' })));
}

describe('long-poll: refused and cut-short requests', () => {
  it('refuses a wait that is not a whole number of milliseconds from 0 to 25 000', async () => {
    for (const wait of [-1, MAX_WAIT_MS + 1, 1.5]) await expectCode(receiver.getReceivedEdocList({ wait }), 'VALIDATION');
    expect(await heldNow()).toBe(0);
  });

  it('ends every held request when the axis closes, and the close does not wait for them', async () => {
    const own = await startAxisServer({ dataDir: tempDir(), port: 0 });
    const c = await connectHosting(own, 'Sở', { 'H51.01': 'Sở Nội vụ' });
    const held = [c.getReceivedEdocList({ wait: 20_000 }), c.getReceivedEdocList({ wait: 20_000, organId: 'H51.01' })];
    const outcomes = Promise.allSettled(held);
    await until(async () => (await heldNow(own)) === 2);
    const t0 = performance.now();
    await own.close();
    const settled = await outcomes;
    expect(performance.now() - t0).toBeLessThan(5_000);
    for (const s of settled) {
      expect(s.status).toBe('rejected');
      expect(['AXIS_SERVER_ERROR', 'AXIS_UNREACHABLE']).toContain((s as PromiseRejectedResult).reason.code);
    }
  });

  it('lets go of a held request whose caller gave up', async () => {
    const abort = new AbortController();
    const held = receiver.getReceivedEdocList({ wait: 20_000, signal: abort.signal });
    await until(async () => (await heldNow()) === 1);
    abort.abort();
    await expectCode(held, 'AXIS_UNREACHABLE');
    await until(async () => (await heldNow()) === 0);
  });
});

describe('long-poll', () => {
  it('answers at once when something is already listed', async () => {
    await drain(receiver);
    const sent = await sender.sendEdoc(packageFor('H50', ['H50.01'], ++n));
    const t0 = performance.now();
    const list = await receiver.getReceivedEdocList({ wait: 20_000 });
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(list.documents.map((d) => d.edocId)).toEqual([sent.edocId]);
  });

  it('holds an empty listing until a package for the caller is committed, then lists it (with its bytes if asked)', async () => {
    await drain(receiver);
    await drain(bystander);
    const held = receiver.getReceivedEdocList({ wait: 20_000, inline: 64 * 1024 });
    await until(async () => (await heldNow()) === 1);
    // A package for another system's agency does not wake it.
    await sender.sendEdoc(packageFor('H50', ['H50.90'], ++n));
    expect(await heldNow()).toBe(1);
    const t0 = performance.now();
    const sent = await sender.sendEdoc(packageFor('H50', ['H50.01'], ++n));
    const list = await held;
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(list.documents.map((d) => d.edocId)).toEqual([sent.edocId]);
    expect(list.documents[0]!.packageBase64).toBeDefined();
    expect(await heldNow()).toBe(0);
  });

  it('holds while only packages refused before are listed, and answers them with the next new one', async () => {
    await drain(receiver);
    const refused = await sender.sendEdoc(packageFor('H50', ['H50.01'], ++n));
    await receiver.updateStatuses([{ edocId: refused.edocId, status: 'fail', reason: 'hỏng' }]);
    const held = receiver.getReceivedEdocList({ wait: 20_000 });
    await until(async () => (await heldNow()) === 1);
    const fresh = await sender.sendEdoc(packageFor('H50', ['H50.01'], ++n));
    expect((await held).documents.map((d) => [d.edocId, d.attempts])).toEqual([[refused.edocId, 1], [fresh.edocId, 0]]);
  });

  it('answers an empty list once the wait runs out, also past the client’s usual per-request timeout', async () => {
    await drain(receiver);
    const creds = (receiver as unknown as { opts: { systemId: string; secret: string } }).opts;
    const impatient = new AxisClient({ baseUrl: axis.url, ...creds, timeoutMs: 500 });
    const t0 = performance.now();
    const list = await impatient.getReceivedEdocList({ wait: 1_500 });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(1_400);
    expect(list).toEqual({ documents: [], statuses: [] });
  });
});
