import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import { certInfo, isIssuedBy, type CertInfo } from './certs';
import { OID, digestName, signatureScheme, verifySignature } from './crypto';
import { children, derTime, oidString, readTlv, type Tlv } from './der';
import { namesMatch } from './names';

// Revocation status of one certificate from OCSP responses and CRLs: those embedded in the PDF
// (DSS, adbe-revocationInfoArchival) first, then — only when the caller allows the network —
// fetched from the URLs in the certificate. No data means `unknown`, never `good`.

export type CertStatus =
  | { status: 'good'; source: 'ocsp' | 'crl'; origin: 'embedded' | 'online'; at: Date }
  | { status: 'revoked'; source: 'ocsp' | 'crl'; origin: 'embedded' | 'online'; revokedAt: Date }
  | { status: 'unknown'; detail: string };

export interface RevocationFetcher {
  /** POSTs a DER OCSP request; resolves to the DER response. */
  ocsp(url: string, request: Buffer): Promise<Buffer>;
  /** GETs a DER (or PEM) CRL. */
  crl(url: string): Promise<Buffer>;
}

export interface RevocationData {
  ocsps: Buffer[];
  crls: Buffer[];
}

interface SingleResponse {
  hashOid: string;
  nameHash: Buffer;
  keyHash: Buffer;
  serial: Buffer;
  status: 'good' | 'revoked' | 'unknown';
  revokedAt?: Date;
  thisUpdate: Date;
  nextUpdate?: Date;
}

interface ParsedOcsp {
  tbs: Buffer;
  sigAlg: { algorithmId: string; algorithmParams?: Uint8Array };
  signature: Buffer;
  responses: SingleResponse[];
  certs: CertInfo[];
}

interface ParsedCrl {
  tbs: Buffer;
  sigAlg: { algorithmId: string; algorithmParams?: Uint8Array };
  signature: Buffer;
  issuer: Buffer;
  thisUpdate: Date;
  nextUpdate?: Date;
  /** serial (leading zeros stripped, hex) → revocation date */
  revoked: Map<string, Date>;
}

// Parsed with the DER walker (see der.ts) and memoised by content hash.
const ocspCache = new Map<string, ParsedOcsp | null>();
const crlCache = new Map<string, ParsedCrl | null>();

/** Forgets parsed OCSP responses, CRLs and their signature checks. */
export function resetRevocationCaches(): void {
  ocspCache.clear();
  crlCache.clear();
  ocspSigCache.clear();
}

function keyOf(der: Buffer): string {
  return crypto.createHash('sha256').update(der).digest('base64');
}

function memo<T>(cache: Map<string, T | null>, der: Buffer, parse: () => T): T | null {
  const k = keyOf(der);
  if (cache.has(k)) return cache.get(k)!;
  let v: T | null;
  try {
    v = parse();
  } catch {
    v = null;
  }
  if (cache.size > 2000) cache.clear();
  cache.set(k, v);
  return v;
}

function serialKey(b: Buffer): string {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i).toString('hex');
}

function algorithm(buf: Buffer, t: Tlv): { algorithmId: string; algorithmParams?: Uint8Array } {
  const [oid, params] = children(buf, t);
  return { algorithmId: oidString(buf, oid!), algorithmParams: params && params.tag !== 0x05 ? buf.subarray(params.start, params.end) : undefined };
}

function bitString(buf: Buffer, t: Tlv): Buffer {
  return buf.subarray(t.valueStart + 1, t.end);
}

function parseOcsp(der: Buffer): ParsedOcsp | null {
  return memo(ocspCache, der, () => {
    let buf = der;
    let top = readTlv(buf, 0);
    const first = children(buf, top)[0];
    if (first?.tag === 0x0a) {
      // OCSPResponse (what DSS and the Adobe archive hold): status, then [0] responseBytes.
      if (buf[first.valueStart] !== 0) throw new Error('OCSP response not successful');
      const rb = children(buf, top)[1];
      if (!rb || rb.tag !== 0xa0) throw new Error('no responseBytes');
      const [type, octets] = children(buf, readTlv(buf, rb.valueStart, rb.end));
      if (!type || oidString(buf, type) !== OID.ocspBasic || !octets) throw new Error('not a basic OCSP response');
      buf = buf.subarray(octets.valueStart, octets.end);
      top = readTlv(buf, 0);
    }
    const [tbsT, algT, sigT, certsT] = children(buf, top);
    if (!tbsT || !algT || !sigT) throw new Error('truncated OCSP response');
    const rd = children(buf, tbsT);
    let i = rd[0]?.tag === 0xa0 ? 1 : 0;
    i += 2; // responderID, producedAt
    const responses: SingleResponse[] = [];
    for (const sr of children(buf, rd[i]!)) {
      const [certId, status, thisUpdate, ...rest] = children(buf, sr);
      const [hashAlg, nameHash, keyHash, serial] = children(buf, certId!);
      const next = rest.find((t) => t.tag === 0xa0);
      let revokedAt: Date | undefined;
      if (status!.tag === 0xa1) revokedAt = derTime(buf, children(buf, status!)[0]!);
      responses.push({
        hashOid: oidString(buf, children(buf, hashAlg!)[0]!),
        nameHash: buf.subarray(nameHash!.valueStart, nameHash!.end),
        keyHash: buf.subarray(keyHash!.valueStart, keyHash!.end),
        serial: buf.subarray(serial!.valueStart, serial!.end),
        status: status!.tag === 0x80 ? 'good' : status!.tag === 0xa1 ? 'revoked' : 'unknown',
        revokedAt,
        thisUpdate: derTime(buf, thisUpdate!)!,
        nextUpdate: next ? derTime(buf, readTlv(buf, next.valueStart, next.end)) : undefined,
      });
    }
    const certs: CertInfo[] = [];
    if (certsT?.tag === 0xa0) {
      for (const c of children(buf, readTlv(buf, certsT.valueStart, certsT.end))) certs.push(certInfo(buf.subarray(c.start, c.end)));
    }
    return { tbs: buf.subarray(tbsT.start, tbsT.end), sigAlg: algorithm(buf, algT), signature: bitString(buf, sigT), responses, certs };
  });
}

