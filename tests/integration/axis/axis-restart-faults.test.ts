import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { startAxisServer, type AxisServerHandle } from '../../../server/axis';
import { AxisClient, signRequest } from '../../../core/exchange/axisClient';
import { connectHosting, expectCode, packageFor, setFaults, tempDir } from './helpers';

/** Runs the axis as its own process (as `npm run axis` does) and waits for its listening line. */
async function spawnAxis(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/axis/main.ts', '--port', '0', '--data-dir', dataDir, '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`axis exited with ${code}`)));
    lines.once('line', (l) => resolve((JSON.parse(l) as { listening: string }).listening));
  });
  return { child, url };
}

function kill9(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('axis persistence', () => {
  it('keeps agencies, packages, delivery states and used nonces across a kill -9 and restart', async () => {
    const dataDir = tempDir();
    let run = await spawnAxis(dataDir);
    const adminToken = fs.readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim();
    const sender = await connectHosting({ url: run.url, adminToken }, 'sender', { 'H01.151': 'UBND tỉnh' });
    const receiver = await connectHosting({ url: run.url, adminToken }, 'receiver', { 'H01.151.04': 'Sở Nội vụ' });
    const a = await sender.sendEdoc(packageFor('H01.151', ['H01.151.04'], 1));
    const b = await sender.sendEdoc(packageFor('H01.151', ['H01.151.04'], 2));
    await receiver.updateStatus(a.edocId, { status: 'done' });
    const creds = (sender as unknown as { opts: { systemId: string; secret: string } }).opts;
    const usedHeaders = signRequest(creds, 'GET', '/v1/agencies', '');
    expect((await fetch(run.url + '/v1/agencies', { headers: usedHeaders })).status).toBe(200);

    await kill9(run.child);
    run = await spawnAxis(dataDir);
    try {
      const retarget = (c: AxisClient) => new AxisClient({ ...(c as unknown as { opts: { systemId: string; secret: string } }).opts, baseUrl: run.url });
      const receiver2 = retarget(receiver);
      const inbox = await receiver2.getReceivedEdocList();
      expect(inbox.documents.map((d) => d.edocId)).toEqual([b.edocId]);
      expect(new TextDecoder().decode(await receiver2.getEdoc(b.edocId))).toContain('H01.151,2026/11/20,2/UBND-VP');
      expect((await retarget(sender).getAgencyList()).map((x) => x.organId)).toEqual(['H01.151', 'H01.151.04']);
      const replay = await fetch(run.url + '/v1/agencies', { headers: usedHeaders });
      expect(replay.status).toBe(401);
    } finally {
      await kill9(run.child);
    }
  }, 90_000);
});

describe('axis fault switches', () => {
  let axis: AxisServerHandle;
  let sender: AxisClient;
  let receiver: AxisClient;
  let n = 100;

  beforeAll(async () => {
    axis = await startAxisServer({ dataDir: tempDir(), port: 0 });
    sender = await connectHosting(axis, 'sender', { '28.22.H17': 'UBND huyện' });
    receiver = await connectHosting(axis, 'receiver', { 'H17.03': 'Sở Tài chính' });
  });
  afterAll(async () => {
    await axis.close();
  });
  const faults = (f: Record<string, unknown>) => setFaults(axis.url, axis.adminToken, f);
  const pending = async () => (await receiver.getReceivedEdocList()).documents.map((d) => d.edocId);
  const drain = async () => {
    for (const id of await pending()) await receiver.updateStatus(id, { status: 'done' });
  };

  it('latency: requests are delayed by the configured time', async () => {
    await faults({ latencyMs: 300 });
    const t0 = performance.now();
    await receiver.getAgencyList();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    await faults({});
  });

  it('dropped connections: the client reports the axis unreachable and nothing is stored', async () => {
    await faults({ dropRate: 1 });
    await expectCode(sender.sendEdoc(packageFor('28.22.H17', ['H17.03'], ++n)), 'AXIS_UNREACHABLE');
    await faults({});
    expect(await pending()).toEqual([]);
  });

  it('one dropped connection: the client retries once, re-signed, and the package is stored once', async () => {
    await faults({ dropNext: 1 });
    const sent = await sender.sendEdoc(packageFor('28.22.H17', ['H17.03'], ++n));
    expect(sent.duplicate).toBe(false);
    expect(await pending()).toEqual([sent.edocId]);
    await drain();
  });

  it('500s: the client reports a server error and nothing is stored', async () => {
    await faults({ errorRate: 1 });
    await expectCode(sender.sendEdoc(packageFor('28.22.H17', ['H17.03'], ++n)), 'AXIS_SERVER_ERROR');
    await faults({});
    expect(await pending()).toEqual([]);
  });

  it('drop after commit: the send took effect although the client saw a failure, and resending is idempotent', async () => {
    const xml = packageFor('28.22.H17', ['H17.03'], ++n);
    await faults({ dropAfterCommitRate: 1 });
    await expectCode(sender.sendEdoc(xml), 'AXIS_UNREACHABLE');
    await faults({});
    const stored = await pending();
    expect(stored).toHaveLength(1);
    expect(await sender.sendEdoc(xml)).toMatchObject({ edocId: stored[0], duplicate: true });
    await drain();
  });

  it('duplicated deliveries: each waiting package is listed twice', async () => {
    const a = await sender.sendEdoc(packageFor('28.22.H17', ['H17.03'], ++n));
    await faults({ duplicateRate: 1 });
    expect(await pending()).toEqual([a.edocId, a.edocId]);
    await faults({});
    await drain();
  });

  it('reordering: waiting packages come newest first', async () => {
    const a = await sender.sendEdoc(packageFor('28.22.H17', ['H17.03'], ++n));
    const b = await sender.sendEdoc(packageFor('28.22.H17', ['H17.03'], ++n));
    expect(await pending()).toEqual([a.edocId, b.edocId]);
    await faults({ reorder: true });
    expect(await pending()).toEqual([b.edocId, a.edocId]);
    await faults({});
    await drain();
  });

  it('AXIS_FAULTS in the environment switches faults on at start', async () => {
    process.env.AXIS_FAULTS = JSON.stringify({ errorRate: 1 });
    const faulty = await startAxisServer({ dataDir: tempDir(), port: 0 });
    delete process.env.AXIS_FAULTS;
    try {
      const res = await fetch(`${faulty.url}/admin/faults`, { headers: { authorization: `Bearer ${faulty.adminToken}` } });
      expect(await res.json()).toMatchObject({ errorRate: 1 });
      const probe = await fetch(`${faulty.url}/v1/agencies`);
      expect(probe.status).toBe(500);
    } finally {
      await faulty.close();
    }
  });

  it('refuses an unknown fault switch', async () => {
    await expect(faults({ explode: 1 })).rejects.toThrow(/unknown fault switch/);
  });
});
