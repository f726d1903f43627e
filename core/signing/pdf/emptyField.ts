// Signature fields prepared in advance (e.g. by a template) and not yet signed: signing fills the
// field instead of adding a new one.

import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString } from 'pdf-lib';
import type { Rect } from './incremental';
import { lookupOwned } from './revision';

export interface ExistingSignatureField {
  fieldRef: PDFRef;
  field: PDFDict;
  widgetRef: PDFRef;
  widget: PDFDict;
  /** 1-based page of the widget. */
  page: number;
  rect: Rect;
  signed: boolean;
}

/** The signature field called `name` (fully qualified), if there is one. */
export function findSignatureField(doc: PDFDocument, name: string): ExistingSignatureField | undefined {
  const acroForm = lookupOwned(doc, doc.catalog, 'AcroForm', PDFDict);
  const fields = acroForm && lookupOwned(doc, acroForm.value, 'Fields', PDFArray);
  if (!fields) return undefined;
  const visit = (array: PDFArray, prefix: string, depth: number): ExistingSignatureField | undefined => {
    if (depth > 32) return undefined;
    for (let i = 0; i < array.size(); i++) {
      const ref = array.get(i);
      const field = array.lookup(i);
      if (!(ref instanceof PDFRef) || !(field instanceof PDFDict)) continue;
      const t = field.lookup(PDFName.of('T'));
      const part = t instanceof PDFString || t instanceof PDFHexString ? t.decodeText() : '';
      const qualified = prefix && part ? `${prefix}.${part}` : prefix || part;
      const kids = field.lookup(PDFName.of('Kids'));
      if (qualified === name && field.lookup(PDFName.of('FT')) === PDFName.of('Sig')) return describe(doc, ref, field);
      if (kids instanceof PDFArray && qualified !== name) {
        const found = visit(kids, qualified, depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  };
  return visit(fields.value, '', 0);
}

function describe(doc: PDFDocument, fieldRef: PDFRef, field: PDFDict): ExistingSignatureField | undefined {
  let widgetRef = fieldRef;
  let widget = field;
  if (field.lookup(PDFName.of('Subtype')) !== PDFName.of('Widget')) {
    const kids = field.lookup(PDFName.of('Kids'));
    const first = kids instanceof PDFArray ? kids.get(0) : undefined;
    const kid = first instanceof PDFRef ? doc.context.lookup(first) : undefined;
    if (!(first instanceof PDFRef) || !(kid instanceof PDFDict)) return undefined;
    widgetRef = first;
    widget = kid;
  }
  const pages = doc.getPages();
  const p = widget.get(PDFName.of('P'));
  let pageIndex = p instanceof PDFRef ? pages.findIndex((pg) => pg.ref === p || pg.ref.toString() === p.toString()) : -1;
  if (pageIndex < 0) {
    pageIndex = pages.findIndex((pg) => {
      const annots = pg.node.lookup(PDFName.of('Annots'));
      if (!(annots instanceof PDFArray)) return false;
      return annots.asArray().some((a) => a instanceof PDFRef && a.toString() === widgetRef.toString());
    });
  }
  if (pageIndex < 0) return undefined;
  const r = widget.lookup(PDFName.of('Rect'));
  const n = (i: number) => {
    const v = r instanceof PDFArray ? r.lookup(i) : undefined;
    return v instanceof PDFNumber ? v.asNumber() : 0;
  };
  const [x1, y1, x2, y2] = [n(0), n(1), n(2), n(3)];
  return {
    fieldRef,
    field,
    widgetRef,
    widget,
    page: pageIndex + 1,
    rect: { x: Math.min(x1, x2), y: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1) },
    signed: field.get(PDFName.of('V')) !== undefined,
  };
}
