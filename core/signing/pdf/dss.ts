// PAdES B-LT: a Document Security Store (DSS) with the certificates, OCSP responses and CRLs a
// verifier needs later, appended as its own incremental update after the signature.

import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFName, PDFRef } from 'pdf-lib';
import { appendIncrementalUpdate, lookupOwned, type UpdateSession } from './revision';

export interface DssContent {
  certs: Uint8Array[];
  ocsps: Uint8Array[];
  crls: Uint8Array[];
  /** The signature's decoded /Contents (keyed in /VRI by its upper-case SHA-1). */
  signatureContents?: Uint8Array;
}

const sha1Hex = (b: Uint8Array) => createHash('sha1').update(b).digest('hex');

/** Append (or extend) the DSS. Blobs already in the DSS are not stored twice. */
export async function appendDss(pdfBytes: Uint8Array, content: DssContent): Promise<Uint8Array> {
  const appended = await appendIncrementalUpdate(pdfBytes, (session) => {
    const { doc } = session;
    const context = doc.context;
    const catalogRef = context.trailerInfo.Root as PDFRef;
    const existing = lookupOwned(doc, doc.catalog, 'DSS', PDFDict);
    const dss = existing?.value ?? context.obj({});
    if (existing?.ref) session.changed(existing.ref);
    else if (existing) session.changed(catalogRef);
    else {
      doc.catalog.set(PDFName.of('DSS'), context.register(dss));
      session.changed(catalogRef);
    }
    const refs = {
      Certs: addStreams(session, dss, 'Certs', content.certs),
      OCSPs: addStreams(session, dss, 'OCSPs', content.ocsps),
      CRLs: addStreams(session, dss, 'CRLs', content.crls),
    };
    if (content.signatureContents) {
      const vriOwned = lookupOwned(doc, dss, 'VRI', PDFDict);
      const vri = vriOwned?.value ?? context.obj({});
      if (vriOwned?.ref) session.changed(vriOwned.ref);
      else if (!vriOwned) dss.set(PDFName.of('VRI'), vri);
      const entry = context.obj({});
      if (refs.Certs.length) entry.set(PDFName.of('Cert'), context.obj(refs.Certs));
      if (refs.OCSPs.length) entry.set(PDFName.of('OCSP'), context.obj(refs.OCSPs));
      if (refs.CRLs.length) entry.set(PDFName.of('CRL'), context.obj(refs.CRLs));
      vri.set(PDFName.of(sha1Hex(content.signatureContents).toUpperCase()), context.register(entry));
    }
  });
  return appended.bytes;
}

/** Add each blob as a stream to dss[key] unless an identical one is there; returns the refs of all given blobs. */
function addStreams(session: UpdateSession, dss: PDFDict, key: string, blobs: Uint8Array[]): PDFRef[] {
  const { doc } = session;
  const context = doc.context;
  const owned = lookupOwned(doc, dss, key, PDFArray);
  const array = owned?.value ?? context.obj([]);
  if (owned?.ref) session.changed(owned.ref);
  const known = new Map<string, PDFRef>();
  for (let i = 0; i < array.size(); i++) {
    const ref = array.get(i);
    const stream = ref instanceof PDFRef ? context.lookup(ref) : undefined;
    if (ref instanceof PDFRef && stream && 'getContents' in stream) {
      known.set(sha1Hex((stream as unknown as { getContents(): Uint8Array }).getContents()), ref);
    }
  }
  const result: PDFRef[] = [];
  for (const blob of blobs) {
    const hash = sha1Hex(blob);
    let ref = known.get(hash);
    if (!ref) {
      ref = context.register(context.stream(blob));
      known.set(hash, ref);
      array.push(ref);
    }
    if (!result.includes(ref)) result.push(ref);
  }
  if (array.size() > 0 && !owned) dss.set(PDFName.of(key), array);
  return result;
}
