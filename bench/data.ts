import fs from 'node:fs';
import path from 'node:path';
import { Core } from '../core/app';
import { demoCorpusDir } from '../core/demo';
import { SearchWriter, sortDateOf, type IndexableDocument } from '../core/documents/search/index';

// Synthetic document stores for search benchmarks and `vanthu bench-data`: documents built from
// the four corpus texts (subject, 200–800-word body, issuer, notation, date) with skewed, realistic
// distributions, written through the bulk path: large transactions, prepared statements, and the
// same index rows the live indexer writes.

export interface GenerateOptions {
  /** Only for generateStore. */
  dataDir?: string;
  docs: number;
  /** Without bodies: metadata only (subject, notation, issuer, signer). */
  withBody?: boolean;
  seed?: number;
  batch?: number;
  progress?: (message: string) => void;
}

export interface GenerateResult {
  dataDir: string;
  documents: number;
  totalDocuments: number;
  seconds: number;
  docsPerSecond: number;
  databaseBytes: number;
}

/** mulberry32: small, fast, seedable. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Corpus {
  sentences: string[];
  /** Word count of each sentence. */
  lengths: number[];
  /** Short clauses suitable for a subject line ("về việc …"). */
  phrases: string[];
}

export function loadCorpus(dir = demoCorpusDir()): Corpus {
  const sentences: string[] = [];
  const lengths: number[] = [];
  const phrases: string[] = [];
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.txt')).sort()) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8').normalize('NFC');
    for (const line of text.split(/\n+/)) {
      // Leftovers of the HTML the texts were copied from carry no words worth searching.
      if (/[<>]/.test(line)) continue;
      for (const raw of line.split(/(?<=[.;:])\s+/)) {
        const s = raw.replace(/\s+/g, ' ').replace(/^[\s\-–+*•.,;:)]+/, '').trim();
        const words = s.split(' ').length;
        if (words >= 5 && words <= 80 && /\p{Ll}/u.test(s)) {
          sentences.push(s);
          lengths.push(words);
        }
        if (words >= 6 && words <= 22 && /\p{Ll}/u.test(s)) phrases.push(s.replace(/[.;:,]+$/, ''));
      }
    }
  }
  return { sentences, lengths, phrases };
}

const TYPES: { code: string; name: string; abbr: string; weight: number }[] = [
  { code: 'CV', name: 'Công văn', abbr: '', weight: 40 },
  { code: 'QĐ', name: 'Quyết định', abbr: 'QĐ', weight: 14 },
  { code: 'BC', name: 'Báo cáo', abbr: 'BC', weight: 8 },
  { code: 'TB', name: 'Thông báo', abbr: 'TB', weight: 8 },
  { code: 'GM', name: 'Giấy mời', abbr: 'GM', weight: 8 },
  { code: 'KH', name: 'Kế hoạch', abbr: 'KH', weight: 6 },
  { code: 'TTr', name: 'Tờ trình', abbr: 'TTr', weight: 4 },
  { code: 'HD', name: 'Hướng dẫn', abbr: 'HD', weight: 3 },
  { code: 'NQ', name: 'Nghị quyết', abbr: 'NQ', weight: 2 },
  { code: 'CT', name: 'Chỉ thị', abbr: 'CT', weight: 2 },
  { code: 'ĐA', name: 'Đề án', abbr: 'ĐA', weight: 1 },
  { code: 'BB', name: 'Biên bản', abbr: 'BB', weight: 2 },
  { code: 'CTr', name: 'Chương trình', abbr: 'CTr', weight: 1 },
  { code: 'QC', name: 'Quy chế', abbr: 'QC', weight: 1 },
];

const PROVINCES = ['Bình Định', 'Gia Lai', 'Bình Phước', 'Đắk Lắk', 'Quảng Ngãi', 'Phú Yên', 'Kon Tum', 'Khánh Hòa', 'Lâm Đồng', 'Thừa Thiên Huế'];
const BODIES: { name: string; short: string }[] = [
  { name: 'Ủy ban nhân dân tỉnh', short: 'UBND' },
  { name: 'Sở Thông tin và Truyền thông', short: 'STTTT' },
  { name: 'Sở Tài chính', short: 'STC' },
  { name: 'Sở Kế hoạch và Đầu tư', short: 'SKHĐT' },
  { name: 'Sở Nội vụ', short: 'SNV' },
  { name: 'Sở Tài nguyên và Môi trường', short: 'STNMT' },
  { name: 'Sở Giáo dục và Đào tạo', short: 'SGDĐT' },
  { name: 'Sở Y tế', short: 'SYT' },
  { name: 'Công an tỉnh', short: 'CAT' },
  { name: 'Văn phòng Ủy ban nhân dân tỉnh', short: 'VPUBND' },
];
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ'];
const MIDDLE = ['Văn', 'Thị', 'Quang', 'Minh', 'Thanh', 'Hữu', 'Ngọc'];
const GIVEN = ['Long', 'Hùng', 'Lan', 'Hà', 'Tuấn', 'Dũng', 'Hương', 'Bình', 'Phúc', 'Thủy', 'Hòa', 'Khánh'];

