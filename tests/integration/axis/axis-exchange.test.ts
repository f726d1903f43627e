import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAxisServer, type AxisServerHandle } from '../../../server/axis';
import { AxisClient, signRequest } from '../../../core/exchange/axisClient';
import { buildStatusEdxml, parseEdxml } from '../../../core/exchange/edxml';
import { sampleStatus } from '../../unit/exchange/fixtures';
import { connectHosting, expectCode, packageFor, tempDir } from './helpers';

let axis: AxisServerHandle;
let province: AxisClient; // hosts H17 (the provincial people's committee) and H17.03
let government: AxisClient; // hosts 000.00.00.G22
let ministry: AxisClient; // hosts 000.00.00.G12

beforeAll(async () => {
  axis = await startAxisServer({ dataDir: tempDir(), port: 0 });
  province = await connectHosting(axis, 'Tỉnh Ninh Bình', { '000.00.00.H17': 'UBND tỉnh Ninh Bình', 'H17.03': 'Sở Tài chính' });
  government = await connectHosting(axis, 'Văn phòng Chính phủ', { '000.00.00.G22': 'Văn phòng Chính phủ' });
  ministry = await connectHosting(axis, 'Bộ Nội vụ', { '000.00.00.G12': 'Bộ Nội vụ' });
});

afterAll(async () => {
  await axis.close();
});

describe('axis agency directory', () => {
  it('lists registered agencies with their system, and lets only the owner unregister', async () => {
    const list = await ministry.getAgencyList();
    expect(list.map((a) => a.organId)).toEqual(['000.00.00.G12', '000.00.00.G22', '000.00.00.H17', 'H17.03']);
    await expectCode(ministry.unregisterAgency('000.00.00.G22'), 'AXIS_NOT_YOUR_AGENCY');
    await expectCode(ministry.registerAgency({ organId: '000.00.00.G22', organName: 'takeover' }), 'AXIS_AGENCY_TAKEN');
    await ministry.registerAgency({ organId: '000.00.00.G99', organName: 'Tạm' });
    await ministry.unregisterAgency('000.00.00.G99');
    expect((await ministry.getAgencyList()).some((a) => a.organId === '000.00.00.G99')).toBe(false);
  });

  it('refuses an agency code that is not digits, capitals and dots', async () => {
    await expectCode(ministry.registerAgency({ organId: "G12'; DROP TABLE agencies;--", organName: 'x' }), 'EDXML_AGENCY_CODE');
  });
});

describe('axis send / receive', () => {
  it('fans a package out to each recipient, appends its trace header, and shows it only to them', async () => {
    const sent = await province.sendEdoc(packageFor('000.00.00.H17', ['000.00.00.G22'], 1));
    expect(sent).toMatchObject({ recipients: ['000.00.00.G22'], duplicate: false });

    const gov = await government.getReceivedEdocList();
    expect(gov.documents.map((d) => d.edocId)).toContain(sent.edocId);
    expect(gov.statuses).toEqual([]);
    const other = await ministry.getReceivedEdocList();
    expect(other.documents.map((d) => d.edocId)).not.toContain(sent.edocId);
    await expectCode(ministry.getEdoc(sent.edocId), 'NOT_FOUND');

    const bytes = await government.getEdoc(sent.edocId);
    const parsed = parseEdxml(bytes);
    expect(parsed.kind).toBe('document');
    if (parsed.kind === 'document') {
      expect(parsed.document.traceHeaders.map((t) => t.organId)).toEqual(['000.00.00.H17', 'VDXP']);
      expect(parsed.document.attachments[0]!.mimeType).toBe('application/pdf');
    }
  });

  it('keeps a package listed until the receiver acknowledges done; fail keeps it listed', async () => {
    const { edocId } = await province.sendEdoc(packageFor('000.00.00.H17', ['000.00.00.G12', '000.00.00.G22'], 2));
    await ministry.updateStatus(edocId, { status: 'fail', reason: 'disk full' });
    let mine = await ministry.getReceivedEdocList();
    expect(mine.documents.find((d) => d.edocId === edocId)?.attempts).toBe(1);
    expect(await ministry.updateStatus(edocId, { status: 'done' })).toEqual({ updated: 1 });
    mine = await ministry.getReceivedEdocList();
    expect(mine.documents.map((d) => d.edocId)).not.toContain(edocId);
    // Acknowledging a package addressed to someone else is refused.
    await expectCode(ministry.updateStatus((await province.sendEdoc(packageFor('000.00.00.H17', ['000.00.00.G22'], 3))).edocId, { status: 'done' }), 'NOT_FOUND');

    const sent = (await province.getSentEdocList()).find((s) => s.edocId === edocId)!;
    expect(sent.deliveries).toEqual([
      expect.objectContaining({ organId: '000.00.00.G12', state: 'done', attempts: 2 }),
      expect.objectContaining({ organId: '000.00.00.G22', state: 'pending', attempts: 0 }),
    ]);
  });

  it('lists statuses separately from documents and routes them to the original sender', async () => {
    const status = buildStatusEdxml(
      sampleStatus({ from: { organId: '000.00.00.G22', organName: 'VPCP' }, responseFor: { organId: '000.00.00.H17', code: '1/UBND-VP', documentId: '000.00.00.H17,2026/11/20,1/UBND-VP' }, statusCode: '01' }),
    );
    const { edocId, recipients } = await government.sendEdoc(status);
    expect(recipients).toEqual(['000.00.00.H17']);
    const inbox = await province.getReceivedEdocList({ organId: '000.00.00.H17' });
    expect(inbox.statuses).toEqual([expect.objectContaining({ edocId, kind: 'status', statusCode: '01', documentId: '000.00.00.H17,2026/11/20,1/UBND-VP' })]);
    expect(inbox.documents.map((d) => d.edocId)).not.toContain(edocId);
  });

  it('returns the same axis id when the same package is sent again', async () => {
    const xml = packageFor('000.00.00.H17', ['000.00.00.G22'], 4);
    const first = await province.sendEdoc(xml);
    const again = await province.sendEdoc(xml);
    expect(again).toEqual({ ...first, duplicate: true });
  });

  it('refuses packages from an agency the system does not host, to unknown agencies, or hostile XML', async () => {
    await expectCode(ministry.sendEdoc(packageFor('000.00.00.H17', ['000.00.00.G22'], 5)), 'AXIS_NOT_YOUR_AGENCY');
    await expectCode(province.sendEdoc(packageFor('000.00.00.H17', ['000.00.00.G77'], 6)), 'AXIS_UNKNOWN_RECIPIENT');
    await expectCode(province.sendEdoc('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>'), 'EDXML_DTD_FORBIDDEN');
  });

  it('answers an oversized upload with AXIS_TOO_LARGE instead of reading it all', async () => {
    await expectCode(province.sendEdoc(new Uint8Array(70 * 1024 * 1024)), 'AXIS_TOO_LARGE');
  });
});

