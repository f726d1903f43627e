import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { startAxisServer, type AxisServerHandle } from '../../../server/axis';
import { AxisClient, signRequest } from '../../../core/exchange/axisClient';
import { connectHosting, expectCode, packageFor, tempDir } from './helpers';

// POST /v1/edocs/status acknowledges many received packages in one request and one commit.

let axis: AxisServerHandle;
let sender: AxisClient;
let receiver: AxisClient;
let other: AxisClient;
let n = 0;

beforeAll(async () => {
  axis = await startAxisServer({ dataDir: tempDir(), port: 0 });
  sender = await connectHosting(axis, 'Tỉnh', { H30: 'UBND tỉnh' });
  receiver = await connectHosting(axis, 'Sở', { 'H30.01': 'Sở Nội vụ', 'H30.02': 'Sở Tài chính' });
  other = await connectHosting(axis, 'Huyện', { 'H30.90': 'UBND huyện' });
});
afterAll(async () => {
  await axis.close();
});

const sendTo = (to: string[]) => sender.sendEdoc(packageFor('H30', to, ++n));
const listed = async (c: AxisClient = receiver) => (await c.getReceivedEdocList({ limit: 1000 })).documents.map((d) => `${d.edocId}|${d.toOrganId}|${d.attempts}`);
const creds = (c: AxisClient) => (c as unknown as { opts: { systemId: string; secret: string } }).opts;

/** A signed POST of any JSON body to the batch route, as a client with a bug would send it. */
async function rawBatch(body: unknown): Promise<{ status: number; error?: { code: string; details?: { items?: { index: number; message: string }[] } } }> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const headers = { ...signRequest(creds(receiver), 'POST', '/v1/edocs/status', text), 'content-type': 'application/json' };
  const res = await fetch(`${axis.url}/v1/edocs/status`, { method: 'POST', headers, body: text });
  return { status: res.status, ...((await res.json()) as object) };
}

describe('batch acknowledgement: refused requests change nothing', () => {
  it('refuses a body that is not a list of 1–500 acknowledgements', async () => {
    const a = await sendTo(['H30.01']);
    const before = await listed();
    for (const body of ['not json', {}, { acks: 'x' }, { acks: [] }, { acks: Array.from({ length: 501 }, () => ({ edocId: a.edocId, status: 'done' })) }]) {
      const r = await rawBatch(body);
      expect({ status: r.status, code: r.error?.code }).toEqual({ status: 400, code: 'VALIDATION' });
    }
    expect(await listed()).toEqual(before);
    await expectCode(receiver.updateStatuses([]), 'VALIDATION');
  });

  it('refuses the whole batch when one item is malformed, naming each bad item', async () => {
    const a = await sendTo(['H30.01']);
    const b = await sendTo(['H30.01']);
    const before = await listed();
    const r = await rawBatch({
      acks: [
        { edocId: a.edocId, status: 'done' },
        { status: 'done' },
        { edocId: b.edocId, status: 'maybe' },
        { edocId: b.edocId, status: 'fail', organId: 'not a code' },
        { edocId: b.edocId, status: 'fail', reason: 42 },
        'done',
        { edocId: 'x'.repeat(300), status: 'done' },
      ],
    });
    expect({ status: r.status, code: r.error?.code }).toEqual({ status: 400, code: 'VALIDATION' });
    expect(r.error?.details?.items?.map((i) => i.index)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await listed()).toEqual(before);
  });
});