function parseCrl(der: Buffer): ParsedCrl | null {
  return memo(crlCache, der, () => {
    const top = readTlv(der, 0);
    const [tbsT, algT, sigT] = children(der, top);
    if (!tbsT || !algT || !sigT) throw new Error('truncated CRL');
    const f = children(der, tbsT);
    let i = f[0]?.tag === 0x02 ? 1 : 0; // version
    i++; // signature algorithm
    const issuer = f[i++]!;
    const thisUpdate = derTime(der, f[i++]!)!;
    let nextUpdate: Date | undefined;
    if (f[i] && (f[i]!.tag === 0x17 || f[i]!.tag === 0x18)) nextUpdate = derTime(der, f[i++]!);
    const revoked = new Map<string, Date>();
    if (f[i]?.tag === 0x30) {
      for (const entry of children(der, f[i]!)) {
        const [serial, date] = children(der, entry);
        revoked.set(serialKey(der.subarray(serial!.valueStart, serial!.end)), derTime(der, date!)!);
      }
    }
    return { tbs: der.subarray(tbsT.start, tbsT.end), sigAlg: algorithm(der, algT), signature: bitString(der, sigT), issuer: der.subarray(issuer.start, issuer.end), thisUpdate, nextUpdate, revoked };
  });
}

function certIdMatches(r: SingleResponse, cert: CertInfo, issuer: CertInfo): boolean {
  if (serialKey(r.serial) !== serialKey(cert.serialRaw)) return false;
  const alg = digestName(r.hashOid);
  if (!alg) return false;
  return crypto.createHash(alg).update(issuer.subjectDer).digest().equals(r.nameHash) && crypto.createHash(alg).update(issuer.publicKeyBits).digest().equals(r.keyHash);
}

const ocspSigCache = new Map<string, boolean>();

function ocspSignedBy(p: ParsedOcsp, der: Buffer, issuer: CertInfo, at: Date): boolean {
  const k = `${keyOf(der)}:${issuer.sha256}`;
  const hit = ocspSigCache.get(k);
  if (hit !== undefined) return hit;
  const scheme = signatureScheme(p.sigAlg);
  let ok = false;
  if (scheme) {
    // The CA itself, or a delegated responder the CA issued for OCSP signing.
    const candidates = [issuer, ...p.certs.filter((c) => c.extKeyUsage?.includes(OID.kpOcspSigning) && isIssuedBy(c, issuer) && c.notBefore <= at && at <= c.notAfter)];
    ok = candidates.some((c) => verifySignature(scheme, c.x509.publicKey, p.tbs, p.signature));
  }
  if (ocspSigCache.size > 5000) ocspSigCache.clear();
  ocspSigCache.set(k, ok);
  return ok;
}

function fromOcsp(der: Buffer, cert: CertInfo, issuer: CertInfo, signingTime: Date, now: Date, origin: 'embedded' | 'online'): CertStatus | undefined {
  const p = parseOcsp(der);
  if (!p) return undefined;
  for (const single of p.responses) {
    if (!certIdMatches(single, cert, issuer)) continue;
    if (!ocspSignedBy(p, der, issuer, single.thisUpdate)) continue;
    if (single.thisUpdate.getTime() > now.getTime() + 5 * 60_000) continue;
    if (single.status === 'revoked') return { status: 'revoked', source: 'ocsp', origin, revokedAt: single.revokedAt ?? single.thisUpdate };
    if (single.status === 'good') {
      // Good only counts when the response covers the signing time (not an older answer).
      if (single.nextUpdate && single.nextUpdate.getTime() < signingTime.getTime()) continue;
      return { status: 'good', source: 'ocsp', origin, at: single.thisUpdate };
    }
  }
  return undefined;
}

