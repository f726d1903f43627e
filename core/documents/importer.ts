import fs from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { AppError, isAppError, type FieldIssue } from '../../shared/api/errors';
import { CONFIDENTIALITIES, URGENCIES, type Confidentiality, type Urgency } from '../../shared/api/documents';
import type { Actor } from '../api/context';
import { storePath, type StoredFile } from './files';
import type { IncomingMetadata, PreparedIncoming } from './incoming';
import type { DocumentsModule } from './module';

// Bulk import of incoming documents: a folder of files plus a CSV of their metadata. Each chunk
// of rows is one transaction (so a million rows cost a thousand commits, not a million), each row
// a savepoint inside it (so one bad row does not undo its neighbours). Rejected rows are reported
// with the reason, never half-imported.

/**
 * RFC 4180 CSV, read incrementally: quoted fields, doubled quotes, CRLF or LF, an optional UTF-8
 * byte-order mark. `push` text as it is read, take the complete rows, `end` for the last one.
 */
export class CsvReader {
  private row: string[] = [];
  private field = '';
  private quoted = false;
  /** After a closing quote: the next character decides whether it was an escaped quote. */
  private quoteSeen = false;
  private pendingCr = false;
  private started = false;

  push(text: string): string[][] {
    const rows: string[][] = [];
    let i = 0;
    if (!this.started && text.length) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    for (; i < text.length; i++) {
      const ch = text[i]!;
      if (this.pendingCr) {
        this.pendingCr = false;
        if (ch === '\n') continue;
      }
      if (this.quoteSeen) {
        this.quoteSeen = false;
        if (ch === '"') {
          this.field += '"';
          continue;
        }
        this.quoted = false;
      }
      if (this.quoted) {
        if (ch === '"') this.quoteSeen = true;
        else this.field += ch;
      } else if (ch === '"' && this.field === '') this.quoted = true;
      else if (ch === ',') {
        this.row.push(this.field);
        this.field = '';
      }
      else if (ch === '\n' || ch === '\r') {
        this.pendingCr = ch === '\r';
        this.finishRow(rows);
      } else this.field += ch;
    }
    return rows;
  }

  end(): string[][] {
    const rows: string[][] = [];
    if (this.quoteSeen) {
      this.quoteSeen = false;
      this.quoted = false;
    }
    if (this.field !== '' || this.row.length) this.finishRow(rows);
    return rows;
  }

  private finishRow(rows: string[][]): void {
    this.row.push(this.field);
    this.field = '';
    if (this.row.length > 1 || this.row[0] !== '') rows.push(this.row);
    this.row = [];
  }
}

export function parseCsv(text: string): string[][] {
  const r = new CsvReader();
  return [...r.push(text), ...r.end()];
}

/** Rows of a CSV file, read 1 MiB at a time (a million-row file is never held whole). */
export function* csvFileRows(file: string): Generator<string[]> {
  const fd = fs.openSync(file, 'r');
  try {
    const decoder = new StringDecoder('utf8');
    const reader = new CsvReader();
    const buf = Buffer.allocUnsafe(1 << 20);
    let n: number;
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) yield* reader.push(decoder.write(buf.subarray(0, n)));
    yield* reader.push(decoder.end());
    yield* reader.end();
  } finally {
    fs.closeSync(fd);
  }
}

const URGENCY_WORDS: Record<string, Urgency> = { '': 'normal', thường: 'normal', khẩn: 'urgent', 'thượng khẩn': 'very_urgent', 'hỏa tốc': 'flash', 'hoả tốc': 'flash' };
const CONF_WORDS: Record<string, Confidentiality> = { '': 'normal', thường: 'normal', mật: 'confidential', 'tối mật': 'secret', 'tuyệt mật': 'top_secret' };

function enumValue<T extends string>(raw: string, words: Record<string, T>, codes: readonly T[]): T | undefined {
  const v = raw.trim().toLowerCase().normalize('NFC');
  return (codes as readonly string[]).includes(v) ? (v as T) : words[v];
}

