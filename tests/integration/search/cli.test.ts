import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/core';

const BIN = path.resolve('bin/vanthu.mjs');
function vanthu(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('vanthu bench-data and vanthu search', () => {
  it('generates a synthetic store with a progress line, then prints the hits of a search as JSON and as text', () => {
    const dir = path.join(tempDir(), 'p');
    const gen = vanthu(['bench-data', '--docs', '800', '--data-dir', dir]);
    expect(gen.code, gen.err).toBe(0);
    expect(gen.err).toMatch(/bench-data: 800 \/ 800 documents \([\d,]+\/s\)/);
    expect(gen.out).toMatch(/Added 800 documents/);

    const json = vanthu(['search', 'kế hoạch', '--data-dir', dir, '--json', '--limit', '5']);
    expect(json.code, json.err).toBe(0);
    const r = JSON.parse(json.out);
    expect(r.query).toBe('kế hoạch');
    expect(r.hits).toHaveLength(5);
    expect(r.total).toBeGreaterThan(5);
    for (const h of r.hits) expect(h.snippet.concat(h.subjectHighlight).some((s: { match: boolean }) => s.match)).toBe(true);

    const text = vanthu(['search', '"chữ ký số"', '--sort', 'relevance', '--exact-count', '--data-dir', dir]);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toMatch(/^[\d,]+ documents \(/);
    expect(text.out).toContain('[chữ ký số]');

    const dated = vanthu(['search', 'ke hoach', '--from', '2024-01-01', '--to', '2024-12-31', '--limit', '50', '--data-dir', dir, '--json']);
    expect(dated.code, dated.err).toBe(0);
    const inRange = JSON.parse(dated.out);
    expect(inRange.hits.length).toBeGreaterThan(0);
    for (const h of inRange.hits) expect(h.date.slice(0, 10) >= '2024-01-01' && h.date.slice(0, 10) <= '2024-12-31', h.date).toBe(true);

    const bad = vanthu(['search', 'x', '--sort', 'sideways', '--data-dir', dir]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--sort is one of newest, oldest, relevance/);
  }, 150_000); // five CLI processes, each starting TypeScript through tsx
});
