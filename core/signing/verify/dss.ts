import { certInfo, type CertInfo } from './certs';
import type { RawPdf } from './raw/document';
import { PdfRef, PdfStream } from './raw/objects';

// Validation data stored in the document's DSS dictionaries (any revision): certificates,
// CRLs and OCSP responses, decoded once per document.

export interface DssData {
  certs: CertInfo[];
  crls: Buffer[];
  ocsps: Buffer[];
}

export function readDss(raw: RawPdf): DssData {
  const out: DssData = { certs: [], crls: [], ocsps: [] };
  const seen = new Set<string>();
  for (const rev of [...raw.revisions].reverse()) {
    const cat = raw.dict(rev.trailer.get('Root'), rev);
    const dss = cat ? raw.dict(cat.get('DSS'), rev) : undefined;
    if (!dss) continue;
    for (const [key, sink] of [['Certs', 'certs'], ['CRLs', 'crls'], ['OCSPs', 'ocsps']] as const) {
      const arr = raw.resolve(dss.get(key), rev);
      if (!Array.isArray(arr)) continue;
      for (const item of arr) {
        const loc = item instanceof PdfRef ? rev.objects.get(item.num) : undefined;
        const id = loc?.kind === 'offset' ? `o${loc.offset}` : loc?.kind === 'compressed' ? `c${loc.stream}:${loc.index}` : undefined;
        if (id && seen.has(id)) continue;
        if (id) seen.add(id);
        const s = raw.resolve(item, rev);
        if (!(s instanceof PdfStream)) continue;
        try {
          const data = raw.decode(s, rev);
          if (sink === 'certs') out.certs.push(certInfo(data));
          else out[sink].push(data);
        } catch {
          // Unreadable validation data is ignored; missing data leads to `indeterminate`.
        }
      }
    }
  }
  return out;
}