/** 05/03/2026 or 2026-03-05 → 2026-03-05 (other text is passed on for validation to reject). */
function isoDate(raw: string): string {
  const v = raw.trim();
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : v;
}

export interface ImportRejection {
  row: number;
  code: string;
  message: string;
  fields?: FieldIssue[];
}

export interface ImportSummary {
  rows: number;
  imported: number;
  rejected: ImportRejection[];
  byReason: Record<string, number>;
  files: number;
  seconds: number;
  perSecond: number;
}

export interface ImportOptions {
  registerId: number;
  csvPath: string;
  dir?: string;
  force?: boolean;
  chunkSize?: number;
  progress?: (m: string) => void;
}

const HEADER_ALIASES: Record<string, string> = {
  file: 'files', files: 'files', tep: 'files',
  number_notation: 'numberNotation', numbernotation: 'numberNotation', so_ky_hieu: 'numberNotation', notation: 'numberNotation',
  issuer_name: 'issuerName', issuer: 'issuerName', co_quan_ban_hanh: 'issuerName', issuer_code: 'issuerCode',
  type: 'typeCode', type_code: 'typeCode', date_issued: 'dateIssued', ngay_ban_hanh: 'dateIssued', subject: 'subject', trich_yeu: 'subject',
  signer: 'signer', signer_position: 'signerPosition', pages: 'pages', urgency: 'urgency', confidentiality: 'confidentiality',
  arrival_at: 'arrivalAt', deadline: 'deadline', notes: 'notes',
};

export function importIncoming(m: DocumentsModule, actor: Actor, opts: ImportOptions): ImportSummary {
  const started = Date.now();
  if (!fs.statSync(opts.csvPath, { throwIfNoEntry: false })?.isFile()) throw new AppError('NOT_FOUND', `Cannot read the metadata file ${opts.csvPath}: no such file.`);
  const rowsOf = csvFileRows(opts.csvPath);
  try {
    return withRareCheckpoints(m.ctx.db, () => importRows(m, actor, opts, rowsOf, started));
  } finally {
    rowsOf.return(undefined); // closes the file even when the header is refused
  }
}

