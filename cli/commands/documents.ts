import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/api/errors';
import { systemActor } from '../../core/api/context';
import { documentsOf } from '../../core/documents/index';
import { bookToCsv, bookToPdf, bookToXlsx, registerBook } from '../../core/documents/book';
import { importIncoming, type ImportSummary } from '../../core/documents/importer';
import { vnYear } from '../../core/documents/time';
import { defineCommand } from '../command';
import { withCore } from './foundation';

const cliActor = () => systemActor(`cli:${os.userInfo().username}`);

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function positiveInt(v: unknown, option: string): number {
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n <= 0) throw new AppError('VALIDATION', `Give --${option} as a positive whole number (got "${v ?? ''}").`);
  return n;
}

const registersList = defineCommand({
  name: 'registers list',
  summary: 'List document registers with this year’s last number.',
  usage: 'registers list [--data-dir DIR] [--json]',
  async run(ctx) {
    return withCore(ctx, async (core) => (await core.call('registers.list', {}, { actor: cliActor() })).registers);
  },
  print: (rs) => rs.map((r) => `${String(r.id).padStart(4)}  ${r.direction.padEnd(8)} ${r.name}${r.confidential ? ' (mật)' : ''} — last number ${r.lastNumber}`).join('\n') || 'No registers yet.',
});

const registersAdd = defineCommand({
  name: 'registers add',
  summary: 'Add a document register (incoming or outgoing; --confidential for a secret one).',
  usage: 'registers add --name NAME --direction incoming|outgoing [--confidential] [--padding N] [--data-dir DIR] [--json]',
  options: { name: { type: 'string' }, direction: { type: 'string' }, confidential: { type: 'boolean', default: false }, padding: { type: 'string' } },
  async run(ctx, { values }) {
    const direction = str(values.direction);
    if (direction !== 'incoming' && direction !== 'outgoing') throw new AppError('VALIDATION', 'Give --direction incoming or --direction outgoing.');
    return withCore(ctx, async (core) =>
      (await core.call('registers.create', {
        name: str(values.name) ?? '', direction, confidential: values.confidential === true,
        ...(values.padding !== undefined && { numberPadding: positiveInt(values.padding, 'padding') }),
      }, { actor: cliActor() })).register,
    );
  },
  print: (r) => `Added register ${r.id}: ${r.name} (${r.direction}).`,
});

const importCmd = defineCommand({
  name: 'import',
  summary: 'Import incoming documents: a folder of files and a CSV of their metadata.',
  usage: 'import --csv META.csv --register ID [--dir FOLDER] [--force] [--chunk N] [--data-dir DIR] [--json]\n' +
    '  CSV columns: file (names in FOLDER, ";"-separated; may be empty), number_notation, issuer_name, issuer_code, type,\n' +
    '  date_issued (YYYY-MM-DD or dd/mm/yyyy), subject, signer, signer_position, pages, urgency, confidentiality, arrival_at, deadline, notes',
  options: { dir: { type: 'string' }, csv: { type: 'string' }, register: { type: 'string' }, force: { type: 'boolean', default: false }, chunk: { type: 'string' } },
  async run(ctx, { values }): Promise<ImportSummary> {
    const csvPath = str(values.csv);
    if (!csvPath) throw new AppError('VALIDATION', 'Say where the metadata is: --csv META.csv.');
    const dir = str(values.dir);
    if (dir && !fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new AppError('NOT_FOUND', `${dir} is not a folder.`);
    const registerId = positiveInt(values.register, 'register');
    return withCore(ctx, (core) =>
      importIncoming(documentsOf(core), cliActor(), {
        registerId, csvPath: path.resolve(csvPath), dir: dir ? path.resolve(dir) : undefined, force: values.force === true,
        chunkSize: values.chunk ? positiveInt(values.chunk, 'chunk') : undefined, progress: ctx.progress,
      }),
    );
  },
  print: (r) => {
    const lines = [`Imported ${r.imported} of ${r.rows} rows (${r.files} files) in ${r.seconds.toFixed(1)} s — ${r.perSecond} documents/s.`];
    if (r.rejected.length) {
      lines.push(`Rejected ${r.rejected.length}: ${Object.entries(r.byReason).map(([k, n]) => `${k} ${n}`).join(', ')}`);
      for (const x of r.rejected.slice(0, 50)) lines.push(`  row ${x.row}: ${x.code}: ${x.message}`);
      if (r.rejected.length > 50) lines.push(`  … and ${r.rejected.length - 50} more (use --json for all).`);
    }
    return lines.join('\n');
  },
  exitCode: (r) => (r.rejected.length ? 1 : 0),
});

const exportCmd = defineCommand({
  name: 'export',
  summary: 'Export a register’s documents of a year as CSV or XLSX.',
  usage: 'export --register ID --format csv|xlsx --out FILE [--year Y] [--data-dir DIR] [--json]',
  options: { register: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, year: { type: 'string' } },
  async run(ctx, { values }) {
    const format = str(values.format);
    if (format !== 'csv' && format !== 'xlsx') throw new AppError('VALIDATION', 'Give --format csv or --format xlsx.');
    const out = str(values.out);
    if (!out) throw new AppError('VALIDATION', 'Say where to write: --out FILE.');
    const registerId = positiveInt(values.register, 'register');
    return withCore(ctx, (core) => {
      const year = values.year ? positiveInt(values.year, 'year') : vnYear(core.now());
      const book = registerBook(documentsOf(core), cliActor(), registerId, year);
      fs.writeFileSync(out, format === 'csv' ? bookToCsv(book) : bookToXlsx(book));
      return { out: path.resolve(out), format, register: book.register.name, year, rows: book.rows.length };
    });
  },
  print: (r) => `Wrote ${r.rows} rows of "${r.register}" ${r.year} to ${r.out}.`,
});

const registerBookCmd = defineCommand({
  name: 'register-book',
  summary: 'Print a register book (sổ đăng ký) of a year as a PDF table.',
  usage: 'register-book --register ID --year Y --out FILE.pdf [--data-dir DIR] [--json]',
  options: { register: { type: 'string' }, year: { type: 'string' }, out: { type: 'string' } },
  async run(ctx, { values }) {
    const out = str(values.out);
    if (!out) throw new AppError('VALIDATION', 'Say where to write: --out FILE.pdf.');
    const registerId = positiveInt(values.register, 'register');
    const year = positiveInt(values.year, 'year');
    return withCore(ctx, async (core) => {
      const book = registerBook(documentsOf(core), cliActor(), registerId, year);
      const pdf = await bookToPdf(book, core.identity.agency().name);
      fs.writeFileSync(out, pdf);
      return { out: path.resolve(out), register: book.register.name, year, rows: book.rows.length, bytes: pdf.byteLength };
    });
  },
  print: (r) => `Wrote the register book "${r.register}" ${r.year} (${r.rows} entries) to ${r.out}.`,
});

export const documentsCommands = [registersList, registersAdd, importCmd, exportCmd, registerBookCmd];
