// A deliberately low-level PDF writer for the verifier's fixtures and attack corpus: it writes
// exactly the bytes asked for (objects, xref tables, trailers), so tests can forge what a real
// writer never would.

export type ObjectBody = string | { dict: string; stream: Buffer | string };

export interface UpdateOptions {
  root: number;
  size: number;
  info?: number;
  /** Omit /Prev (a forged stand-alone xref). */
  noPrev?: boolean;
  /** Free these object numbers in this update. */
  free?: number[];
}

function body(n: number, b: ObjectBody): Buffer {
  if (typeof b === 'string') return Buffer.from(`${n} 0 obj\n${b}\nendobj\n`, 'latin1');
  const data = typeof b.stream === 'string' ? Buffer.from(b.stream, 'latin1') : b.stream;
  const dict = b.dict.replace(/>>\s*$/, ` /Length ${data.length} >>`);
  return Buffer.concat([Buffer.from(`${n} 0 obj\n${dict}\nstream\n`, 'latin1'), data, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
}

export function lastStartxref(pdf: Buffer): number {
  const at = pdf.lastIndexOf('startxref');
  const m = /startxref\s+(\d+)/.exec(pdf.toString('latin1', at, at + 40));
  if (!m) throw new Error('no startxref');
  return Number(m[1]);
}

function xrefTable(entries: Array<{ n: number; offset: number } | { n: number; free: true }>): string {
  const sorted = [...entries].sort((a, b) => a.n - b.n);
  let out = 'xref\n';
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1]!.n === sorted[j]!.n + 1) j++;
    out += `${sorted[i]!.n} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) {
      const e = sorted[k]!;
      out += 'free' in e ? '0000000000 65535 f \n' : `${String(e.offset).padStart(10, '0')} 00000 n \n`;
    }
    i = j + 1;
  }
  return out;
}

/** A complete one-revision PDF from numbered objects (object 0 is implied). */
export function writePdf(objects: Record<number, ObjectBody>, opts: { root: number; info?: number }): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let pos = parts[0]!.length;
  const entries: Array<{ n: number; offset: number } | { n: number; free: true }> = [{ n: 0, free: true }];
  const nums = Object.keys(objects).map(Number).sort((a, b) => a - b);
  for (const n of nums) {
    const b = body(n, objects[n]!);
    entries.push({ n, offset: pos });
    parts.push(b);
    pos += b.length;
  }
  const size = Math.max(...nums) + 1;
  const xref = xrefTable(entries);
  const trailer = `trailer\n<< /Size ${size} /Root ${opts.root} 0 R${opts.info ? ` /Info ${opts.info} 0 R` : ''} >>\nstartxref\n${pos}\n%%EOF\n`;
  parts.push(Buffer.from(xref + trailer, 'latin1'));
  return Buffer.concat(parts);
}

/** Appends an incremental update (new or redefined objects, a new xref section and trailer). */
export function appendUpdate(pdf: Buffer, objects: Record<number, ObjectBody>, opts: UpdateOptions): Buffer {
  const prev = lastStartxref(pdf);
  const head = pdf[pdf.length - 1] === 0x0a ? pdf : Buffer.concat([pdf, Buffer.from('\n')]);
  const parts: Buffer[] = [head];
  let pos = head.length;
  const entries: Array<{ n: number; offset: number } | { n: number; free: true }> = [];
  for (const n of Object.keys(objects).map(Number).sort((a, b) => a - b)) {
    const b = body(n, objects[n]!);
    entries.push({ n, offset: pos });
    parts.push(b);
    pos += b.length;
  }
  for (const n of opts.free ?? []) entries.push({ n, free: true });
  const trailer =
    `trailer\n<< /Size ${opts.size} /Root ${opts.root} 0 R${opts.info ? ` /Info ${opts.info} 0 R` : ''}` +
    `${opts.noPrev ? '' : ` /Prev ${prev}`} >>\nstartxref\n${pos}\n%%EOF\n`;
  parts.push(Buffer.from(xrefTable(entries) + trailer, 'latin1'));
  return Buffer.concat(parts);
}

export function pdfString(s: string): string {
  return `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/** A PDF date like D:20260101120000Z. */
export function pdfDate(d: Date): string {
  return `D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}