function importRows(m: DocumentsModule, actor: Actor, opts: ImportOptions, rowsOf: Generator<string[]>, started: number): ImportSummary {
  const header = rowsOf.next().value as string[] | undefined;
  if (!header) throw new AppError('VALIDATION', `${opts.csvPath} is empty; it needs a header row (number_notation, issuer_name, date_issued, subject, …).`);
  const keys = header.map((h) => HEADER_ALIASES[h.trim().toLowerCase().replace(/[\s-]+/g, '_')] ?? '');
  for (const required of ['numberNotation', 'issuerName', 'dateIssued', 'subject']) {
    if (!keys.includes(required)) throw new AppError('VALIDATION', `${opts.csvPath} has no "${required}" column. Columns found: ${header.join(', ')}.`);
  }
  const column = new Map(keys.map((k, i) => [k, i] as const).filter(([k]) => k).reverse());
  m.registers.usable(opts.registerId, 'incoming');
  const limit = m.settings().maxAttachmentBytes;
  const chunkSize = opts.chunkSize ?? 2000;
  const rejected: ImportRejection[] = [];
  let imported = 0;
  let fileCount = 0;
  let total = 0;

  const writer = new IncomingBatchWriter(m, actor, !!opts.force);
  const chunk: string[][] = [];
  const flush = () => {
    const start = total - chunk.length;
    const ready: ReadyRow[] = [];
    for (const [k, rec] of chunk.entries()) {
      const row = start + k + 2; // 1-based, after the header: the line a spreadsheet shows
      try {
        const v = (key: string) => rec[column.get(key) ?? -1]?.trim() ?? '';
        const issues: FieldIssue[] = [];
        const urgency = enumValue(v('urgency'), URGENCY_WORDS, URGENCIES);
        if (!urgency) issues.push({ path: 'urgency', code: 'urgency.unknown', message: `"${v('urgency')}" is not thường, khẩn, thượng khẩn or hỏa tốc` });
        const confidentiality = enumValue(v('confidentiality'), CONF_WORDS, CONFIDENTIALITIES);
        if (!confidentiality) issues.push({ path: 'confidentiality', code: 'confidentiality.unknown', message: `"${v('confidentiality')}" is not thường, mật, tối mật or tuyệt mật` });
        const subject = v('subject');
        if (!subject) issues.push({ path: 'subject', code: 'required', message: 'the subject is empty' });
        if (subject.length > 500) issues.push({ path: 'subject', code: 'subject.tooLong', message: 'the subject is over 500 characters' });
        const issuerName = v('issuerName');
        if (!issuerName) issues.push({ path: 'issuerName', code: 'required', message: 'the issuer is empty' });
        const pagesText = v('pages');
        const pages = pagesText ? Number(pagesText) : null;
        if (pages !== null && !(Number.isInteger(pages) && pages > 0)) issues.push({ path: 'pages', code: 'pages.invalid', message: `"${pagesText}" is not a page count` });
        let prepared: PreparedIncoming | undefined;
        try {
          prepared = m.incoming.prepare(
            {
              registerId: opts.registerId, numberNotation: v('numberNotation'), issuerName: issuerName || '?', issuerCode: v('issuerCode'), typeCode: v('typeCode') || undefined,
              dateIssued: isoDate(v('dateIssued')), subject: subject || '?', signer: v('signer'), signerPosition: v('signerPosition'), pages, language: 'vi',
              urgency: urgency ?? 'normal', confidentiality: confidentiality ?? 'normal', arrivalAt: v('arrivalAt') || undefined,
              deadline: v('deadline') ? isoDate(v('deadline')) : null, unitId: null, notes: v('notes'),
            },
            actor,
            'import',
          );
        } catch (e) {
          if (!isAppError(e) || e.code !== 'VALIDATION' || !e.fields) throw e;
          issues.push(...e.fields);
        }
        // Every problem of the row at once, so one pass over the spreadsheet fixes it.
        if (issues.length || !prepared) throw new AppError('VALIDATION', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { fields: issues });
        const files = v('files')
          .split(';')
          .map((f) => f.trim())
          .filter(Boolean)
          .map((name) => {
            const full = path.resolve(opts.dir ?? path.dirname(opts.csvPath), name);
            if (!fs.existsSync(full)) throw new AppError('FILE_MISSING', `${name} is not in the folder.`);
            return storePath(m.ctx.deps.blobs, full, limit, name);
          });
        ready.push({ row, prepared, files });
      } catch (e) {
        rejected.push(rejection(row, e));
      }
    }
    const w = writer.write(ready);
    imported += w.ids.length;
    fileCount += w.files;
    rejected.push(...w.rejected);
    opts.progress?.(`${total} rows read, ${imported} imported, ${rejected.length} rejected`);
    chunk.length = 0;
  };
  for (const rec of rowsOf) {
    chunk.push(rec);
    total++;
    if (chunk.length >= chunkSize) flush();
  }
  if (chunk.length) flush();
  const seconds = (Date.now() - started) / 1000;
  const byReason: Record<string, number> = {};
  for (const r of rejected) byReason[r.code] = (byReason[r.code] ?? 0) + 1;
  rejected.sort((a, b) => a.row - b.row);
  return { rows: total, imported, rejected, byReason, files: fileCount, seconds, perSecond: seconds > 0 ? Math.round(imported / seconds) : imported };
}

/**
 * A chunk writes thousands of index pages; with the default automatic checkpoint (1,000 pages)
 * nearly every commit would also copy them into the database file and fsync it. Let the WAL grow
 * during the import and checkpoint once after it. Commits stay as durable (the WAL is fsynced).
 */
