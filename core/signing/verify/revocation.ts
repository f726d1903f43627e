import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { certInfo, isIssuedBy, type CertInfo } from './certs';
import { OID, digestName, parseBer, signatureScheme, verifySignature } from './crypto';

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

interface ParsedOcsp {
  basic: pkijs.BasicOCSPResponse;
  certs: CertInfo[];
}

const ocspCache = new Map<string, ParsedOcsp | null>();
const crlCache = new Map<string, pkijs.CertificateRevocationList | null>();

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

function parseOcsp(der: Buffer): ParsedOcsp | null {
  return memo(ocspCache, der, () => {
    const asn = parseBer(der);
    let basic: pkijs.BasicOCSPResponse;
    // DSS and the Adobe archive hold OCSPResponse; accept a bare BasicOCSPResponse too.
    if (asn instanceof asn1js.Sequence && asn.valueBlock.value[0] instanceof asn1js.Enumerated) {
      const resp = new pkijs.OCSPResponse({ schema: asn });
      if (resp.responseStatus.valueBlock.valueDec !== 0 || !resp.responseBytes) throw new Error('OCSP response not successful');
      if (resp.responseBytes.responseType !== OID.ocspBasic) throw new Error('not a basic OCSP response');
      basic = new pkijs.BasicOCSPResponse({ schema: parseBer(resp.responseBytes.response.valueBlock.valueHexView) });
    } else {
      basic = new pkijs.BasicOCSPResponse({ schema: asn });
    }
    const certs = (basic.certs ?? []).map((c) => certInfo(new Uint8Array(c.toSchema().toBER())));
    return { basic, certs };
  });
}

function parseCrl(der: Buffer): pkijs.CertificateRevocationList | null {
  return memo(crlCache, der, () => new pkijs.CertificateRevocationList({ schema: parseBer(der) }));
}

function certIdMatches(id: pkijs.CertID, cert: CertInfo, issuer: CertInfo): boolean {
  if (!id.serialNumber.isEqual(cert.cert.serialNumber)) return false;
  const alg = digestName(id.hashAlgorithm.algorithmId);
  if (!alg) return false;
  const nameHash = crypto.createHash(alg).update(issuer.subjectDer).digest();
  const keyHash = crypto.createHash(alg).update(issuer.publicKeyBits).digest();
  return nameHash.equals(Buffer.from(id.issuerNameHash.valueBlock.valueHexView)) && keyHash.equals(Buffer.from(id.issuerKeyHash.valueBlock.valueHexView));
}

const ocspSigCache = new Map<string, boolean>();

function ocspSignedBy(p: ParsedOcsp, der: Buffer, issuer: CertInfo, at: Date): boolean {
  const k = `${keyOf(der)}:${issuer.sha256}`;
  const hit = ocspSigCache.get(k);
  if (hit !== undefined) return hit;
  const scheme = signatureScheme(p.basic.signatureAlgorithm);
  const sig = p.basic.signature.valueBlock.valueHexView;
  const tbs = p.basic.tbsResponseData.tbsView;
  let ok = false;
  if (scheme) {
    // The CA itself, or a delegated responder the CA issued for OCSP signing.
    const candidates = [issuer, ...p.certs.filter((c) => c.extKeyUsage?.includes(OID.kpOcspSigning) && isIssuedBy(c, issuer) && c.notBefore <= at && at <= c.notAfter)];
    ok = candidates.some((c) => verifySignature(scheme, c.x509.publicKey, tbs, sig));
  }
  if (ocspSigCache.size > 5000) ocspSigCache.clear();
  ocspSigCache.set(k, ok);
  return ok;
}

function fromOcsp(der: Buffer, cert: CertInfo, issuer: CertInfo, signingTime: Date, now: Date, origin: 'embedded' | 'online'): CertStatus | undefined {
  const p = parseOcsp(der);
  if (!p) return undefined;
  for (const single of p.basic.tbsResponseData.responses) {
    if (!certIdMatches(single.certID, cert, issuer)) continue;
    if (!ocspSignedBy(p, der, issuer, single.thisUpdate)) continue;
    if (single.thisUpdate.getTime() > now.getTime() + 5 * 60_000) continue;
    const status = single.certStatus as asn1js.BaseBlock & { idBlock: { tagNumber: number }; valueBlock: { value?: asn1js.AsnType[] } };
    const tag = status.idBlock.tagNumber;
    if (tag === 1) {
      const t = status.valueBlock.value?.[0];
      const revokedAt = t instanceof asn1js.GeneralizedTime ? t.toDate() : single.thisUpdate;
      return { status: 'revoked', source: 'ocsp', origin, revokedAt };
    }
    if (tag === 0) {
      // Good only counts when the response covers the signing time (not an older answer).
      if (single.nextUpdate && single.nextUpdate.getTime() < signingTime.getTime()) continue;
      return { status: 'good', source: 'ocsp', origin, at: single.thisUpdate };
    }
  }
  return undefined;
}

function fromCrl(der: Buffer, cert: CertInfo, issuer: CertInfo, signingTime: Date, origin: 'embedded' | 'online'): CertStatus | undefined {
  const crl = parseCrl(der);
  if (!crl || !crl.issuer.isEqual(cert.cert.issuer)) return undefined;
  const scheme = signatureScheme(crl.signatureAlgorithm);
  if (!scheme || !verifySignature(scheme, issuer.x509.publicKey, crl.tbsView, crl.signatureValue.valueBlock.valueHexView)) return undefined;
  const entry = crl.revokedCertificates?.find((r) => r.userCertificate.isEqual(cert.cert.serialNumber));
  if (entry) return { status: 'revoked', source: 'crl', origin, revokedAt: entry.revocationDate.value };
  const next = crl.nextUpdate?.value;
  if (next && next.getTime() < signingTime.getTime()) return undefined;
  return { status: 'good', source: 'crl', origin, at: crl.thisUpdate.value };
}

export function ocspRequest(cert: CertInfo, issuer: CertInfo): Buffer {
  const sha1 = (b: Buffer): asn1js.OctetString => new asn1js.OctetString({ valueHex: crypto.createHash('sha1').update(b).digest() });
  const certId = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '1.3.14.3.2.26' }), new asn1js.Null()] }),
      sha1(issuer.subjectDer),
      sha1(issuer.publicKeyBits),
      new asn1js.Integer({ valueHex: cert.cert.serialNumber.valueBlock.valueHexView }),
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
  for (const url of cert.ocspUrls.filter((u) => /^https?:\/\//i.test(u))) {
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

/** The default fetcher over HTTP(S) with a short timeout (global fetch; no extra dependency). */
export function httpRevocationFetcher(timeoutMs = 5000): RevocationFetcher {
  const get = async (url: string, init: RequestInit): Promise<Buffer> => {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  };
  return {
    ocsp: (url, request) => get(url, { method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body: new Uint8Array(request) }),
    crl: (url) => get(url, { method: 'GET' }),
  };
}
