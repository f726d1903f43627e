import type { RawPdf, Revision, XrefEntry } from './raw/document';
import { PdfDict, PdfRef, PdfString, nameOf, type PdfValue } from './raw/objects';

// Finds every signature of a document: signature fields (/FT /Sig, inherited through /Parent)
// with a /V value, in every revision (a signature removed by a later update is still reported).

export interface FoundSignature {
  fieldName: string;
  /** Object number of the field (or widget-merged field). */
  fieldNum: number;
  /** Object number of the signature dictionary, when indirect (it should always be). */
  sigNum?: number;
  /** The signature dictionary as the newest revision that has it defines it. */
  sig: PdfDict;
  /** Where that definition sits (an offset means the raw bytes are in the file). */
  sigLocation?: XrefEntry;
  /** Earliest revision whose form holds this signature. */
  firstRevision: number;
  /** Latest revision whose form still holds it. */
  lastRevision: number;
  kind: 'approval' | 'certification' | 'document-timestamp';
  /** DocMDP permission level of a certification signature (1, 2 or 3). */
  mdpP?: number;
  /** FieldMDP: the form fields this signature locks (from /Reference or the field's /Lock). */
  lock?: FieldLock;
}

export interface FieldLock {
  action: 'All' | 'Include' | 'Exclude';
  fields: string[];
}

const MAX_FIELDS = 10_000;

export function findSignatures(raw: RawPdf): FoundSignature[] {
  const byKey = new Map<string, FoundSignature>();
  for (const rev of raw.revisions) {
    for (const f of sigFields(raw, rev)) {
      const key = f.sigNum !== undefined ? `o${f.sigNum}` : `f${f.fieldNum}:${byteRangeKey(f.sig)}`;
      const seen = byKey.get(key);
      if (seen) {
        seen.lastRevision = rev.index;
        seen.sig = f.sig;
        seen.sigLocation = f.sigLocation;
        seen.fieldName = f.fieldName;
        seen.lock = seen.lock ?? f.lock;
      } else {
        byKey.set(key, { ...f, firstRevision: rev.index, lastRevision: rev.index, kind: 'approval' });
      }
    }
  }
  const found = [...byKey.values()];
  for (const s of found) classify(raw, s);
  return found.sort((a, b) => signedLength(a.sig) - signedLength(b.sig));
}

function byteRangeKey(sig: PdfDict): string {
  const br = sig.get('ByteRange');
  return Array.isArray(br) ? br.join(',') : '';
}

/** b + c of the ByteRange (how far the signature reaches), for ordering. */
export function signedLength(sig: PdfDict): number {
  const br = sig.get('ByteRange');
  if (!Array.isArray(br) || br.length < 4) return Number.MAX_SAFE_INTEGER;
  const b = br[2];
  const c = br[3];
  return typeof b === 'number' && typeof c === 'number' ? b + c : Number.MAX_SAFE_INTEGER;
}

function classify(raw: RawPdf, s: FoundSignature): void {
  if (nameOf(s.sig.get('Type')) === 'DocTimeStamp' || nameOf(s.sig.get('SubFilter')) === 'ETSI.RFC3161') {
    s.kind = 'document-timestamp';
    return;
  }
  const refs = s.sig.get('Reference');
  const rev = raw.revisions[s.firstRevision]!;
  if (Array.isArray(refs)) {
    for (const r of refs) {
      const d = raw.dict(r, rev);
      if (d && nameOf(d.get('TransformMethod')) === 'FieldMDP') s.lock = s.lock ?? readLock(raw, raw.dict(d.get('TransformParams'), rev), rev);
      if (d && nameOf(d.get('TransformMethod')) === 'DocMDP') {
        s.kind = 'certification';
        const params = raw.dict(d.get('TransformParams'), rev);
        const p = params ? raw.resolve(params.get('P'), rev) : undefined;
        s.mdpP = typeof p === 'number' && p >= 1 && p <= 3 ? p : 2;
      }
    }
  }
  // A catalog /Perms /DocMDP pointing at this dictionary also makes it a certification.
  const cat = raw.dict(rev.trailer.get('Root'), rev);
  const perms = cat ? raw.dict(cat.get('Perms'), rev) : undefined;
  const docMdp = perms?.get('DocMDP');
  if (docMdp instanceof PdfRef && docMdp.num === s.sigNum && s.kind !== 'certification') {
    s.kind = 'certification';
    s.mdpP = 2;
  }
}

interface FieldHit {
  lock?: FieldLock;
  fieldName: string;
  fieldNum: number;
  sigNum?: number;
  sig: PdfDict;
  sigLocation?: XrefEntry;
}

function sigFields(raw: RawPdf, rev: Revision): FieldHit[] {
  const out: FieldHit[] = [];
  const catalog = raw.dict(rev.trailer.get('Root'), rev);
  const acro = catalog ? raw.dict(catalog.get('AcroForm'), rev) : undefined;
  const fields = acro ? raw.resolve(acro.get('Fields'), rev) : undefined;
  if (!Array.isArray(fields)) return out;
  const visited = new Set<number>();
  const walk = (items: PdfValue[], parentName: string, inheritedFt: string | undefined, depth: number): void => {
    if (depth > 32) return;
    for (const item of items) {
      if (visited.size > MAX_FIELDS) return;
      if (!(item instanceof PdfRef) || visited.has(item.num)) continue;
      visited.add(item.num);
      const field = raw.dict(item, rev);
      if (!field) continue;
      const t = raw.resolve(field.get('T'), rev);
      const partial = t instanceof PdfString ? t.text() : '';
      const name = parentName && partial ? `${parentName}.${partial}` : parentName || partial;
      const ft = nameOf(raw.resolve(field.get('FT'), rev)) ?? inheritedFt;
      const kids = raw.resolve(field.get('Kids'), rev);
      if (Array.isArray(kids)) walk(kids, name, ft, depth + 1);
      if (ft !== 'Sig') continue;
      const v = field.get('V');
      const sig = raw.dict(v, rev);
      if (!sig) continue;
      out.push({
        lock: readLock(raw, raw.dict(field.get('Lock'), rev), rev),
        fieldName: name || `(field ${item.num})`,
        fieldNum: item.num,
        sigNum: v instanceof PdfRef ? v.num : undefined,
        sig,
        sigLocation: v instanceof PdfRef ? raw.location(v.num, rev) : undefined,
      });
    }
  };
  walk(fields, '', undefined, 0);
  return out;
}

function readLock(raw: RawPdf, d: PdfDict | undefined, rev: Revision): FieldLock | undefined {
  if (!d) return undefined;
  const action = nameOf(raw.resolve(d.get('Action'), rev));
  if (action !== 'All' && action !== 'Include' && action !== 'Exclude') return undefined;
  const list = raw.resolve(d.get('Fields'), rev);
  const fields = Array.isArray(list) ? list.map((f) => raw.resolve(f, rev)).filter((f): f is PdfString => f instanceof PdfString).map((f) => f.text()) : [];
  return { action, fields };
}
