import { describe, expect, it } from 'vitest';
import http from 'node:http';
import { exchangeOf, startExchange } from '../../../core/exchange/index';
import { freshWorldEachTest, intakeRows, numberedOutgoing, recipientStatus, releaseTo, toDepartment, type World } from './world';

// The background loop listens with a listing the axis holds until something arrives, instead of
// polling every poll_seconds; sending never waits behind that held listing.

let w: World;
freshWorldEachTest((world) => (w = world));


async function held(): Promise<number> {
  const res = await fetch(`${w.axis.url}/admin/stats`, { headers: { authorization: `Bearer ${w.axis.adminToken}` } });
  return ((await res.json()) as { longPolls: { held: number } }).longPolls.held;
}

async function until(cond: () => boolean | Promise<boolean>, ms: number): Promise<number> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error(`not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return Date.now() - t0;
}

describe('the background listener', () => {
  it('takes a release the moment it reaches the axis, and its 01 comes back the same way, with polling set to once a minute', async () => {
    for (const a of [w.province, w.department]) {
      await a.call('exchange.configure', { axisUrl: w.axis.url, systemId: a.creds.systemId, enabled: true, pollSeconds: 60 });
      startExchange(a.core);
    }
    const id = await numberedOutgoing(w.province, 'V/v gửi khi đang chờ');
    // Both listeners are waiting on the axis before the release.
    await until(async () => (await held()) === 2, 10_000);
    await releaseTo(w.province, id, toDepartment);
    // Well under a minute: neither side waited for its next poll.
    await until(() => intakeRows(w.department).length === 1, 20_000);
    await until(() => recipientStatus(w.province, id)[0]?.status === 'arrived', 20_000);
  });

  it('lets go of its held listing when the loop stops, and the profile closes at once', async () => {
    await w.department.call('exchange.configure', { axisUrl: w.axis.url, systemId: w.department.creds.systemId, enabled: true, pollSeconds: 60 });
    startExchange(w.department.core);
    await until(async () => (await held()) === 1, 10_000);
    exchangeOf(w.department.core).stop();
    await until(async () => (await held()) === 0, 5_000);
  });

  it('a manual sync while the listener is held sends at once and does not wait for the listing', async () => {
    await w.province.call('exchange.configure', { axisUrl: w.axis.url, systemId: w.province.creds.systemId, enabled: true, pollSeconds: 60 });
    startExchange(w.province.core);
    await until(async () => (await held()) === 1, 10_000);
    const id = await numberedOutgoing(w.province, 'V/v gửi tay');
    await releaseTo(w.province, id, toDepartment);
    const t0 = Date.now();
    const r = await exchangeOf(w.province.core).syncNow();
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(r.received).toEqual({ intake: 0, duplicates: 0, statuses: 0, quarantined: 0 });
    expect(recipientStatus(w.province, id)[0]?.status).toBe('sent');
    expect(await held()).toBe(1);
  });
});

describe('the background listener against an axis that does not hold listings', () => {
  it('falls back to polling every poll_seconds instead of asking again and again', async () => {
    // A pass-through to the stub that answers every listing at once with nothing, as an axis
    // without long-poll would while nothing is waiting.
    let listings = 0;
    const server = http.createServer((req, res) => {
      if (req.method === 'GET' && req.url?.startsWith('/v1/edocs/received')) {
        listings++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"documents":[],"statuses":[]}');
        return;
      }
      const out = http.request(w.axis.url + req.url, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(out);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      await w.department.call('exchange.configure', { axisUrl: url, systemId: w.department.creds.systemId, enabled: true, pollSeconds: 5 });
      startExchange(w.department.core);
      await until(() => listings >= 1, 10_000);
      await new Promise((r) => setTimeout(r, 2_000));
      // The listener's first try (the first pass leaves the listing to it); then nothing until the
      // next poll, 5 s later.
      expect(listings).toBeLessThanOrEqual(2);
      exchangeOf(w.department.core).stop();
    } finally {
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
    }
  });
});
