import { execFileSync } from 'node:child_process';
import { RawPdf } from '../../core/signing/verify/raw/document';
import { PdfRef, type PdfDict } from '../../core/signing/verify/raw/objects';
import { appendUpdate, pdfDate, pdfString, writePdf, type ObjectBody } from './pdfWriter';
import type { Identity } from './pki';

// The fixture document and an incremental signer for it. Object numbers are fixed so attacks can
// redefine exactly what they target:
//   1 Catalog, 2 Pages, 3 Page, 4 page content, 5 font, 6 AcroForm, 7 and 8 signature fields,
//   9 text field "Note", 10 Info, 11 an unused XObject prepared for shadow attacks,
//   12 the shadow content stream (never drawn in the signed version).
// Signature dictionaries and later objects get numbers from 20 up.

export const CONTENT = 'BT /F1 20 Tf 72 760 Td (QUYET DINH so 12/QD-UBND) Tj 0 -30 Td (Cap kinh phi: 10.000.000 dong) Tj ET';
export const SHADOW_CONTENT = 'BT /F1 20 Tf 72 760 Td (QUYET DINH so 12/QD-UBND) Tj 0 -30 Td (Cap kinh phi: 90.000.000 dong) Tj ET';

export interface DocState {
  pdf: Buffer;
  size: number;
  /** Current /Annots array of page 3 and /Fields of the AcroForm (object numbers). */
  annots: number[];
  fields: number[];
  /** Extra entries currently in the catalog (e.g. /Perms). */
  catalogExtra: string;
  /** Current definition of each field (without /V), so a redefinition keeps its keys. */
  fieldDicts: Record<number, string>;
  pageExtra: string;
}

const PAGE_BASE = '/Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> /XObject << /X1 11 0 R >> >>';

export function pageDict(s: Pick<DocState, 'annots' | 'pageExtra'>, contents = '4 0 R'): string {
  return `<< ${PAGE_BASE} /Contents ${contents} /Annots [${s.annots.map((n) => `${n} 0 R`).join(' ')}]${s.pageExtra} >>`;
}

export function catalogDict(s: Pick<DocState, 'catalogExtra'>): string {
  return `<< /Type /Catalog /Pages 2 0 R /AcroForm 6 0 R${s.catalogExtra} >>`;
}

export function acroFormDict(s: Pick<DocState, 'fields'>): string {
  return `<< /Fields [${s.fields.map((n) => `${n} 0 R`).join(' ')}] /SigFlags 3 /DA (/Helv 0 Tf 0 g) >>`;
}

export interface BaseOptions {
  /** Page content stream (object 4). */
  content?: string;
  /** Page /Contents value (default `4 0 R`). */
  pageContents?: string;
  /** Replace or add objects of the unsigned document. */
  objects?: Record<number, ObjectBody>;
}

export function baseDocument(o: BaseOptions = {}): DocState {
  const fieldDicts: Record<number, string> = {
    7: '/Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /Rect [0 0 0 0] /F 132 /P 3 0 R',
    8: '/Type /Annot /Subtype /Widget /FT /Sig /T (Signature2) /Rect [0 0 0 0] /F 132 /P 3 0 R',
    9: '/Type /Annot /Subtype /Widget /FT /Tx /T (Note) /V () /Rect [72 600 300 620] /F 4 /P 3 0 R',
  };
  const s: DocState = { pdf: Buffer.alloc(0), size: 13, annots: [7, 8, 9], fields: [7, 8, 9], catalogExtra: '', fieldDicts, pageExtra: '' };
  const objects: Record<number, ObjectBody> = {
    1: catalogDict(s),
    2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    3: pageDict(s, o.pageContents),
    4: { dict: '<< >>', stream: o.content ?? CONTENT },
    5: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    6: acroFormDict(s),
    7: `<< ${fieldDicts[7]} >>`,
    8: `<< ${fieldDicts[8]} >>`,
    9: `<< ${fieldDicts[9]} >>`,
    10: `<< /Producer (VanThu test fixtures) /CreationDate ${pdfString(pdfDate(new Date('2026-01-05T08:00:00Z')))} >>`,
    11: { dict: '<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] >>', stream: '' },
    12: { dict: '<< >>', stream: SHADOW_CONTENT },
    ...(o.objects ?? {}),
  };
  s.pdf = writePdf(objects, { root: 1, info: 10 });
  return s;
}

