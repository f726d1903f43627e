// Parsed forms of the certificates a signer uses over and over. A batch signs hundreds of
// documents with one key; parsing its certificate chain anew for each (pkijs, node:crypto) cost
// more than hashing a 10 MB file. Entries are keyed by the DER itself, so equal bytes share one
// parse whatever array they arrive in. The parsed objects are only read, never changed.

import { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { parseCertificate } from './cms/cades';

export interface ParsedCertificate {
  der: Uint8Array;
  x509: X509Certificate;
  pkijs: pkijs.Certificate;
  /**
   * The same certificate for a CMS certificate set: it encodes as its original DER bytes instead
   * of being rebuilt field by field (which also keeps any non-DER quirk of the issuer's encoding).
   */
  forCms: pkijs.Certificate;
}

/** Writes fixed DER bytes wherever asn1js expects a block. */
class FixedDer extends asn1js.RawData {
  override toBER(sizeOnly?: boolean, writer?: { write(buf: ArrayBuffer): void }): ArrayBuffer {
    const bytes = this.dataView.slice().buffer as ArrayBuffer;
    if (!writer) return bytes;
    writer.write(bytes);
    return new ArrayBuffer(0);
  }
}

function encodedAsIs(cert: pkijs.Certificate, der: Uint8Array): pkijs.Certificate {
  const copy = Object.create(cert) as pkijs.Certificate;
  copy.toSchema = () => new FixedDer({ data: der }) as unknown as asn1js.Sequence;
  return copy;
}

const MAX_ENTRIES = 64;
const cache = new Map<string, ParsedCertificate>();

export function parsedCertificate(der: Uint8Array): ParsedCertificate {
  const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  const hit = cache.get(key);
  if (hit) {
    // Most recently used last, so the oldest is dropped first.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const own = new Uint8Array(der);
  const cert = parseCertificate(own);
  const parsed: ParsedCertificate = { der: own, x509: new X509Certificate(own), pkijs: cert, forCms: encodedAsIs(cert, own) };
  cache.set(key, parsed);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return parsed;
}
