import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Core } from '../../../core/app';
import { generateInto } from '../../../bench/data';
import { MatchCounter, roundEstimate, spreadOrder } from '../../../core/documents/search/counter';
import { rowidRange } from '../../../core/documents/search/tags';

// Totals beside the first page: counted window by window while a time budget lasts, then
// estimated from sample windows ("about N"). A budget of zero forces the estimate on a store small enough to
// check it against the exact count.

let dir: string;
let core: Core;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-search-totals-'));
  core = Core.open({ dataDir: dir, purpose: 'test' });
  generateInto(core, { docs: 6000, withBody: false, seed: 11 });
});
afterAll(() => {
  core.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const exact = (expr: string, from?: string, to?: string) => {
  const r = rowidRange(from, to);
  return core.db.prepare('SELECT count(*) FROM search_fts WHERE search_fts MATCH ? AND rowid BETWEEN ? AND ?').pluck().get(expr, r.min, r.max) as number;
};

describe('estimated totals', () => {
  it('are within a tenth of the exact count for common words, rounded to two digits, when there is no time to count', () => {
    // No time at all: one window counted, then 30 sampled. Windows of 40 documents here (~150 of
    // them) stand for the windows of 2,500 at a million.
    const hurried = new MatchCounter(core.db, { exactMs: 0, sampleMs: 0, minSamples: 30, windowDocs: 40, alwaysExactDocs: 0 });
    for (const [expr, from, to] of [
      ['z : zdoc', undefined, undefined],
      ['{s f} : "ke" AND {s f} : "hoach"', undefined, undefined],
      ['z : zdirincoming', '2019-01-01', undefined],
      ['z : zdoc', '2016-03-15', '2024-08-20'],
    ] as [string, string | undefined, string | undefined][]) {
      const truth = exact(expr, from, to);
      expect(truth, expr).toBeGreaterThan(500);
      const r = hurried.count(expr, rowidRange(from, to));
      expect(r.estimated, expr).toBe(true);
      expect(Math.abs(r.total - truth) / truth, `${expr}: about ${r.total}, exactly ${truth}`).toBeLessThan(0.1);
      expect(String(r.total).replace(/^\d\d/, '')).toMatch(/^0*$/);
    }
  });

  it('are exact when every window is counted in time (the windows cover the range without gaps or overlaps)', () => {
    const patient = new MatchCounter(core.db, { exactMs: 60_000, sampleMs: 0, windowDocs: 40, alwaysExactDocs: 0 });
    const expr = '{s f} : "ke" AND {s f} : "hoach"';
    for (const [from, to] of [[undefined, undefined], ['2018-02-10', '2023-07-05'], ['2024-01-01', undefined]] as [string | undefined, string | undefined][]) {
      expect(patient.windowsOf(rowidRange(from, to)).length).toBeGreaterThan(10);
      expect(patient.count(expr, rowidRange(from, to))).toEqual({ total: exact(expr, from, to), estimated: false });
    }
  });

  it('still count documents dated outside the days counted earlier (registered since, or backdated)', () => {
    const counter = new MatchCounter(core.db, { exactMs: 0, sampleMs: 0, windowDocs: 40, alwaysExactDocs: 0 });
    counter.dayCounts();
    const day = (s: string) => BigInt(Math.floor(Date.parse(s) / 86_400_000)) * 2n ** 32n;
    const insert = core.db.prepare("INSERT INTO search_fts(rowid, s, f, x, z) VALUES (?, 'tu khoa hiem', '', '', 'zdoc')");
    insert.run(day('2031-05-02') + 900_001n);
    insert.run(day('2003-01-02') + 900_002n);
    expect(counter.count('s : "khoa" AND s : "hiem"', rowidRange()).total).toBe(2);
    core.db.prepare("DELETE FROM search_fts WHERE rowid IN (?, ?)").run(day('2031-05-02') + 900_001n, day('2003-01-02') + 900_002n);
  });
});

describe('helpers', () => {
  it('spread samples over the whole range, each month once', () => {
    const order = spreadOrder(10);
    expect([...order].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(order.slice(0, 3)).toEqual([0, 5, 2]);
    expect(roundEstimate(769_497)).toBe(770_000);
    expect(roundEstimate(8_513)).toBe(8_500);
    expect(roundEstimate(42)).toBe(42);
  });

  it('bind date bounds as integers, so FTS5 seeks to them instead of reading every row', () => {
    const r = rowidRange('2024-01-01', '2024-12-31');
    expect(core.db.prepare('SELECT typeof(?), typeof(?)').raw().get(r.min, r.max)).toEqual(['integer', 'integer']);
  });
});