function withRareCheckpoints<T>(db: DocumentsModule['ctx']['db'], fn: () => T): T {
  const before = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('wal_autocheckpoint = 50000');
  try {
    return fn();
  } finally {
    db.pragma(`wal_autocheckpoint = ${before}`);
    db.pragma('wal_checkpoint(PASSIVE)');
  }
}

/** documents.import: rows already parsed by the API schema, validated and written in chunks. */
export function importMetadataRows(m: DocumentsModule, actor: Actor, registerId: number, rows: IncomingMetadata[], force: boolean, chunkSize = 2000): { imported: number; ids: number[]; rejected: ImportRejection[] } {
  m.registers.usable(registerId, 'incoming');
  const writer = new IncomingBatchWriter(m, actor, force);
  const ids: number[] = [];
  const rejected: ImportRejection[] = [];
  return withRareCheckpoints(m.ctx.db, () => {
    for (let start = 0; start < rows.length; start += chunkSize) {
      const ready: ReadyRow[] = [];
      rows.slice(start, start + chunkSize).forEach((row, i) => {
        try {
          ready.push({ row: start + i, prepared: m.incoming.prepare({ ...row, registerId }, actor, 'import'), files: [] });
        } catch (e) {
          rejected.push(rejection(start + i, e));
        }
      });
      const w = writer.write(ready);
      ids.push(...w.ids);
      rejected.push(...w.rejected);
    }
    rejected.sort((a, b) => a.row - b.row);
    return { imported: ids.length, ids, rejected };
  });
}

export interface ReadyRow {
  /** The row's number as the user knows it (spreadsheet line, or index in the request). */
  row: number;
  prepared: PreparedIncoming;
  files: StoredFile[];
}

/**
 * Writes validated incoming documents, a chunk per transaction, numbering them in order.
 *
 * The fast path writes rows without a savepoint each (a savepoint costs a copy of every page the
 * row touches — a dozen indexes). Duplicates are refused before anything of the row is written; a
 * row that still fails while being written (it passed validation, so a bug or a full disk) rolls
 * the whole chunk back — no number is used up — and the chunk is redone row by row, each row in
 * its own savepoint, so only that row is refused.
 */
export class IncomingBatchWriter {
  private readonly insertOne;

  constructor(
    private readonly m: DocumentsModule,
    private readonly actor: Actor,
    private readonly force: boolean,
  ) {
    // Made once: better-sqlite3 prepares the savepoint statements for each new wrapper.
    this.insertOne = m.ctx.db.transaction((prepared: PreparedIncoming, files: StoredFile[]) => m.incoming.insertPrepared(prepared, files, actor, force));
  }

  write(ready: ReadyRow[]): { ids: number[]; files: number; rejected: ImportRejection[] } {
    try {
      return this.m.ctx.tx(() => {
        const out = { ids: [] as number[], files: 0, rejected: [] as ImportRejection[] };
        for (const r of ready) {
          try {
            this.m.incoming.refuseDuplicate(r.prepared, r.files, this.force);
          } catch (e) {
            out.rejected.push(rejection(r.row, e));
            continue;
          }
          out.ids.push(this.m.incoming.insertChecked(r.prepared, r.files, this.actor, this.force));
          out.files += r.files.length;
        }
        return out;
      });
    } catch {
      return this.m.ctx.tx(() => {
        const out = { ids: [] as number[], files: 0, rejected: [] as ImportRejection[] };
        for (const r of ready) {
          try {
            out.ids.push(this.insertOne(r.prepared, r.files));
            out.files += r.files.length;
          } catch (e) {
            out.rejected.push(rejection(r.row, e));
          }
        }
        return out;
      });
    }
  }
}

export function rejection(row: number, e: unknown): ImportRejection {
  if (!isAppError(e)) throw e;
  return { row, code: e.code, message: e.message, ...(e.fields && { fields: e.fields }) };
}
