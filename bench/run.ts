import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchResult, Figure } from './types';

// `npm run bench [-- name...]`: runs each benchmark module, writes bench/results/<name>.json and
// regenerates the table in docs/BENCHMARKS.md from every result file present.

// Run order: the two exchange benchmarks first. Their stores grow by a few hundred megabytes, and
// on these machines creating files is slow for a while after many have been deleted (the file
// system skips recently freed inodes), which the other benchmarks' clean-up would otherwise cause.
const MODULES: Record<string, string> = {
  exchange: './exchange.ts',
  axis: './axis.ts',
  foundation: './foundation.ts',
  documents: './documents.ts',
  'documents-ui': './documents-ui.ts',
  search: './search.ts',
  signing: './signing.ts',
  'signing-app': './signing-app.ts',
  verify: './verify.ts',
  ui: './ui.ts',
};

const RESULTS = path.resolve('bench', 'results');

function figuresOf(r: BenchResult | Record<string, unknown>): Figure[] {
  if (Array.isArray((r as BenchResult).figures)) return (r as BenchResult).figures;
  return Object.entries(r)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => ({ metric: k, value: v as number, unit: '' }));
}

function writeMarkdown(): void {
  const files = fs.existsSync(RESULTS) ? fs.readdirSync(RESULTS).filter((f) => f.endsWith('.json')).sort() : [];
  const lines = [
    '# Benchmarks',
    '',
    'Made by `npm run bench` (or `npm run bench -- <name>`); raw results in `bench/results/*.json`.',
    'Ratios compare against a baseline measured in the same run on the same machine (these machines are noisy).',
    'Scratch stores are made under bench/.cache/scratch, not /tmp (creating a file under /tmp costs these machines 0.5–0.7 ms of CPU).',
    '',
  ];
  for (const f of files) {
    const saved = JSON.parse(fs.readFileSync(path.join(RESULTS, f), 'utf8')) as { result: BenchResult; at: string; machine: string };
    lines.push(`## ${saved.result.name ?? f.replace('.json', '')}`, '', `Measured ${saved.at} on ${saved.machine}.`, '');
    lines.push('| metric | value | target | baseline (same run) | ratio | note |', '|---|---|---|---|---|---|');
    for (const g of figuresOf(saved.result)) {
      const base = g.baseline ? `${g.baseline.what}: ${g.baseline.value} ${g.baseline.unit}` : '';
      lines.push(`| ${g.metric} | ${g.value} ${g.unit} | ${g.target ?? ''} | ${base} | ${g.ratio ?? ''} | ${g.note ?? ''} |`);
    }
    lines.push('');
  }
  fs.writeFileSync(path.resolve('docs', 'BENCHMARKS.md'), lines.join('\n'));
}

/**
 * Scratch stores go beside the repo, not into /tmp: a profile lives in the user's data folder, and
 * on these machines creating a file anywhere under /tmp costs 0.5–0.7 ms of CPU (20 µs elsewhere
 * on the same disk), which would be measured as our cost. Child processes inherit TMPDIR.
 */
function useScratchTmp(): () => void {
  const root = path.resolve('bench', '.cache', 'scratch');
  fs.mkdirSync(root, { recursive: true });
  const dir = fs.mkdtempSync(path.join(root, 'run-'));
  process.env.TMPDIR = dir;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const removeScratch = useScratchTmp();
  process.once('exit', removeScratch);
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length ? wanted : Object.keys(MODULES);
  fs.mkdirSync(RESULTS, { recursive: true });
  let failures = 0;
  for (const name of names) {
    const file = MODULES[name];
    if (!file) {
      console.error(`Unknown benchmark "${name}"; known: ${Object.keys(MODULES).join(', ')}`);
      failures++;
      continue;
    }
    if (!fs.existsSync(path.resolve('bench', file))) {
      console.log(`- ${name}: not present yet, skipped`);
      continue;
    }
    console.log(`- ${name}: running…`);
    const t0 = Date.now();
    try {
      const mod = (await import(file)) as { run: () => Promise<BenchResult> };
      const result = await mod.run();
      const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()}`;
      fs.writeFileSync(path.join(RESULTS, `${name}.json`), JSON.stringify({ at: new Date().toISOString(), machine, seconds: Math.round((Date.now() - t0) / 1000), result }, null, 2));
      for (const g of figuresOf(result)) console.log(`    ${g.metric}: ${g.value} ${g.unit}${g.ratio !== undefined ? ` (ratio ${g.ratio})` : ''}`);
    } catch (e) {
      failures++;
      console.error(`    ${name} failed: ${(e as Error).stack}`);
    }
  }
  writeMarkdown();
  console.log('Results in bench/results/, table in docs/BENCHMARKS.md');
  process.exitCode = failures ? 1 : 0;
}

await main();