export interface Issuer {
  name: string;
  short: string;
  code: string;
}

/** 100 issuing agencies (10 bodies × 10 provinces) with QCVN 102-style codes. */
export function issuers(): Issuer[] {
  const out: Issuer[] = [];
  PROVINCES.forEach((p, pi) =>
    BODIES.forEach((b, bi) => out.push({ name: `${b.name} ${p}`, short: b.short, code: `000.00.${String(bi * 3 + 10).padStart(2, '0')}.H${String(pi + 10).padStart(2, '0')}` })),
  );
  return out;
}

function weighted<T extends { weight: number }>(items: T[], r: number): T {
  const total = items.reduce((s, i) => s + i.weight, 0);
  let x = r * total;
  for (const i of items) if ((x -= i.weight) < 0) return i;
  return items[items.length - 1]!;
}

/** Zipf-like pick of an index in [0, n): a few issuers send most documents. */
function zipf(n: number, r: number): number {
  return Math.min(n - 1, Math.floor(Math.pow(n + 1, r) - 1));
}

const DAY = 86_400_000;
const START = Date.UTC(2015, 0, 1);
const END = Date.UTC(2026, 10, 20);

/**
 * The i-th of n dates: denser towards the present (more documents each year), on weekdays, and
 * never decreasing — documents are registered in time order, which also lets FTS5 append to its
 * doclists instead of flushing a segment whenever a rowid goes backwards.
 */
function nthDate(i: number, n: number, r: () => number): Date {
  const span = END - START;
  const t = START + Math.sqrt((i + r()) / n) * span;
  let d = new Date(Math.floor(t / DAY) * DAY);
  const wd = d.getUTCDay();
  if (wd === 0) d = new Date(d.getTime() + DAY);
  if (wd === 6) d = new Date(d.getTime() - DAY);
  return d;
}

