import { describe, expect, it, beforeAll } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildEdxml, buildStatusEdxml } from '../../../core/exchange/edxml';
import { sampleDocument, sampleStatus } from './fixtures';

const run = promisify(execFile);
const bin = path.resolve('bin/vanthu.mjs');
let dir: string;

async function vanthu(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, VANTHU_DATA_DIR: dir } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-exchange-cli-'));
  fs.writeFileSync(path.join(dir, 'good.xml'), buildEdxml(sampleDocument()));
  fs.writeFileSync(path.join(dir, 'status.xml'), buildStatusEdxml(sampleStatus()));
  fs.writeFileSync(path.join(dir, 'xxe.xml'), '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>');
});

describe('vanthu exchange parse', () => {
  it('prints sender, recipients, id, number/notation, subject and attachments as JSON', async () => {
    const r = await vanthu('exchange', 'parse', path.join(dir, 'good.xml'), '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.from.organId).toBe('000.00.00.H17');
    expect(out.to.map((t: { organId: string }) => t.organId)).toEqual(['000.00.00.G22', 'H17.03']);
    expect(out).toMatchObject({ documentId: '000.00.00.H17,2026/11/20,123/UBND-VX', number: '123', notation: 'UBND-VX', subject: 'V/v triển khai kế hoạch chuyển đổi số năm 2027' });
    expect(out.attachments).toEqual([{ contentId: 'att-1', name: 'Công văn 123.pdf', size: 202, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), type: 'application/pdf' }]);
  }, 90_000);

  it('exits non-zero with one clear error line for a hostile or missing file', async () => {
    const [bad, missing, folder] = await Promise.all([
      vanthu('exchange', 'parse', path.join(dir, 'xxe.xml')),
      vanthu('exchange', 'parse', path.join(dir, 'nope.xml')),
      vanthu('exchange', 'parse', dir),
    ]);
    expect(folder.code).not.toBe(0);
    expect(folder.stderr).toContain('is not a file');
    expect(bad.code).not.toBe(0);
    const lines = bad.stderr.split('\n').filter((l) => l.startsWith('vanthu:'));
    expect(lines).toEqual([expect.stringContaining('EDXML_DTD_FORBIDDEN')]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('NOT_FOUND');
  }, 90_000);

  it('shows a status message with its code and the document it is about', async () => {
    const r = await vanthu('exchange', 'parse', path.join(dir, 'status.xml'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Status 000.00.00.H17,2026/11/20,123/UBND-VX');
    expect(r.stdout).toContain('Status: 03 — Đã tiếp nhận và vào sổ');
  }, 90_000);
});
