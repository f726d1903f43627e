// Preparing a PDF for a signature (signature field + widget + signature dictionary with
// placeholders, appended as an incremental update) and embedding the CMS blob afterwards.

import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString } from 'pdf-lib';
import { AppError } from '../../../shared/api/errors';
import {
  BYTE_RANGE_PLACEHOLDER,
  DEFAULT_CONTENTS_BYTES,
  computeByteRange,
  contentsPlaceholder,
  patchByteRange,
  patchContents,
  type ByteRange,
} from './byteRange';
import { appendIncrementalUpdate, loadForUpdate, lookupOwned, type UpdateSession } from './revision';
import { findSignatureField, type ExistingSignatureField } from './emptyField';

export { appendIncrementalUpdate, loadForUpdate, readLastXref, type UpdateSession, type LastXref, type XrefKind } from './revision';

/** A rectangle in PDF user space (points, origin bottom-left). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Builds the normal appearance (a form XObject) of a visible signature; returns its ref. */
export type AppearanceBuilder = (doc: PDFDocument, size: { width: number; height: number }) => Promise<PDFRef> | PDFRef;

export interface PrepareSignatureOptions {
  /** Unique field name; default `Signature<n>`. */
  fieldName?: string;
  /** 1-based page number of the widget; default 1. */
  page?: number;
  /** Where the signature is shown; omitted = invisible signature. */
  rect?: Rect;
  appearance?: AppearanceBuilder;
  /** Goes into /M (PAdES: the claimed signing time lives here, not in the CMS). */
  signingTime?: Date;
  signerName?: string;
  reason?: string;
  location?: string;
  /** Room reserved for the CMS blob in bytes. */
  contentsBytes?: number;
  /** ETSI.RFC3161 makes a document timestamp (/Type /DocTimeStamp, PAdES B-LTA). */
  subFilter?: 'ETSI.CAdES.detached' | 'adbe.pkcs7.detached' | 'ETSI.RFC3161';
  /** Called with the parsed document before anything is built, to refuse documents early. */
  inspect?: (doc: PDFDocument) => void | Promise<void>;
}

export interface PreparedSignature {
  /** The whole new file with /ByteRange filled in and /Contents still zeros (joined on first use). */
  readonly bytes: Uint8Array;
  /** The original file (the caller's array, never written to). */
  base: Uint8Array;
  /** The new revision: the file is `base` then `tail`. Patched in place. */
  tail: Uint8Array;
  byteRange: ByteRange;
  /** Offset of `<` of the /Contents hex string. */
  contentsOffset: number;
  /** Length of `<…>` including the delimiters. */
  contentsLength: number;
  fieldName: string;
  /** Byte length of the original file (the previous revision). */
  previousLength: number;
}

/** `D:YYYYMMDDHHmmss+07'00'` in Vietnam time. */
export function pdfDate(date: Date): string {
  const vn = new Date(date.getTime() + 7 * 3600_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `D:${p(vn.getUTCFullYear(), 4)}${p(vn.getUTCMonth() + 1)}${p(vn.getUTCDate())}` +
    `${p(vn.getUTCHours())}${p(vn.getUTCMinutes())}${p(vn.getUTCSeconds())}+07'00'`
  );
}

/** Names of the fields already in the AcroForm (fully-qualified with dots). */
export function existingFieldNames(doc: PDFDocument): Set<string> {
  const names = new Set<string>();
  const acroForm = lookupOwned(doc, doc.catalog, 'AcroForm', PDFDict);
  const fields = acroForm && lookupOwned(doc, acroForm.value, 'Fields', PDFArray);
  const visit = (array: PDFArray, prefix: string, depth: number) => {
    if (depth > 32) return;
    for (let i = 0; i < array.size(); i++) {
      const field = array.lookup(i);
      if (!(field instanceof PDFDict)) continue;
      const t = field.lookup(PDFName.of('T'));
      const part = t instanceof PDFString || t instanceof PDFHexString ? t.decodeText() : '';
      const name = prefix && part ? `${prefix}.${part}` : prefix || part;
      if (name) names.add(name);
      const kids = field.lookup(PDFName.of('Kids'));
      if (kids instanceof PDFArray) visit(kids, name, depth + 1);
    }
  };
  if (fields) visit(fields.value, '', 0);
  return names;
}

/**
 * Append a signature field, its widget and a signature dictionary with placeholders as a new
 * revision. The caller hashes `bytes` over `byteRange`, builds the CMS, then calls embedSignature.
 */
