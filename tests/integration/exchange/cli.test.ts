import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseEdxml } from '../../../core/exchange/edxml';
import { DEPARTMENT, PROVINCE, numberedOutgoing, openAgency, releaseTo, tempDir } from './world';

const BIN = path.resolve('bin/vanthu.mjs');
const root = tempDir('vanthu-ex-cli-');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function vanthu(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('vanthu exchange build / sync', () => {
  it('writes the edXML package of a released document that parses back to the same document, and refuses a confidential one', async () => {
    const a = await openAgency('province', root);
    const id = await numberedOutgoing(a, 'V/v xuất gói edXML', { pdfLabel: 'cli' });
    await releaseTo(a, id, [{ code: DEPARTMENT.code, name: DEPARTMENT.name }]);
    const secret = await numberedOutgoing(a, 'V/v tài liệu mật', { confidentiality: 'confidential' });
    a.core.close();

    const out = path.join(root, 'goi.xml');
    const r = vanthu(['exchange', 'build', '--document', String(id), '--out', out, '--data-dir', a.dir, '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ recipients: [DEPARTMENT.code], attachments: 1, documentId: expect.stringMatching(/^000\.00\.00\.H10,\d{4}\/\d{2}\/\d{2},01\/UBND$/) });
    const parsed = parseEdxml(fs.readFileSync(out));
    expect(parsed.kind).toBe('document');
    if (parsed.kind === 'document') {
      expect(parsed.document).toMatchObject({ subject: 'V/v xuất gói edXML', from: { organId: PROVINCE.code }, to: [{ organId: DEPARTMENT.code }] });
      expect(parsed.document.attachments[0]!.name).toBe('cong-van.pdf');
    }

    const refused = vanthu(['exchange', 'build', '--document', String(secret), '--out', path.join(root, 'mat.xml'), '--to', `${DEPARTMENT.code}:Sở`, '--data-dir', a.dir]);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/EXCHANGE_CONFIDENTIAL/);
    expect(fs.existsSync(path.join(root, 'mat.xml'))).toBe(false);

    const sync = vanthu(['exchange', 'sync', '--data-dir', a.dir, '--json']);
    expect(sync.code, sync.err).toBe(0);
    // Not connected to any axis in this profile: nothing leaves, the package stays queued.
    expect(JSON.parse(sync.out)).toMatchObject({ state: { state: 'disabled' }, outbox: { queued: 1 } });
    // Three CLI processes plus a profile: well over the default 30 s on a loaded 2-core machine.
  }, 180_000);
});