describe('axis authentication', () => {
  async function raw(headers: Record<string, string>, path = '/v1/agencies'): Promise<{ status: number; code?: string }> {
    const res = await fetch(axis.url + path, { headers });
    const body = (await res.json()) as { error?: { code: string } };
    return { status: res.status, code: body.error?.code };
  }
  const creds = () => (province as unknown as { opts: { systemId: string; secret: string } }).opts;

  it('rejects unsigned requests, unknown systems and a wrong secret', async () => {
    expect(await raw({})).toEqual({ status: 401, code: 'AXIS_AUTH_MISSING' });
    expect(await raw(signRequest({ systemId: 'sys-nobody', secret: 'x' }, 'GET', '/v1/agencies', ''))).toEqual({ status: 401, code: 'AXIS_AUTH_UNKNOWN_SYSTEM' });
    expect(await raw(signRequest({ systemId: creds().systemId, secret: 'wrong-secret' }, 'GET', '/v1/agencies', ''))).toEqual({ status: 401, code: 'AXIS_AUTH_BAD_SIGNATURE' });
  });

  it('rejects a request signed for another path or body', async () => {
    expect(await raw(signRequest(creds(), 'GET', '/v1/edocs/sent', ''))).toEqual({ status: 401, code: 'AXIS_AUTH_BAD_SIGNATURE' });
  });

  it('rejects timestamps more than 5 minutes off', async () => {
    expect(await raw(signRequest(creds(), 'GET', '/v1/agencies', '', { now: Date.now() - 6 * 60_000 }))).toEqual({ status: 401, code: 'AXIS_AUTH_STALE' });
    expect(await raw(signRequest(creds(), 'GET', '/v1/agencies', '', { now: Date.now() + 6 * 60_000 }))).toEqual({ status: 401, code: 'AXIS_AUTH_STALE' });
    expect((await raw(signRequest(creds(), 'GET', '/v1/agencies', '', { now: Date.now() - 4 * 60_000 }))).status).toBe(200);
  });

  it('rejects a replayed request', async () => {
    const headers = signRequest(creds(), 'GET', '/v1/agencies', '');
    expect((await raw(headers)).status).toBe(200);
    expect(await raw(headers)).toEqual({ status: 401, code: 'AXIS_AUTH_REPLAY' });
  });

  it('protects the admin routes with the admin token', async () => {
    const res = await fetch(`${axis.url}/admin/systems`, { method: 'POST', headers: { authorization: 'Bearer nope' }, body: '{"name":"x"}' });
    expect(res.status).toBe(401);
  });
});