export async function prepareSignature(pdfBytes: Uint8Array, options: PrepareSignatureOptions = {}): Promise<PreparedSignature> {
  const loaded = await loadForUpdate(pdfBytes);
  const { doc } = loaded;
  await options.inspect?.(doc);
  const pageCount = doc.getPageCount();
  const pageNumber = options.page ?? 1;
  if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > pageCount) {
    throw new AppError('VALIDATION', `Page ${pageNumber} does not exist; the document has ${pageCount} page(s).`, {
      fields: [{ path: 'page', code: 'out_of_range', message: `1–${pageCount}` }],
    });
  }
  const existing = existingFieldNames(doc);
  let fieldName = options.fieldName;
  const prepared = fieldName && existing.has(fieldName) ? findSignatureField(doc, fieldName) : undefined;
  if (prepared?.signed) {
    throw new AppError('VALIDATION', `The signature field "${fieldName}" is already signed. Sign in a new field.`, {
      fields: [{ path: 'fieldName', code: 'signed', message: fieldName! }],
    });
  }
  if (prepared) {
    // Filled as it is; nothing else to check.
  } else if (fieldName === undefined) {
    let n = 1;
    while (existing.has(`Signature${n}`)) n++;
    fieldName = `Signature${n}`;
  } else if (fieldName === '' || fieldName.includes('.') || existing.has(fieldName)) {
    throw new AppError('VALIDATION', `Choose another signature field name: "${fieldName}" is empty, has a dot or is already used.`, {
      fields: [{ path: 'fieldName', code: 'taken', message: fieldName }],
    });
  }
  const contentsBytes = options.contentsBytes ?? DEFAULT_CONTENTS_BYTES;
  const sigText = signatureDictionary(options, contentsBytes);

  let sigRef: PDFRef | undefined;
  const appended = await appendIncrementalUpdate(
    pdfBytes,
    async (session) => {
      sigRef = session.raw(sigText.body);
      if (prepared) await fillSignatureField(session, prepared, options, sigRef);
      else await addSignatureField(session, { ...options, fieldName: fieldName!, page: pageNumber }, sigRef);
    },
    loaded,
  );
  const bodyOffset = appended.rawBodyOffsets.get(sigRef!.objectNumber)!;
  const contentsOffset = bodyOffset + sigText.contentsAt;
  const contentsLength = contentsBytes * 2 + 2;
  const base = pdfBytes.length;
  const byteRange = computeByteRange(contentsOffset, contentsOffset + contentsLength, base + appended.tail.length);
  // Everything patched lies in the new revision: offsets are shifted into the tail.
  patchByteRange(appended.tail, bodyOffset + sigText.byteRangeAt - base, byteRange);
  return preparedFile(pdfBytes, appended.tail, { byteRange, contentsOffset, contentsLength, fieldName: fieldName!, previousLength: base });
}

/** Joined copies of prepared files, dropped whenever the tail is patched. */
const joinedFiles = new WeakMap<PreparedSignature, Uint8Array>();

/** A prepared signature whose `bytes` is joined on demand (and again after the tail changes). */
function preparedFile(base: Uint8Array, tail: Uint8Array, rest: Omit<PreparedSignature, 'bytes' | 'base' | 'tail'>): PreparedSignature {
  const prepared = { ...rest, base, tail } as PreparedSignature;
  return Object.defineProperty(prepared, 'bytes', {
    enumerable: true,
    get() {
      let joined = joinedFiles.get(prepared);
      if (!joined) {
        joined = new Uint8Array(base.length + tail.length);
        joined.set(base, 0);
        joined.set(tail, base.length);
        joinedFiles.set(prepared, joined);
      }
      return joined;
    },
  });
}

/** Put the DER-encoded CMS into the reserved /Contents (in `prepared.tail`); returns the whole file. */
export function embedSignature(prepared: PreparedSignature, cmsDer: Uint8Array): Uint8Array {
  embedSignatureInTail(prepared, cmsDer);
  return prepared.bytes;
}

/** Same as embedSignature without joining: the file is then `[prepared.base, prepared.tail]`. */
export function embedSignatureInTail(prepared: PreparedSignature, cmsDer: Uint8Array): void {
  const start = prepared.contentsOffset - prepared.base.length;
  patchContents(prepared.tail, start, start + prepared.contentsLength, cmsDer);
  joinedFiles.delete(prepared);
}

function textString(text: string): string {
  return PDFHexString.fromText(text).toString();
}