function fromCrl(der: Buffer, cert: CertInfo, issuer: CertInfo, signingTime: Date, origin: 'embedded' | 'online'): CertStatus | undefined {
  const crl = parseCrl(der);
  if (!crl || !namesMatch(crl.issuer, cert.issuerDer)) return undefined;
  const scheme = signatureScheme(crl.sigAlg);
  if (!scheme || !verifySignature(scheme, issuer.x509.publicKey, crl.tbs, crl.signature)) return undefined;
  const revokedAt = crl.revoked.get(serialKey(cert.serialRaw));
  if (revokedAt) return { status: 'revoked', source: 'crl', origin, revokedAt };
  if (crl.nextUpdate && crl.nextUpdate.getTime() < signingTime.getTime()) return undefined;
  return { status: 'good', source: 'crl', origin, at: crl.thisUpdate };
}

export function ocspRequest(cert: CertInfo, issuer: CertInfo): Buffer {
  const sha1 = (b: Buffer): asn1js.OctetString => new asn1js.OctetString({ valueHex: crypto.createHash('sha1').update(b).digest() });
  const certId = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '1.3.14.3.2.26' }), new asn1js.Null()] }),
      sha1(issuer.subjectDer),
      sha1(issuer.publicKeyBits),
      new asn1js.Integer({ valueHex: new Uint8Array(cert.serialRaw) }),
    ],
  });
  const req = new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [certId] })] })] })] });
  return Buffer.from(req.toBER());
}

export interface RevocationQuery {
  cert: CertInfo;
  issuer: CertInfo;
  signingTime: Date;
  now: Date;
  embedded: RevocationData;
  fetcher?: RevocationFetcher;
  /** Responses fetched online are added here so the caller can report or store them. */
  fetched?: RevocationData;
  /** OCSP responders to ask before those the certificate names (e.g. the agency's own). */
  ocspUrls?: string[];
}

export async function revocationStatus(q: RevocationQuery): Promise<CertStatus> {
  const { cert, issuer, signingTime, now } = q;
  for (const der of q.embedded.ocsps) {
    const s = fromOcsp(der, cert, issuer, signingTime, now, 'embedded');
    if (s) return s;
  }
  for (const der of q.embedded.crls) {
    const s = fromCrl(der, cert, issuer, signingTime, 'embedded');
    if (s) return s;
  }
  if (!q.fetcher) return { status: 'unknown', detail: `no embedded revocation data for "${cert.commonName}" and online checks are off` };
  const errors: string[] = [];
  const ocspUrls = [...new Set([...(q.ocspUrls ?? []), ...cert.ocspUrls])];
  for (const url of ocspUrls.filter((u) => /^https?:\/\//i.test(u))) {
    try {
      const der = await q.fetcher.ocsp(url, ocspRequest(cert, issuer));
      q.fetched?.ocsps.push(der);
      const s = fromOcsp(der, cert, issuer, signingTime, now, 'online');
      if (s) return s;
      errors.push(`${url}: no usable answer`);
    } catch (e) {
      errors.push(`${url}: ${(e as Error).message}`);
    }
  }
  for (const url of cert.crlUrls.filter((u) => /^https?:\/\//i.test(u))) {
    try {
      let der = await q.fetcher.crl(url);
      const text = der.toString('latin1');
      if (text.includes('-----BEGIN X509 CRL-----')) der = Buffer.from(text.replace(/-----[^-]+-----|\s+/g, ''), 'base64');
      q.fetched?.crls.push(der);
      const s = fromCrl(der, cert, issuer, signingTime, 'online');
      if (s) return s;
      errors.push(`${url}: no usable answer`);
    } catch (e) {
      errors.push(`${url}: ${(e as Error).message}`);
    }
  }
  return { status: 'unknown', detail: errors.length ? errors.join('; ') : `"${cert.commonName}" names no OCSP or CRL address` };
}

/** Largest OCSP response or CRL read from the network (a national CA's CRL is a few MB). */
export const MAX_REVOCATION_BYTES = 20 * 1024 * 1024;

/**
 * The default fetcher: plain HTTP only (RFC 5280 and 6960 publish CRLs and OCSP over http; https
 * would need revocation data to check its own certificates), a timeout for the whole exchange and
 * a size limit on what is read.
 */
export function httpRevocationFetcher(timeoutMs = 5000, maxBytes = MAX_REVOCATION_BYTES): RevocationFetcher {
  const get = async (url: string, init: RequestInit): Promise<Buffer> => {
    if (!/^http:\/\//i.test(url)) throw new Error('only http:// addresses are fetched');
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const declared = Number(res.headers.get('content-length'));
    if (declared > maxBytes) {
      await res.body?.cancel();
      throw new Error(`the answer is larger than ${maxBytes} bytes`);
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = res.body?.getReader();
    for (;;) {
      const next = await reader?.read();
      if (!next || next.done) break;
      total += next.value.length;
      if (total > maxBytes) {
        await reader!.cancel();
        throw new Error(`the answer is larger than ${maxBytes} bytes`);
      }
      chunks.push(next.value);
    }
    return Buffer.concat(chunks);
  };
  return {
    ocsp: (url, request) => get(url, { method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body: new Uint8Array(request) }),
    crl: (url) => get(url, { method: 'GET' }),
  };
}