/** Produces a DER CMS SignedData over `data` (detached). */
export type CmsSigner = (data: Buffer) => Buffer;

export function opensslSigner(id: Identity, chainPem?: string, opts: { pss?: boolean; md?: string } = {}): CmsSigner {
  return (data) => {
    const args = ['cms', '-sign', '-binary', '-outform', 'DER', '-md', opts.md ?? 'sha256', '-nosmimecap', '-signer', id.cert, '-inkey', id.key];
    if (chainPem) args.push('-certfile', chainPem);
    if (opts.pss) args.push('-keyopt', 'rsa_padding_mode:pss');
    return execFileSync('openssl', args, { input: data, stdio: ['pipe', 'pipe', 'pipe'] });
  };
}

export interface SignOptions {
  field: number;
  signer: CmsSigner;
  /** Certify with DocMDP permissions P (1, 2 or 3). */
  certifyP?: 1 | 2 | 3;
  subFilter?: string;
  time?: Date;
  placeholderBytes?: number;
  /** Extra objects written in the same update (e.g. an appearance). */
  extra?: Record<number, ObjectBody>;
  /** Extra keys in the signature dictionary. */
  sigDictExtra?: string;
  /** Forgery fixtures: a dishonest ByteRange. */
  forgeByteRange?: Parameters<typeof fillSignature>[2];
}

const BR_PLACEHOLDER = '/ByteRange [0 0000000000 0000000000 0000000000]';

/** Appends a signature as an incremental update; returns the new state and the sig object number. */
export function signIncremental(s: DocState, o: SignOptions): { state: DocState; sigNum: number } {
  const sigNum = s.size;
  const placeholder = o.placeholderBytes ?? 8192;
  const ref = o.certifyP
    ? ` /Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P ${o.certifyP} /V /1.2 >> >>]`
    : '';
  const sigDict =
    `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /${o.subFilter ?? 'ETSI.CAdES.detached'} ${BR_PLACEHOLDER} ` +
    `/Contents <${'0'.repeat(placeholder * 2)}> /M ${pdfString(pdfDate(o.time ?? new Date()))} /Name (Test)${ref}${o.sigDictExtra ?? ''} >>`;
  const objects: Record<number, ObjectBody> = { [sigNum]: sigDict, ...(o.extra ?? {}) };
  objects[o.field] = `<< ${s.fieldDicts[o.field]} /V ${sigNum} 0 R >>`;
  let catalogExtra = s.catalogExtra;
  if (o.certifyP) {
    catalogExtra += ` /Perms << /DocMDP ${sigNum} 0 R >>`;
    objects[1] = catalogDict({ catalogExtra });
  }
  const size = Math.max(s.size, sigNum + 1, ...Object.keys(objects).map((n) => Number(n) + 1));
  const pdf = appendUpdate(s.pdf, objects, { root: 1, size, info: 10 });
  const signed = fillSignature(pdf, o.signer, o.forgeByteRange);
  const fieldDicts = { ...s.fieldDicts, [o.field]: `${s.fieldDicts[o.field]} /V ${sigNum} 0 R` };
  return { state: { ...s, pdf: signed, size, catalogExtra, fieldDicts }, sigNum };
}

/** Fills the last ByteRange/Contents placeholder in `pdf` with a real signature. */
export function fillSignature(
  pdf: Buffer,
  signer: CmsSigner,
  /** Forgery fixtures: choose a different ByteRange than the honest one. */
  forge?: (honest: { a: number; b: number; c: number; length: number }) => [number, number, number, number],
): Buffer {
  const brAt = pdf.lastIndexOf(BR_PLACEHOLDER);
  if (brAt < 0) throw new Error('no ByteRange placeholder');
  const contentsAt = pdf.indexOf('/Contents <', brAt) + '/Contents '.length;
  const contentsEnd = pdf.indexOf('>', contentsAt) + 1;
  const a = contentsAt;
  const b = contentsEnd;
  const c = pdf.length - contentsEnd;
  const range = forge ? forge({ a, b, c, length: pdf.length }) : [0, a, b, c];
  const br = `/ByteRange [${range.join(' ')}]`.padEnd(BR_PLACEHOLDER.length, ' ');
  const out = Buffer.from(pdf);
  out.write(br, brAt, 'latin1');
  const [r0, r1, r2, r3] = range as [number, number, number, number];
  const cms = signer(Buffer.concat([out.subarray(r0, r0 + r1), out.subarray(Math.min(r2, out.length), Math.min(r2 + r3, out.length))]));
  const hex = cms.toString('hex');
  if (hex.length > b - a - 2) throw new Error('signature larger than placeholder');
  out.write(hex, a + 1, 'latin1');
  return out;
}