/** The signature dictionary text and where its two placeholders sit in it. */
function signatureDictionary(options: PrepareSignatureOptions, contentsBytes: number) {
  const subFilter = options.subFilter ?? 'ETSI.CAdES.detached';
  const isDocTimestamp = subFilter === 'ETSI.RFC3161';
  let head = `<< /Type /${isDocTimestamp ? 'DocTimeStamp' : 'Sig'} /Filter /Adobe.PPKLite /SubFilter /${subFilter}`;
  // A document timestamp's time is inside its token; /M belongs to signatures only.
  // A plain ASCII literal: date strings are read by every parser in this form.
  if (!isDocTimestamp) head += ` /M (${pdfDate(options.signingTime ?? new Date())})`;
  if (options.signerName) head += ` /Name ${textString(options.signerName)}`;
  if (options.reason) head += ` /Reason ${textString(options.reason)}`;
  if (options.location) head += ` /Location ${textString(options.location)}`;
  head += ' /ByteRange ';
  const byteRangeAt = head.length;
  head += BYTE_RANGE_PLACEHOLDER + ' /Contents ';
  const contentsAt = head.length;
  const body = head + contentsPlaceholder(contentsBytes) + ' >>';
  return { body, byteRangeAt, contentsAt };
}

async function addSignatureField(
  session: UpdateSession,
  options: PrepareSignatureOptions & { fieldName: string; page: number },
  sigRef: PDFRef,
): Promise<void> {
  const { doc } = session;
  const context = doc.context;
  const page = doc.getPage(options.page - 1);
  const rect = options.rect ?? { x: 0, y: 0, width: 0, height: 0 };
  const visible = rect.width > 0 && rect.height > 0;

  const widget = context.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    T: PDFHexString.fromText(options.fieldName),
    V: sigRef,
    // Print + Locked: shown when printed, cannot be moved or deleted in viewers.
    F: 4 | 128,
    Rect: [rect.x, rect.y, rect.x + rect.width, rect.y + rect.height].map(round),
    P: page.ref,
  });
  const appearanceRef = visible && options.appearance
    ? await options.appearance(doc, { width: rect.width, height: rect.height })
    : context.register(context.formXObject([], { BBox: [0, 0, visible ? round(rect.width) : 0, visible ? round(rect.height) : 0] }));
  widget.set(PDFName.of('AP'), context.obj({ N: appearanceRef }));
  const widgetRef = context.register(widget);

  // The page's /Annots, the AcroForm and its /Fields may each be direct or indirect objects.
  const annots = lookupOwned(doc, page.node, 'Annots', PDFArray);
  if (annots) {
    annots.value.push(widgetRef);
    session.changed(annots.ref ?? page.ref);
  } else {
    page.node.set(PDFName.of('Annots'), context.obj([widgetRef]));
    session.changed(page.ref);
  }

  const catalogRef = context.trailerInfo.Root as PDFRef;
  const acroForm = lookupOwned(doc, doc.catalog, 'AcroForm', PDFDict);
  let form: PDFDict;
  if (acroForm) {
    form = acroForm.value;
    session.changed(acroForm.ref ?? catalogRef);
  } else {
    form = context.obj({ Fields: [] });
    doc.catalog.set(PDFName.of('AcroForm'), context.register(form));
    session.changed(catalogRef);
  }
  const fields = lookupOwned(doc, form, 'Fields', PDFArray);
  if (fields) {
    fields.value.push(widgetRef);
    if (fields.ref) session.changed(fields.ref);
  } else {
    form.set(PDFName.of('Fields'), context.obj([widgetRef]));
  }
  // SignaturesExist | AppendOnly: tells viewers to save later changes incrementally.
  form.set(PDFName.of('SigFlags'), PDFNumber.of(3));
}

/** Point an empty, prepared signature field at the new signature; give it an appearance if asked. */
async function fillSignatureField(session: UpdateSession, target: ExistingSignatureField, options: PrepareSignatureOptions, sigRef: PDFRef): Promise<void> {
  const { doc } = session;
  target.field.set(PDFName.of('V'), sigRef);
  session.changed(target.fieldRef);
  const rect = options.rect ?? target.rect;
  if (options.appearance && rect.width > 0 && rect.height > 0) {
    const appearanceRef = await options.appearance(doc, { width: rect.width, height: rect.height });
    target.widget.set(PDFName.of('Rect'), doc.context.obj([rect.x, rect.y, rect.x + rect.width, rect.y + rect.height].map(round)));
    target.widget.set(PDFName.of('AP'), doc.context.obj({ N: appearanceRef }));
    session.changed(target.widgetRef);
  }
  const acroForm = lookupOwned(doc, doc.catalog, 'AcroForm', PDFDict)!;
  acroForm.value.set(PDFName.of('SigFlags'), PDFNumber.of(3));
  session.changed(acroForm.ref ?? (doc.context.trailerInfo.Root as PDFRef));
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