function ymd(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function makeBody(c: Corpus, r: () => number): string {
  const target = 200 + Math.floor(r() * 600);
  const parts: string[] = [];
  let words = 0;
  while (words < target) {
    const i = Math.floor(r() * c.sentences.length);
    parts.push(c.sentences[i]!);
    words += c.lengths[i]!;
  }
  return parts.join(r() < 0.5 ? '\n' : ' ');
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

interface RegisterPlan {
  incoming: number;
  incomingConfidential: number;
  outgoing: number;
  outgoingConfidential: number;
}

function ensureProfile(core: Core): { registers: RegisterPlan; users: number[] } {
  const db = core.db;
  if (!core.identity.isInitialized()) {
    db.transaction(() => {
      const now = core.now().toISOString();
      db.prepare("INSERT INTO agency(id, name, code, short_name, created_at) VALUES (1, 'Ủy ban nhân dân tỉnh Bình Định (bench)', '000.00.00.H10', 'UBND', ?)").run(now);
    })();
  }
  const existing = db.prepare("SELECT id, direction, confidential FROM registers WHERE created_by = 'bench-data' ORDER BY id").all() as { id: number; direction: string; confidential: number }[];
  const now = core.now().toISOString();
  if (existing.length < 4) {
    const ins = db.prepare("INSERT INTO registers(name, direction, confidential, created_at, created_by) VALUES (?, ?, ?, ?, 'bench-data')");
    db.transaction(() => {
      ins.run('Sổ văn bản đến', 'incoming', 0, now);
      ins.run('Sổ văn bản đến mật', 'incoming', 1, now);
      ins.run('Sổ văn bản đi', 'outgoing', 0, now);
      ins.run('Sổ văn bản đi mật', 'outgoing', 1, now);
    })();
  }
  const regs = db.prepare("SELECT id FROM registers WHERE created_by = 'bench-data' ORDER BY id LIMIT 4").pluck().all() as number[];
  let users = db.prepare("SELECT id FROM users WHERE username LIKE 'bench%' ORDER BY id").pluck().all() as number[];
  if (users.length === 0) {
    // Handlers for the synthetic documents; they cannot log in (no usable password hash).
    const ins = db.prepare("INSERT INTO users(username, full_name, title, password_hash, roles, created_at, updated_at) VALUES (?, ?, 'Chuyên viên', '!', '[\"specialist\"]', ?, ?)");
    db.transaction(() => {
      for (let i = 1; i <= 20; i++) ins.run(`bench${i}`, `${FAMILY[i % 10]} ${MIDDLE[i % 7]} ${GIVEN[i % 12]}`, now, now);
    })();
    users = db.prepare("SELECT id FROM users WHERE username LIKE 'bench%' ORDER BY id").pluck().all() as number[];
  }
  return { registers: { incoming: regs[0]!, incomingConfidential: regs[1]!, outgoing: regs[2]!, outgoingConfidential: regs[3]! }, users };
}

/** Adds `docs` synthetic documents to the profile in `dataDir` (creating a bare profile if needed). */
export async function generateStore(opts: GenerateOptions & { dataDir: string }): Promise<GenerateResult> {
  const core = Core.open({ dataDir: opts.dataDir, purpose: 'bench-data' });
  try {
    return generateInto(core, opts);
  } finally {
    core.close();
  }
}

/** Adds synthetic documents to an open profile (registers "bench-data" and handlers bench1…20 are created once). */
export function generateInto(core: Core, opts: GenerateOptions): GenerateResult {
  const withBody = opts.withBody ?? true;
  const batch = opts.batch ?? 10_000;
  const corpus = loadCorpus();
  const issuerList = issuers();
  const r = rng(opts.seed ?? 1);
  {
    const db = core.db;
    const { registers, users } = ensureProfile(core);
    const writer = new SearchWriter(db);
    const insertDoc = db.prepare(
      `INSERT INTO documents (direction, register_id, year, number, number_text, notation, number_notation, arrival_number, arrival_at,
         issuer_name, issuer_code, issuer_short, type_code, subject, signer, signer_position, date_issued, deadline, urgency,
         confidentiality, status, handler_id, source, created_by, created_at, updated_at)
       VALUES (@direction, @register_id, @year, @number, @number_text, @notation, @number_notation, @arrival_number, @arrival_at,
         @issuer_name, @issuer_code, @issuer_short, @type_code, @subject, @signer, @signer_position, @date_issued, @deadline, @urgency,
         @confidentiality, @status, @handler_id, 'bench', 'bench-data', @created_at, @created_at)`,
    );
    const saveCounter = db.prepare(
      `INSERT INTO register_counters (register_id, year, last_number) VALUES (?, ?, ?)
       ON CONFLICT(register_id, year) DO UPDATE SET last_number = max(last_number, excluded.last_number)`,
    );
    // Per register and year: next number (numbers are per-register sequences, Decree 30 art. 15).
    const counters = new Map<string, number>();
    const nextNumber = (reg: number, year: number) => {
      const k = `${reg}:${year}`;
      const n = (counters.get(k) ?? (db.prepare('SELECT coalesce(max(coalesce(arrival_number, number)), 0) FROM documents WHERE register_id = ? AND year = ?').pluck().get(reg, year) as number)) + 1;
      counters.set(k, n);
      return n;
    };
    const t0 = performance.now();
    let lastReport = t0;
    let done = 0;
    while (done < opts.docs) {
      const n = Math.min(batch, opts.docs - done);
      db.transaction(() => {
        for (let i = 0; i < n; i++) {
          const type = weighted(TYPES, r());
          const issuer = issuerList[zipf(issuerList.length, r())]!;
          const incoming = r() < 0.6;
          const confidential = r() < 0.02;
          // Incoming: the arrival day follows the registration order; the sender dated it 0–3 days earlier.
          const day = nthDate(done + i, opts.docs, r);
          const date = incoming ? new Date(day.getTime() - Math.floor(r() * 4) * DAY) : day;
          const year = day.getUTCFullYear();
          const issuedNumber = 1 + Math.floor(r() * 3000);
          const notation = type.abbr ? `${type.abbr}-${issuer.short}` : `${issuer.short}-VP`;
          const subject = `${type.name} về việc ${lowerFirst(corpus.phrases[Math.floor(r() * corpus.phrases.length)]!)}`.slice(0, 500);
          const signer = `${FAMILY[Math.floor(r() * 10)]} ${MIDDLE[Math.floor(r() * 7)]} ${GIVEN[Math.floor(r() * 12)]}`;
          const register = incoming ? (confidential ? registers.incomingConfidential : registers.incoming) : confidential ? registers.outgoingConfidential : registers.outgoing;
          const recent = date.getTime() > END - 60 * DAY;
          const arrival = incoming ? new Date(day.getTime() + 8 * 3600_000 + Math.floor(r() * 8 * 3600_000)) : null;
          const ownNumber = incoming ? issuedNumber : nextNumber(register, year);
          const row = {
            direction: incoming ? 'incoming' : 'outgoing',
            register_id: register,
            year,
            number: ownNumber,
            number_text: String(ownNumber).padStart(2, '0'),
            notation,
            number_notation: `${String(ownNumber).padStart(2, '0')}/${notation}`,
            arrival_number: incoming ? nextNumber(register, year) : null,
            arrival_at: arrival ? arrival.toISOString() : null,
            issuer_name: incoming ? issuer.name : 'Ủy ban nhân dân tỉnh Bình Định',
            issuer_code: incoming ? issuer.code : '000.00.00.H10',
            issuer_short: incoming ? issuer.short : 'UBND',
            type_code: type.code,
            subject,
            signer,
            signer_position: r() < 0.5 ? 'Phó Chủ tịch' : 'Giám đốc',
            date_issued: ymd(date),
            deadline: incoming && r() < 0.3 ? ymd(new Date(date.getTime() + 10 * DAY)) : null,
            urgency: r() < 0.9 ? 'normal' : r() < 0.7 ? 'urgent' : r() < 0.8 ? 'very_urgent' : 'flash',
            confidentiality: confidential ? (r() < 0.8 ? 'confidential' : 'secret') : 'normal',
            status: incoming ? (recent ? (r() < 0.5 ? 'registered' : 'in_progress') : r() < 0.8 ? 'completed' : 'filed') : 'released',
            handler_id: incoming ? users[Math.floor(r() * users.length)]! : null,
            created_at: (arrival ?? date).toISOString(),
          };
          const id = Number(insertDoc.run(row).lastInsertRowid);
          const doc: IndexableDocument = {
            id,
            direction: row.direction,
            registerId: register,
            typeCode: row.type_code,
            issuerCode: row.issuer_code,
            issuerShort: row.issuer_short,
            status: row.status,
            handlerId: row.handler_id,
            urgency: row.urgency,
            confidentiality: row.confidentiality,
            visibleToAll: !confidential,
            involvedUserIds: row.handler_id ? [row.handler_id] : [],
            sortDate: sortDateOf(row.direction, row.date_issued, row.arrival_at, row.created_at),
            subject,
            numberNotation: row.number_notation,
            issuerName: row.issuer_name,
            signer,
            extra: '',
          };
          writer.insertNew(doc, withBody ? makeBody(corpus, r) : '');
        }
        // The registers' yearly counters follow the numbers given, as registration keeps them, so
        // documents registered later in a generated profile take the next number.
        for (const [k, last] of counters) {
          const [reg, year] = k.split(':').map(Number);
          saveCounter.run(reg, year, last);
        }
      })();
      done += n;
      const now = performance.now();
      if (opts.progress && (now - lastReport > 2000 || done === opts.docs)) {
        lastReport = now;
        const rate = Math.round(done / ((now - t0) / 1000));
        opts.progress(`bench-data: ${done.toLocaleString('en-US')} / ${opts.docs.toLocaleString('en-US')} documents (${rate.toLocaleString('en-US')}/s)`);
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const totalDocuments = db.prepare('SELECT count(*) FROM documents').pluck().get() as number;
    return {
      dataDir: core.dataDir,
      documents: opts.docs,
      totalDocuments,
      seconds: Math.round(seconds * 10) / 10,
      docsPerSecond: Math.round(opts.docs / seconds),
      databaseBytes: fileSize(path.join(core.dataDir, 'vanthu.db')) + fileSize(path.join(core.dataDir, 'vanthu.db-wal')),
    };
  }
}

function fileSize(f: string): number {
  try {
    return fs.statSync(f).size;
  } catch {
    return 0;
  }
}
