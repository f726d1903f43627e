import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { documentsOf } from '../../../core/documents/index';
import { importIncoming } from '../../../core/documents/importer';
import { openProfile, type TestProfile } from '../documents/profile';

// A metadata-only import of a few thousand documents (two import chunks) through the real importer
// with the search listener attached: everything it imported is findable the moment it returns.

const ROWS = 3_000;
const TOPICS = ['công trình thủy lợi', 'hòa giải ở cơ sở', 'đường giao thông nông thôn', 'kế hoạch chuyển đổi số'];

interface Row {
  notation: string;
  topic: number;
  urgent: boolean;
  confidential: boolean;
  arrivalDay: string;
}

/** Arrival days spread over January–February 2026 out of order, so index rowids do not arrive sorted. */
function rowsOf(n: number): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const day = (i * 17) % 59; // 0..58: Jan 1 .. Feb 28
    const date = new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10);
    rows.push({ notation: `${i + 1}/KH-BULK`, topic: i % TOPICS.length, urgent: i % 7 === 0, confidential: i % 11 === 0, arrivalDay: date });
  }
  return rows;
}

let p: TestProfile;
let registerId: number;
const rows = rowsOf(ROWS);
const idByNotation = new Map<string, number>();

async function search(query: string, filters: Record<string, unknown> = {}, as: 'system' | 'clerk' | 'spec1' = 'system') {
  const input = { query, filters, limit: 50 } as never;
  return as === 'system' ? p.system('search.query', input) : p.users[as].call('search.query', input);
}

beforeAll(async () => {
  p = await openProfile();
  registerId = (await p.system('registers.create', { name: 'Sổ nhập hàng loạt', direction: 'incoming', keeperIds: [] })).register.id;
  const csv = ['number_notation,issuer_name,date_issued,arrival_at,subject,urgency,confidentiality'];
  for (const r of rows) {
    csv.push(`${r.notation},Ủy ban nhân dân huyện,2025-12-15,${r.arrivalDay}T08:00:00+07:00,Về việc triển khai ${TOPICS[r.topic]},${r.urgent ? 'khẩn' : ''},${r.confidential ? 'mật' : ''}`);
  }
  const csvPath = path.join(p.dir, 'bulk.csv');
  fs.writeFileSync(csvPath, csv.join('\n') + '\n');
  const summary = importIncoming(documentsOf(p.core), p.users.clerk.actor, { registerId, csvPath });
  expect(summary.imported).toBe(ROWS);
  const stored = p.core.db.prepare('SELECT number_notation, id FROM documents WHERE register_id = ?').all(registerId) as { number_notation: string; id: number }[];
  for (const d of stored) idByNotation.set(d.number_notation, d.id);
}, 60_000);
afterAll(() => p.close());

const count = (pred: (r: Row) => boolean) => rows.filter(pred).length;

describe('search right after a bulk import', () => {
  it('finds every imported document, and each one by its own number and notation', async () => {
    const all = await search('', { registerId });
    expect(all.total).toBe(ROWS);
    expect(all.totalIsEstimate).toBe(false);
    for (const i of [0, 1, 999, 1000, 1999, 2000, 2001, 2998, 2999]) {
      const notation = rows[i]!.notation;
      expect((await search(notation)).hits.map((h) => h.id), notation).toEqual([idByNotation.get(notation)]);
    }
  });

  it('finds the same documents by words typed with or without diacritics', async () => {
    for (const [topic, typed] of [[0, 'thủy lợi'], [0, 'thuy loi'], [0, 'thuỷ lợi'], [1, 'hòa giải'], [1, 'hoa giai'], [2, 'đường giao thông'], [2, 'duong giao thong'], [3, '"chuyển đổi số"'], [3, 'chuyen doi so']] as const) {
      const r = await search(typed);
      expect(r.total, typed).toBe(count((x) => x.topic === topic));
      expect(r.hits.every((h) => TOPICS[topic]!.split(' ').some((w) => h.subject.includes(w))), typed).toBe(true);
    }
    expect((await search('thủy lội')).total).toBe(0);
  });

  it('filters by urgency, confidentiality and arrival date exactly as the imported rows say', async () => {
    expect((await search('', { registerId, urgency: 'urgent' })).total).toBe(count((r) => r.urgent));
    expect((await search('', { registerId, confidentiality: 'confidential' })).total).toBe(count((r) => r.confidential));
    expect((await search('thuy loi', { urgency: 'urgent' })).total).toBe(count((r) => r.topic === 0 && r.urgent));
    const inFebruary = await search('', { registerId, dateFrom: '2026-02-01', dateTo: '2026-02-28' });
    expect(inFebruary.total).toBe(count((r) => r.arrivalDay >= '2026-02-01'));
    const firstWeek = await search('hoa giai', { dateFrom: '2026-01-01', dateTo: '2026-01-07', sort: 'date_asc' });
    expect(firstWeek.total).toBe(count((r) => r.topic === 1 && r.arrivalDay <= '2026-01-07'));
  });

  it('shows confidential imported documents only to those who may see them', async () => {
    // The clerk imported them (creator); a specialist not involved sees only the ordinary ones.
    expect((await search('', { registerId }, 'clerk')).total).toBe(ROWS);
    expect((await search('', { registerId }, 'spec1')).total).toBe(count((r) => !r.confidential));
    expect((await search('', { registerId, confidentiality: 'confidential' }, 'spec1')).total).toBe(0);
  });
});
