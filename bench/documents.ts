import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Core } from '../core/app';
import { systemActor } from '../core/api/context';
import { documentsOf } from '../core/documents/index';
import { importIncoming } from '../core/documents/importer';
import { round, stats, type BenchResult } from './types';

// Metadata-only import of incoming documents through `vanthu import`'s path (validation,
// duplicate check, arrival numbers, audit entry per document, search indexing after each chunk).

const ISSUERS = ['Ủy ban nhân dân tỉnh Bình Định', 'Sở Tài chính', 'Sở Xây dựng', 'Sở Nội vụ', 'Bộ Thông tin và Truyền thông', 'Văn phòng Chính phủ'];
const TYPES = ['QĐ', 'KH', 'TB', 'BC', 'HD', 'TTr'];

export function metadataCsv(file: string, rows: number): void {
  const out = ['number_notation,issuer_name,date_issued,subject,urgency,confidentiality'];
  for (let i = 0; i < rows; i++) {
    const type = TYPES[i % TYPES.length]!;
    const issuer = ISSUERS[i % ISSUERS.length]!;
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + (i % 10)).padStart(2, '0');
    out.push(`${i + 1}/${type}-B${i % 97},${issuer},2026-${month}-${day},"Về việc triển khai nhiệm vụ số ${i} về chuyển đổi số, cải cách hành chính năm 2026",${i % 20 === 0 ? 'khẩn' : ''},`);
  }
  fs.writeFileSync(file, out.join('\n') + '\n');
}

interface ImportRun {
  seconds: number;
  perSecond: number;
  imported: number;
  /** Milliseconds for the first page of documents.list (newest first) as a clerk, and the clerk's inbox. */
  listMs?: { p50: number; p95: number };
  inboxMs?: { p50: number; p95: number };
}

async function importRun(rows: number, withIndexer: boolean): Promise<ImportRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-bench-docs-'));
  const core = Core.open({ dataDir: dir, now: () => new Date('2026-11-20T03:00:00Z'), purpose: 'bench' });
  try {
    const sys = core.asSystem('bench');
    await sys('setup.initialize', { agency: { name: 'Sở Thông tin và Truyền thông', code: '000.00.12.H10', shortName: 'STTTT' }, units: [], admin: { username: 'admin', fullName: 'Admin', password: 'bench-pass-1' } });
    const reg = (await sys('registers.create', { name: 'Sổ văn bản đến', direction: 'incoming' })).register.id;
    if (!withIndexer) core.documentListeners.splice(0);
    const csvPath = path.join(dir, 'meta.csv');
    metadataCsv(csvPath, rows);
    const r = importIncoming(documentsOf(core), systemActor('bench'), { registerId: reg, csvPath });
    if (r.imported !== rows) throw new Error(`imported ${r.imported} of ${rows}: ${JSON.stringify(r.byReason)}`);
    if (!withIndexer) return { seconds: r.seconds, perSecond: r.perSecond, imported: r.imported };
    const { user } = await sys('users.create', { username: 'vanthu', fullName: 'Văn thư', password: 'bench-pass-1', roles: ['clerk'] });
    const actor = { kind: 'user' as const, userId: user.id, username: 'vanthu', fullName: 'Văn thư', roles: ['clerk' as const], unitId: null, label: 'user:vanthu' };
    const time = async (fn: () => Promise<unknown>) => {
      const samples: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t = performance.now();
        await fn();
        samples.push(performance.now() - t);
      }
      const s = stats(samples);
      return { p50: round(s.p50, 1), p95: round(s.p95, 1) };
    };
    const listMs = await time(() => core.call('documents.list', { limit: 50 }, { actor }));
    const inboxMs = await time(() => core.call('documents.inbox', {}, { actor }));
    return { seconds: r.seconds, perSecond: r.perSecond, imported: r.imported, listMs, inboxMs };
  } finally {
    core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult> {
  const rows = Number(process.env.VANTHU_BENCH_IMPORT_ROWS ?? 20_000);
  const bare = await importRun(rows, false);
  const full = await importRun(rows, true);
  return {
    name: 'documents',
    figures: [
      { metric: 'metadata-only import (with search indexing)', value: full.perSecond, unit: 'docs/s', target: '≥ 5000 docs/s', baseline: { what: 'same import without the search indexer', value: bare.perSecond, unit: 'docs/s' }, ratio: round(full.perSecond / bare.perSecond, 2) },
      { metric: `documents.list first page (clerk, ${rows} documents)`, value: full.listMs!.p50, unit: 'ms p50', note: `p95 ${full.listMs!.p95} ms` },
      { metric: `documents.inbox (clerk, ${rows} documents)`, value: full.inboxMs!.p50, unit: 'ms p50', note: `p95 ${full.inboxMs!.p95} ms` },
    ],
    details: { rows, bare, full },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run().then((r) => console.log(JSON.stringify(r, null, 2)));
}