/** Appends a DSS update (B-LT style validation data) with the given DER blobs. */
export function addDss(s: DocState, data: { certs?: Buffer[]; crls?: Buffer[]; ocsps?: Buffer[] }): DocState {
  let n = s.size;
  const objects: Record<number, ObjectBody> = {};
  const refs = (list: Buffer[] | undefined): string =>
    (list ?? [])
      .map((der) => {
        const num = n++;
        objects[num] = { dict: '<< >>', stream: der };
        return `${num} 0 R`;
      })
      .join(' ');
  const certs = refs(data.certs);
  const crls = refs(data.crls);
  const ocsps = refs(data.ocsps);
  const dssNum = n++;
  objects[dssNum] = `<< /Type /DSS /Certs [${certs}] /CRLs [${crls}] /OCSPs [${ocsps}] >>`;
  const catalogExtra = `${s.catalogExtra} /DSS ${dssNum} 0 R`;
  objects[1] = catalogDict({ catalogExtra });
  const pdf = appendUpdate(s.pdf, objects, { root: 1, size: n, info: 10 });
  return { ...s, pdf, size: n, catalogExtra };
}

export function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----|\s+/g, ''), 'base64');
}

/** Appends a DSS to any PDF (not only the fixture document): finds the catalog with the verifier's raw parser. */
export function appendDssRaw(pdf: Buffer, data: { certs?: Buffer[]; crls?: Buffer[]; ocsps?: Buffer[] }): Buffer {
  const raw = new RawPdf(pdf);
  const rev = raw.latest!;
  const rootRef = rev.trailer.get('Root') as PdfRef;
  const entry = rev.objects.get(rootRef.num);
  if (!entry || entry.kind !== 'offset') throw new Error('catalog not stored directly');
  const catalog = raw.object(rootRef.num, rev) as PdfDict;
  const size = rev.trailer.get('Size') as number;
  let n = size;
  const objects: Record<number, ObjectBody> = {};
  const refs = (list: Buffer[] | undefined): string =>
    (list ?? []).map((der) => {
      const num = n++;
      objects[num] = { dict: '<< >>', stream: der };
      return `${num} 0 R`;
    }).join(' ');
  const dss = `<< /Type /DSS /Certs [${refs(data.certs)}] /CRLs [${refs(data.crls)}] /OCSPs [${refs(data.ocsps)}] >>`;
  const dssNum = n++;
  objects[dssNum] = dss;
  const catalogText = pdf.toString('latin1', catalog.start, catalog.end);
  objects[rootRef.num] = `${catalogText.slice(0, -2)} /DSS ${dssNum} 0 R >>`;
  const info = rev.trailer.get('Info');
  return appendUpdate(pdf, objects, { root: rootRef.num, size: n, info: info instanceof PdfRef ? info.num : undefined });
}

/**
 * Appends a document time-stamp (PAdES B-LTA style): a new signature field whose /V is a
 * /DocTimeStamp dictionary with SubFilter ETSI.RFC3161 and an RFC 3161 token over the ByteRange.
 */
export function addDocTimestamp(s: DocState, stamp: CmsSigner, opts: { placeholderBytes?: number } = {}): DocState {
  const fieldNum = s.size;
  const sigNum = s.size + 1;
  const placeholder = opts.placeholderBytes ?? 8192;
  const fields = [...s.fields, fieldNum];
  const annots = [...s.annots, fieldNum];
  const objects: Record<number, ObjectBody> = {
    [fieldNum]: `<< /Type /Annot /Subtype /Widget /FT /Sig /T (DocTimeStamp${fieldNum}) /Rect [0 0 0 0] /F 132 /P 3 0 R /V ${sigNum} 0 R >>`,
    [sigNum]: `<< /Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 ${BR_PLACEHOLDER} /Contents <${'0'.repeat(placeholder * 2)}> >>`,
    6: acroFormDict({ fields }),
    3: pageDict({ annots, pageExtra: s.pageExtra }),
  };
  const pdf = appendUpdate(s.pdf, objects, { root: 1, size: sigNum + 1, info: 10 });
  return { ...s, pdf: fillSignature(pdf, stamp), size: sigNum + 1, fields, annots };
}
