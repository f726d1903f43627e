import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Core } from '../../../core/app';
import { generateInto } from '../../../bench/data';

// Filters, order and totals on a generated store of a little over 10,000 documents,
// checked against plain SQL over the documents table.

let dir: string;
let core: Core;
const search = (input: Record<string, unknown>) => core.asSystem('test')('search.query', input as never);
const countExact = (input: Record<string, unknown>) => core.asSystem('test')('search.countExact', input as never);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-search-filters-'));
  core = Core.open({ dataDir: dir, purpose: 'test' });
  generateInto(core, { docs: 10_100, withBody: false, seed: 7 });
  generateInto(core, { docs: 400, withBody: true, seed: 8 });
});
afterAll(() => {
  core.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The date search sorts by, as SQL: arrival for incoming, issue for outgoing. */
const SORT_DATE = "CASE WHEN direction = 'incoming' THEN substr(coalesce(arrival_at, date_issued, created_at), 1, 10) ELSE coalesce(date_issued, substr(created_at, 1, 10)) END";

function sqlCount(where: string, ...params: unknown[]): number {
  return core.db.prepare(`SELECT count(*) FROM documents WHERE ${where}`).pluck().get(...params) as number;
}

describe('search totals', () => {
  it('gives the exact number of matches with the first page in a store of ten thousand documents (however busy the machine), and the same number on request', async () => {
    const all = await search({ query: '' });
    expect(all.totalIsEstimate).toBe(false);
    expect(all.total).toBe(sqlCount('1'));
    expect((await countExact({ query: '' })).total).toBe(sqlCount('1'));
    const few = await search({ query: '', filters: { urgency: 'flash' } });
    expect(few.totalIsEstimate).toBe(false);
    expect(few.total).toBe(sqlCount("urgency = 'flash'"));
  });
});

describe('filters', () => {
  const reg = () => core.db.prepare("SELECT id FROM registers WHERE created_by = 'bench-data' ORDER BY id").pluck().all() as number[];
  const handler = () => core.db.prepare('SELECT handler_id FROM documents WHERE handler_id IS NOT NULL LIMIT 1').pluck().get() as number;
  const issuer = () => core.db.prepare("SELECT issuer_code FROM documents WHERE direction = 'incoming' GROUP BY issuer_code ORDER BY count(*) DESC LIMIT 1").pluck().get() as string;

  it('each filter gives exactly the documents SQL finds with the same condition', async () => {
    const cases: [Record<string, unknown>, string, unknown[]][] = [
      [{ registerId: reg()[1] }, 'register_id = ?', [reg()[1]]],
      [{ typeCode: 'QĐ' }, "type_code = 'QĐ'", []],
      [{ typeCode: 'ĐA' }, "type_code = 'ĐA'", []],
      [{ issuerCode: issuer() }, 'issuer_code = ?', [issuer()]],
      [{ status: 'in_progress' }, "status = 'in_progress'", []],
      [{ handlerId: handler() }, 'handler_id = ?', [handler()]],
      [{ urgency: 'urgent' }, "urgency = 'urgent'", []],
      [{ confidentiality: 'secret' }, "confidentiality = 'secret'", []],
      [{ direction: 'outgoing' }, "direction = 'outgoing'", []],
      [{ dateFrom: '2024-03-01', dateTo: '2024-03-31' }, `${SORT_DATE} BETWEEN '2024-03-01' AND '2024-03-31'`, []],
      [{ typeCode: 'CV', dateFrom: '2025-01-01', urgency: 'normal' }, `type_code = 'CV' AND urgency = 'normal' AND ${SORT_DATE} >= '2025-01-01'`, []],
    ];
    for (const [filters, where, params] of cases) {
      const expected = sqlCount(where, ...params);
      expect(expected, JSON.stringify(filters)).toBeGreaterThan(0);
      expect((await countExact({ query: '', filters })).total, JSON.stringify(filters)).toBe(expected);
    }
  });

  it('lists newest first (or oldest first) exactly as SQL orders the same documents, page after page', async () => {
    const sqlPage = (order: 'DESC' | 'ASC', offset: number) =>
      core.db.prepare(`SELECT id FROM documents WHERE type_code = 'BC' ORDER BY ${SORT_DATE} ${order}, id ${order} LIMIT 20 OFFSET ?`).pluck().all(offset) as number[];
    for (const offset of [0, 20, 400]) {
      expect((await search({ query: '', filters: { typeCode: 'BC' }, offset })).hits.map((h) => h.id)).toEqual(sqlPage('DESC', offset));
      expect((await search({ query: '', filters: { typeCode: 'BC' }, sort: 'date_asc', offset })).hits.map((h) => h.id)).toEqual(sqlPage('ASC', offset));
    }
  });

  it('combines words and filters: every hit satisfies the filter and holds the words', async () => {
    const r = await search({ query: 'chính phủ điện tử', filters: { direction: 'incoming', dateFrom: '2020-01-01' }, limit: 50 });
    expect(r.hits.length).toBeGreaterThan(0);
    for (const h of r.hits) {
      expect(h.direction).toBe('incoming');
      expect(h.date! >= '2020-01-01').toBe(true);
      const text = (h.subject + ' ' + h.snippet.map((s) => s.text).join('')).toLowerCase();
      expect(h.snippet.some((s) => s.match) || h.subjectHighlight.some((s) => s.match), text).toBe(true);
    }
    const dates = r.hits.map((h) => h.date!.slice(0, 10));
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('orders by relevance when asked, with scores that do not increase', async () => {
    const r = await search({ query: 'chữ ký số', sort: 'relevance' });
    expect(r.hits.length).toBe(20);
    const scores = r.hits.map((h) => h.score!);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(scores[0]!).toBeGreaterThan(0);
  });
});
