import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { Core } from '../../../core/app';
import { createDemo, DEMO_AGENCIES } from '../../../core/demo';
import { attachEmbeddedAxis, exchangeOf, type EmbeddedAxis } from '../../../core/exchange/index';
import { startAxisServer, type AxisServerHandle } from '../../../server/axis';
import { tinyPdf } from '../../unit/exchange/fixtures';
import { tempDir } from './world';

// The demo as a new user gets it from `npm start -- --demo`: one embedded axis, both demo agencies
// registered on it and connected, a document sent from one to the other with no setup.

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

function embeddedOf(axis: AxisServerHandle): EmbeddedAxis {
  return { url: axis.url, createSystem: (n, id) => axis.createSystem(n, id), secretOf: (id) => axis.store.systemSecret(id) };
}

describe('the demo with the embedded axis', () => {
  it('connects both demo agencies, lets one send to the other, and follows the axis to a new port on the next launch', async () => {
    const root = tempDir('vanthu-demo-');
    cleanup.push(() => fs.rmSync(root, { recursive: true, force: true }));
    let axis = await startAxisServer({ dataDir: path.join(root, 'axis'), port: 0 });
    cleanup.push(() => axis.close());
    const profiles = await createDemo(root, () => {}, embeddedOf(axis));
    expect(axis.store.agencies().map((a) => a.organId).sort()).toEqual(DEMO_AGENCIES.map((a) => a.code).sort());

    // Next launch: the axis comes back on another port; profiles follow it.
    await axis.close();
    axis = await startAxisServer({ dataDir: path.join(root, 'axis'), port: 0 });
    const [province, department] = profiles.map((p) => Core.open({ dataDir: p.dataDir, purpose: 'demo test' }));
    cleanup.push(() => province!.close(), () => department!.close());
    expect(await attachEmbeddedAxis(exchangeOf(province!), embeddedOf(axis))).toBe('url-updated');
    expect(await attachEmbeddedAxis(exchangeOf(department!), embeddedOf(axis))).toBe('url-updated');
    expect(await attachEmbeddedAxis(exchangeOf(department!), embeddedOf(axis))).toBe('unchanged');

    const p = province!.asSystem('test');
    // The demo comes with its outgoing register.
    const reg = (await p('registers.list', { direction: 'outgoing' })).registers.find((r) => r.name === 'Sổ văn bản đi')!.id;
    const leader = (await p('users.list', {})).users.find((u) => u.roles.includes('leader'))!;
    const b64 = Buffer.from(tinyPdf('demo')).toString('base64');
    const d = (await p('outgoing.createDraft', { typeCode: 'CV', subject: 'V/v thử gửi văn bản điện tử', file: { fileName: 'cv.pdf', contentBase64: b64 } })).document;
    await p('outgoing.submitForApproval', { id: d.id, steps: [{ kind: 'approve', userId: leader.id }] });
    await p('outgoing.approve', { id: d.id });
    await p('outgoing.register', { id: d.id, registerId: reg });
    const to = DEMO_AGENCIES.find((a) => a.key === 'department')!;
    await p('outgoing.release', { id: d.id, recipients: [{ kind: 'agency', agencyCode: to.code, name: to.name }] });
    await exchangeOf(province!).syncNow();
    await exchangeOf(department!).syncNow();
    const intake = await department!.asSystem('test')('exchange.intake.list', {});
    // (The demo's own seeded releases to the department travel the same way and may be there too.)
    expect(intake.items).toContainEqual(expect.objectContaining({ subject: 'V/v thử gửi văn bản điện tử', fromCode: DEMO_AGENCIES[0]!.code }));
  }, 120_000); // the demo hashes ten passwords

  it('leaves a profile connected to another axis alone', async () => {
    const root = tempDir('vanthu-demo-');
    cleanup.push(() => fs.rmSync(root, { recursive: true, force: true }));
    const axis = await startAxisServer({ dataDir: path.join(root, 'axis'), port: 0 });
    cleanup.push(() => axis.close());
    const core = Core.open({ dataDir: path.join(root, 'p') });
    cleanup.push(() => core.close());
    expect(await attachEmbeddedAxis(exchangeOf(core), embeddedOf(axis))).toBe('not-initialized');
    await core.asSystem('t')('setup.initialize', { agency: { name: 'UBND huyện', code: '001.02.03.H10', shortName: 'UBND' }, units: [], admin: { username: 'admin', fullName: 'A', password: 'adminpass1' } });
    await core.asSystem('t')('exchange.configure', { axisUrl: 'https://axis.example.gov.vn', systemId: 'real-system', secret: 'x'.repeat(32) });
    expect(await attachEmbeddedAxis(exchangeOf(core), embeddedOf(axis))).toBe('configured-elsewhere');
    expect(exchangeOf(core).settings().axis_url).toBe('https://axis.example.gov.vn');
  });

  it('reconnects a profile whose embedded axis store was removed', async () => {
    const root = tempDir('vanthu-demo-');
    cleanup.push(() => fs.rmSync(root, { recursive: true, force: true }));
    const core = Core.open({ dataDir: path.join(root, 'p') });
    cleanup.push(() => core.close());
    await core.asSystem('t')('setup.initialize', { agency: { name: 'UBND xã', code: '001.02.04.H10', shortName: 'UBND' }, units: [], admin: { username: 'admin', fullName: 'A', password: 'adminpass1' } });
    const first = await startAxisServer({ dataDir: path.join(root, 'axis1'), port: 0 });
    expect(await attachEmbeddedAxis(exchangeOf(core), embeddedOf(first))).toBe('connected');
    await first.close();
    const second = await startAxisServer({ dataDir: path.join(root, 'axis2'), port: 0 });
    cleanup.push(() => second.close());
    expect(await attachEmbeddedAxis(exchangeOf(core), embeddedOf(second))).toBe('connected');
    expect(second.store.agencies().map((a) => a.organId)).toEqual(['001.02.04.H10']);
  });
});
