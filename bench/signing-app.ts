// Signing inside the app (issue 5): what the API adds on top of the signing library.
//  1. signing.sign (leader, PKCS#12, Decree 30 block) through core.call — load the draft, sign,
//     store the blob, record the signed version and audit entry, verify and keep the result —
//     against signPdf alone on the same draft in the same run (ratio = app overhead).
//  2. The clerk's seal on the leader-signed file, same path.
//  3. signing.documentChecks for a document whose signed PDF was not checked yet (cold) and again
//     (kept result).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Core } from '../core/app';
import { signPdf } from '../core/signing/index';
import { TEST_P12_PASSPHRASE, testPki } from '../tests/support/pki/index';
import { samplePdf } from '../tests/support/pki/samplePdf';
import { round, stats, type BenchResult } from './types';

const RUNS = 8;

export async function run(): Promise<BenchResult> {
  const pki = testPki();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-bench-signing-app-'));
  const core = Core.open({ dataDir: dir, purpose: 'bench' });
  try {
    const system = core.asSystem('bench');
    await system('setup.initialize', {
      agency: { name: 'Ủy ban nhân dân tỉnh Thử Nghiệm', code: '000.00.00.H99', shortName: 'UBND' },
      units: [{ name: 'Văn phòng', code: 'VP' }],
      admin: { username: 'admin', fullName: 'Quản trị', password: 'admin-pass-123' },
    });
    const user = async (username: string, roles: ('leader' | 'clerk' | 'specialist')[]) => {
      await system('users.create', { username, fullName: username, password: 'user-pass-123', roles });
      const { sessionToken } = await core.call('auth.login', { username, password: 'user-pass-123' }, {});
      return sessionToken;
    };
    const [leader, clerk, spec] = [await user('lanhdao', ['leader']), await user('vanthu', ['clerk']), await user('chuyenvien', ['specialist'])];
    const leaderId = (await system('users.list', {})).users.find((u) => u.username === 'lanhdao')!.id;
    await system('signing.trust.add', { certificate: pki.rootCertPem });
    const pdf = await samplePdf({ pages: 3 });
    const leaderP12 = Buffer.from(fs.readFileSync(pki.identities.leader.p12File)).toString('base64');
    const sealP12 = Buffer.from(fs.readFileSync(pki.identities.seal.p12File)).toString('base64');

    const approved = async () => {
      const d = await core.call('outgoing.createDraft', { typeCode: 'QĐ', subject: 'Bench', unitId: null, file: { fileName: 'd.pdf', contentBase64: Buffer.from(pdf).toString('base64') } }, { sessionToken: spec });
      await core.call('outgoing.submitForApproval', { id: d.document.id, steps: [{ kind: 'approve', userId: leaderId }] }, { sessionToken: spec });
      await core.call('outgoing.approve', { id: d.document.id }, { sessionToken: leader });
      return d.document.id;
    };
    const lib: number[] = [];
    const app: number[] = [];
    const seal: number[] = [];
    const cold: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const id = await approved();
      let t = performance.now();
      await signPdf({ input: pdf, key: { kind: 'p12', file: pki.identities.leader.p12File, passphrase: TEST_P12_PASSPHRASE }, placement: { page: 3, rect: { x: 340, y: 90, width: 200, height: 120 } }, appearance: { authority: 'KT.', title: 'CHỦ TỊCH\nPHÓ CHỦ TỊCH' } });
      const libMs = performance.now() - t;
      t = performance.now();
      await core.call('signing.sign', { documentId: id, purpose: 'leader', key: { kind: 'p12', p12Base64: leaderP12, passphrase: TEST_P12_PASSPHRASE }, appearance: { authority: 'KT.', title: 'CHỦ TỊCH\nPHÓ CHỦ TỊCH' } }, { sessionToken: leader });
      const appMs = performance.now() - t;
      t = performance.now();
      await core.call('signing.sign', { documentId: id, purpose: 'seal', key: { kind: 'p12', p12Base64: sealP12, passphrase: TEST_P12_PASSPHRASE } }, { sessionToken: clerk });
      const sealMs = performance.now() - t;
      core.db.prepare('DELETE FROM signature_checks').run();
      t = performance.now();
      await core.call('signing.documentChecks', { documentId: id }, { sessionToken: clerk });
      const coldMs = performance.now() - t;
      t = performance.now();
      await core.call('signing.documentChecks', { documentId: id }, { sessionToken: clerk });
      const warmMs = performance.now() - t;
      if (i === 0) continue; // warm-up
      lib.push(libMs);
      app.push(appMs);
      seal.push(sealMs);
      cold.push(coldMs);
      warm.push(warmMs);
    }
    const s = { lib: stats(lib), app: stats(app), seal: stats(seal), cold: stats(cold), warm: stats(warm) };
    return {
      name: 'signing-app',
      figures: [
        { metric: 'leader signature through signing.sign (p50)', value: round(s.app.p50, 1), unit: 'ms', baseline: { what: 'signPdf alone, same draft and key', value: round(s.lib.p50, 1), unit: 'ms' }, ratio: round(s.app.p50 / s.lib.p50, 2), note: 'includes storing the version, audit entry and verifying the result' },
        { metric: 'agency seal through signing.sign (p50)', value: round(s.seal.p50, 1), unit: 'ms' },
        { metric: 'signing.documentChecks, 3 PDFs not yet checked (p50)', value: round(s.cold.p50, 1), unit: 'ms' },
        { metric: 'signing.documentChecks, kept results (p50)', value: round(s.warm.p50, 2), unit: 'ms' },
      ],
      details: { runs: RUNS, samples: s },
    };
  } finally {
    core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
