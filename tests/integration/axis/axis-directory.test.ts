import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAxisServer, type AxisServerHandle } from '../../../server/axis';
import type { AxisClient } from '../../../core/exchange/axisClient';
import { connectSystem, expectCode, packageFor, tempDir } from './helpers';

// The axis keeps its agency directory in memory (every request asks which agencies the caller
// hosts): a change must take effect on the very next request.

describe('axis agency directory changes', () => {
  let axis: AxisServerHandle;
  let first: AxisClient;
  let second: AxisClient;
  beforeAll(async () => {
    axis = await startAxisServer({ dataDir: tempDir(), port: 0 });
    first = await connectSystem(axis.url, axis.adminToken, 'first');
    second = await connectSystem(axis.url, axis.adminToken, 'second');
  });
  afterAll(async () => {
    await axis.close();
  });

  it('accepts a recipient the moment it registers and refuses it the moment it leaves', async () => {
    await first.registerAgency({ organId: 'H20', organName: 'UBND tỉnh' });
    await expectCode(first.sendEdoc(packageFor('H20', ['H20.07'], 1)), 'AXIS_UNKNOWN_RECIPIENT');
    await second.registerAgency({ organId: 'H20.07', organName: 'Sở Y tế' });
    expect((await first.sendEdoc(packageFor('H20', ['H20.07'], 2))).recipients).toEqual(['H20.07']);
    await second.unregisterAgency('H20.07');
    await expectCode(first.sendEdoc(packageFor('H20', ['H20.07'], 3)), 'AXIS_UNKNOWN_RECIPIENT');
    expect((await first.getAgencyList()).map((a) => a.organId)).toEqual(['H20']);
  });

  it('moves an agency code to the system that registers it next: the old one loses it at once', async () => {
    await first.registerAgency({ organId: 'H20.09', organName: 'Sở Xây dựng' });
    await second.registerAgency({ organId: 'H20.10', organName: 'Sở Tư pháp' });
    expect((await first.getReceivedEdocList({ organId: 'H20.09' })).documents).toEqual([]);
    await first.unregisterAgency('H20.09');
    await expectCode(first.getReceivedEdocList({ organId: 'H20.09' }), 'AXIS_NOT_YOUR_AGENCY');
    await second.registerAgency({ organId: 'H20.09', organName: 'Sở Xây dựng (mới)' });
    const sent = await second.sendEdoc(packageFor('H20.09', ['H20'], 4));
    await expectCode(first.sendEdoc(packageFor('H20.09', ['H20'], 5)), 'AXIS_NOT_YOUR_AGENCY');
    expect((await first.getReceivedEdocList()).documents.map((d) => d.edocId)).toEqual([sent.edocId]);
    const listed = (await second.getAgencyList()).find((a) => a.organId === 'H20.09')!;
    expect({ name: listed.organName, system: listed.systemId }).toEqual({ name: 'Sở Xây dựng (mới)', system: (second as unknown as { opts: { systemId: string } }).opts.systemId });
  });
});
