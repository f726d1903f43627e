import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/api/errors';
import type { Input, Output } from '../../shared/api/contract';
import { segmentsToText } from '../../core/documents/search/index';
import { generateStore } from '../../bench/data';
import { defineCommand } from '../command';
import { withCore } from './foundation';

const cliActor = () => `cli:${os.userInfo().username}`;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function int(v: unknown, name: string): number | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0) throw new AppError('VALIDATION', `--${name} takes a whole number, not "${s}".`);
  return n;
}

const SORTS: Record<string, 'date_desc' | 'date_asc' | 'relevance'> = { newest: 'date_desc', oldest: 'date_asc', relevance: 'relevance' };

type QueryResult = Output<'search.query'> & { query: string; exactTotal?: number };

const search = defineCommand({
  name: 'search',
  summary: 'Full-text search of documents (with or without diacritics; "phrase", prefix*, -exclude).',
  usage:
    'search "<query>" [--register ID] [--type CODE] [--issuer CODE] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--status S] [--handler ID] [--urgency U] [--confidentiality C] [--direction incoming|outgoing] [--sort newest|oldest|relevance] [--limit N] [--offset N] [--exact-count] [--data-dir DIR] [--json]',
  allowPositionals: true,
  options: {
    register: { type: 'string' },
    type: { type: 'string' },
    issuer: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    status: { type: 'string' },
    handler: { type: 'string' },
    urgency: { type: 'string' },
    confidentiality: { type: 'string' },
    direction: { type: 'string' },
    sort: { type: 'string', default: 'newest' },
    limit: { type: 'string' },
    offset: { type: 'string' },
    'exact-count': { type: 'boolean', default: false },
  },
  async run(ctx, { values, positionals }): Promise<QueryResult> {
    const query = positionals.join(' ');
    const sort = SORTS[str(values.sort) ?? 'newest'];
    if (!sort) throw new AppError('VALIDATION', `--sort is one of ${Object.keys(SORTS).join(', ')}.`);
    const filters: Record<string, unknown> = {
      registerId: int(values.register, 'register'),
      typeCode: str(values.type),
      issuerCode: str(values.issuer),
      dateFrom: str(values.from),
      dateTo: str(values.to),
      status: str(values.status),
      handlerId: int(values.handler, 'handler'),
      urgency: str(values.urgency),
      confidentiality: str(values.confidentiality),
      direction: str(values.direction),
    };
    for (const k of Object.keys(filters)) if (filters[k] === undefined) delete filters[k];
    const input = { query, filters, sort, limit: int(values.limit, 'limit') ?? 20, offset: int(values.offset, 'offset') ?? 0 } as Input<'search.query'>;
    return withCore(ctx, async (core) => {
      const call = core.asSystem(cliActor());
      const result = await call('search.query', input);
      const exactTotal = values['exact-count'] === true ? (await call('search.countExact', { query, filters: input.filters })).total : undefined;
      return { query, ...result, ...(exactTotal !== undefined ? { exactTotal } : {}) };
    });
  },
  print: (r) => {
    const total = r.exactTotal ?? r.total;
    const head = `${r.totalIsEstimate && r.exactTotal === undefined ? `About ${total.toLocaleString('en-US')}` : total.toLocaleString('en-US')} documents (${r.tookMs} ms)`;
    const lines = [head];
    for (const h of r.hits) {
      lines.push(`  #${h.id}  ${(h.date ?? '').slice(0, 10)}  ${h.numberNotation ?? ''}  ${segmentsToText(h.subjectHighlight)}`);
      if (h.snippet.length) lines.push(`      ${segmentsToText(h.snippet)}`);
    }
    return lines.join('\n');
  },
});

const benchData = defineCommand({
  name: 'bench-data',
  summary: 'Fill a profile with N synthetic documents built from the demo corpus (for search benchmarks).',
  usage: 'bench-data --docs N [--no-body] [--seed S] [--data-dir DIR] [--json]',
  options: { docs: { type: 'string' }, 'no-body': { type: 'boolean', default: false }, seed: { type: 'string' } },
  async run(ctx, { values }) {
    const docs = int(values.docs, 'docs');
    if (!docs) throw new AppError('VALIDATION', 'Say how many documents to generate: --docs N (e.g. --docs 100000).');
    return generateStore({ dataDir: path.resolve(ctx.dataDir), docs, withBody: values['no-body'] !== true, seed: int(values.seed, 'seed') ?? 1, progress: ctx.progress });
  },
  print: (r) =>
    `Added ${r.documents.toLocaleString('en-US')} documents in ${r.seconds} s (${r.docsPerSecond.toLocaleString('en-US')}/s); the profile now holds ${r.totalDocuments.toLocaleString('en-US')} (${(r.databaseBytes / 1e6).toFixed(0)} MB).`,
});

export const searchCommands = [search, benchData];
