import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AxisClient } from '../../../core/exchange/axisClient';
import { buildEdxml, type ExchangeDocument } from '../../../core/exchange/edxml';
import { sampleDocument, tinyPdf } from '../../unit/exchange/fixtures';

export function tempDir(prefix = 'vanthu-axis-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Creates a connected system through the admin API and returns a client for it. */
export async function connectSystem(url: string, adminToken: string, name: string): Promise<AxisClient> {
  const res = await fetch(`${url}/admin/systems`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  if (res.status !== 201) throw new Error(`create system failed: ${res.status} ${await res.text()}`);
  const { systemId, secret } = (await res.json()) as { systemId: string; secret: string };
  return new AxisClient({ baseUrl: url, systemId, secret, timeoutMs: 10_000 });
}

/** A connected system that hosts the given agencies (code → name), registered in that order. */
export async function connectHosting(axis: { url: string; adminToken: string }, name: string, agencies: Record<string, string>): Promise<AxisClient> {
  const client = await connectSystem(axis.url, axis.adminToken, name);
  for (const [organId, organName] of Object.entries(agencies)) await client.registerAgency({ organId, organName });
  return client;
}

export async function setFaults(url: string, adminToken: string, faults: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${url}/admin/faults`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (!res.ok) throw new Error(`set faults failed: ${res.status} ${await res.text()}`);
}

/** A package from `from` to `to`, with a unique document id so each is a new package. */
export function packageFor(from: string, to: string[], n: number, over: Partial<ExchangeDocument> = {}): string {
  return buildEdxml(
    sampleDocument({
      from: { organId: from, organName: `Cơ quan ${from}` },
      to: to.map((organId) => ({ organId, organName: `Cơ quan ${organId}` })),
      documentId: `${from},2026/11/20,${n}/UBND-VP`,
      code: { codeNumber: String(n), codeNotation: 'UBND-VP' },
      traceHeaders: [{ organId: from, timestamp: '2026-11-20T09:00:00+07:00' }],
      attachments: [{ contentId: `att-${n}`, name: `vb-${n}.pdf`, mimeType: 'application/pdf', bytes: tinyPdf(String(n)), sha256: '' }],
      ...over,
    }),
  );
}

export async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  try {
    await p;
  } catch (e) {
    if ((e as { code?: string }).code !== code) throw new Error(`expected ${code}, got ${(e as { code?: string }).code}: ${(e as Error).message}`);
    return;
  }
  throw new Error(`expected ${code}, but the call succeeded`);
}
