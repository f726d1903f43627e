import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { startAxisServer, type AxisServerHandle } from '../../../server/axis';
import { signRequest, sha256HexOf, type AxisClient } from '../../../core/exchange/axisClient';
import { connectHosting, packageFor, tempDir } from './helpers';

// Used request nonces are remembered in memory and written to the store in batches; a replay must
// still be refused at once, and after a kill -9 that comes right after the answers.

async function spawnAxis(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/axis/main.ts', '--port', '0', '--data-dir', dataDir, '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`axis exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (l) => resolve((JSON.parse(l) as { listening: string }).listening));
  });
  return { child, url };
}

function kill9(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const credsOf = (c: AxisClient) => (c as unknown as { opts: { systemId: string; secret: string } }).opts;

/** One signed request, kept so it can be sent again byte for byte. */
interface Recorded {
  method: string;
  path: string;
  body?: string;
  headers: Record<string, string>;
}

function record(c: AxisClient, method: string, pathWithQuery: string, body?: string): Recorded {
  const headers = signRequest(credsOf(c), method, pathWithQuery, body ?? '', { bodySha256: sha256HexOf(body ?? '') });
  if (body !== undefined) headers['content-type'] = method === 'POST' && pathWithQuery === '/v1/edocs' ? 'application/xml' : 'application/json';
  return { method, path: pathWithQuery, body, headers };
}

async function send(url: string, r: Recorded): Promise<{ status: number; code?: string }> {
  const res = await fetch(url + r.path, { method: r.method, headers: r.headers, body: r.body });
  const text = await res.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { error?: { code: string } }).error?.code;
  } catch {
    /* a package body */
  }
  return { status: res.status, code };
}

describe('axis request nonces', () => {
  let axis: AxisServerHandle;
  let sender: AxisClient;
  beforeAll(async () => {
    axis = await startAxisServer({ dataDir: tempDir(), port: 0 });
    sender = await connectHosting(axis, 'sender', { 'H01.151': 'UBND tỉnh' });
  });
  afterAll(async () => {
    await axis.close();
  });

  it('refuses the second of two identical requests that arrive at the same moment', async () => {
    const r = record(sender, 'GET', '/v1/agencies');
    const answers = await Promise.all([send(axis.url, r), send(axis.url, r)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401]);
    expect(answers.find((a) => a.status === 401)!.code).toBe('AXIS_AUTH_REPLAY');
  });

  it('refuses a replay of each of many requests answered together', async () => {
    const burst = Array.from({ length: 40 }, () => record(sender, 'GET', '/v1/edocs/received?limit=5'));
    expect((await Promise.all(burst.map((r) => send(axis.url, r)))).every((a) => a.status === 200)).toBe(true);
    const again = await Promise.all(burst.map((r) => send(axis.url, r)));
    expect(again.every((a) => a.status === 401 && a.code === 'AXIS_AUTH_REPLAY')).toBe(true);
  });
});

describe('axis request nonces across a kill -9', () => {
  it('refuses every request of a burst replayed after the axis is killed right after answering it', async () => {
    const dataDir = tempDir();
    let run = await spawnAxis(dataDir);
    const adminToken = fs.readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim();
    try {
      const sender = await connectHosting({ url: run.url, adminToken }, 'sender', { 'H01.151': 'UBND tỉnh' });
      const receiver = await connectHosting({ url: run.url, adminToken }, 'receiver', { 'H01.151.04': 'Sở Nội vụ' });
      // Reads and writes from both systems, all in flight at once.
      const burst: Recorded[] = [];
      for (let i = 0; i < 12; i++) {
        burst.push(record(sender, 'POST', '/v1/edocs', packageFor('H01.151', ['H01.151.04'], 900 + i)));
        burst.push(record(receiver, 'GET', '/v1/edocs/received'));
        burst.push(record(sender, 'GET', '/v1/agencies'));
      }
      const first = await Promise.all(burst.map((r) => send(run.url, r)));
      expect(first.map((a) => a.status)).toEqual(burst.map((r) => (r.method === 'POST' ? 201 : 200)));
      await kill9(run.child);

      run = await spawnAxis(dataDir);
      const replayed = await Promise.all(burst.map((r) => send(run.url, r)));
      expect(replayed.filter((a) => a.status !== 401 || a.code !== 'AXIS_AUTH_REPLAY')).toEqual([]);
    } finally {
      await kill9(run.child);
    }
  }, 90_000);
});