describe('batch acknowledgement', () => {
  it('acknowledges many packages with one request and one commit, answering for each', async () => {
    const sent = await Promise.all([1, 2, 3, 4, 5, 6].map(() => sendTo(['H30.01'])));
    const commitsBefore = axis.commits.commits;
    const results = await receiver.updateStatuses(sent.map((s, i) => ({ edocId: s.edocId, status: i < 5 ? 'done' : 'fail', reason: i < 5 ? undefined : 'không đọc được' })));
    expect(results).toEqual(sent.map((s) => ({ edocId: s.edocId, updated: 1 })));
    expect(axis.commits.commits - commitsBefore).toBe(1);
    const left = await listed();
    expect(left.filter((l) => sent.some((s) => l.startsWith(s.edocId)))).toEqual([`${sent[5]!.edocId}|H30.01|1`]);
    const state = (await sender.getSentEdocList({ limit: 50 })).find((e) => e.edocId === sent[5]!.edocId)!.deliveries[0]!;
    expect({ state: state.state, lastError: state.lastError }).toEqual({ state: 'failed', lastError: 'không đọc được' });
    // Done stays done: acknowledging again changes nothing and is not an error.
    expect(await receiver.updateStatuses([{ edocId: sent[0]!.edocId, status: 'fail' }])).toEqual([{ edocId: sent[0]!.edocId, updated: 0 }]);
  });

  it('applies the items the caller may acknowledge and refuses the others one by one', async () => {
    const mine = await sendTo(['H30.01', 'H30.02']);
    const notMine = await sendTo(['H30.90']);
    const results = await receiver.updateStatuses([
      { edocId: mine.edocId, status: 'done', organId: 'H30.01' },
      { edocId: notMine.edocId, status: 'done' },
      { edocId: mine.edocId, status: 'done', organId: 'H30.90' },
      { edocId: '00000000-0000-0000-0000-000000000000', status: 'done' },
    ]);
    expect(results.map((r) => ('error' in r ? r.error.code : r.updated))).toEqual([1, 'NOT_FOUND', 'AXIS_NOT_YOUR_AGENCY', 'NOT_FOUND']);
    // Only H30.01's delivery is done; H30.02 still has it, and the other system's package is untouched.
    expect((await listed()).filter((l) => l.startsWith(mine.edocId))).toEqual([`${mine.edocId}|H30.02|0`]);
    expect(await listed(other)).toContain(`${notMine.edocId}|H30.90|0`);
  });

  it('leaves the one-package route as it was', async () => {
    const a = await sendTo(['H30.02']);
    expect(await receiver.updateStatus(a.edocId, { status: 'done', organId: 'H30.02' })).toEqual({ updated: 1 });
    await expectCode(receiver.updateStatus(a.edocId, { status: 'done', organId: 'H30.90' }), 'AXIS_NOT_YOUR_AGENCY');
  });
});

describe('batch acknowledgement against an axis without the batch route', () => {
  /** A pass-through in front of the stub that answers the batch route 404, as an axis without it would. */
  async function olderAxis(target: string): Promise<{ url: string; close(): Promise<void> }> {
    const server = http.createServer((req, res) => {
      if (req.method === 'POST' && req.url === '/v1/edocs/status') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'No route.' } }));
        return;
      }
      const out = http.request(target + req.url, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(out);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    return {
      url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
      close: () => new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
    };
  }

  it('acknowledges each package with the one-package route instead, with the same results', async () => {
    const older = await olderAxis(axis.url);
    try {
      const viaOlder = new AxisClient({ ...creds(receiver), baseUrl: older.url, timeoutMs: 10_000 });
      const a = await sendTo(['H30.01']);
      const b = await sendTo(['H30.01']);
      const results = await viaOlder.updateStatuses([
        { edocId: a.edocId, status: 'done' },
        { edocId: b.edocId, status: 'fail', reason: 'hỏng' },
        { edocId: '00000000-0000-0000-0000-000000000000', status: 'done' },
      ]);
      expect(results.map((r) => ('error' in r ? r.error.code : r.updated))).toEqual([1, 1, 'NOT_FOUND']);
      expect((await listed()).filter((l) => l.startsWith(a.edocId) || l.startsWith(b.edocId))).toEqual([`${b.edocId}|H30.01|1`]);
    } finally {
      await older.close();
    }
  });
});
