import crypto from 'node:crypto';
import { OID } from './crypto';
import { children, derTime, oidString, readTlv, type Tlv } from './der';

// Certificates parsed once and cached by content hash: the same signer and CA certificates
// appear in thousands of documents. Fields come from node:crypto's X509Certificate plus a small
// DER walk of the extensions (PKI.js schema matching cost ~3 ms per certificate).

export interface CertInfo {
  der: Buffer;
  sha256: string;
  x509: crypto.X509Certificate;
  commonName: string;
  subject: string;
  notBefore: Date;
  notAfter: Date;
  /** undefined when the extension is absent. */
  keyUsage?: Set<'digitalSignature' | 'nonRepudiation' | 'keyEncipherment' | 'dataEncipherment' | 'keyAgreement' | 'keyCertSign' | 'cRLSign'>;
  isCA: boolean;
  pathLen?: number;
  extKeyUsage?: string[];
  ocspUrls: string[];
  crlUrls: string[];
  ocspNoCheck: boolean;
  subjectDer: Buffer;
  /** The subjectPublicKey BIT STRING contents (for OCSP CertID key hashes). */
  publicKeyBits: Buffer;
  /** Raw issuer Name DER and serial INTEGER contents, for matching CMS signer identifiers. */
  issuerDer: Buffer;
  serialRaw: Buffer;
  ski?: Buffer;
}

const KU_BITS = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign'] as const;

const cache = new Map<string, CertInfo>();
const CACHE_MAX = 2000;

export function certInfo(der: Uint8Array): CertInfo {
  const buf = Buffer.from(der);
  const sha256 = crypto.createHash('sha256').update(buf).digest('hex');
  const hit = cache.get(sha256);
  if (hit) return hit;
  const x509 = new crypto.X509Certificate(buf);
  const top = readTlv(buf, 0);
  const tbs = children(buf, top)[0]!;
  const f = children(buf, tbs);
  const k = f[0]?.tag === 0xa0 ? 1 : 0;
  const [serial, , issuer, validity, subject, spki] = f.slice(k) as Tlv[];
  if (!serial || !issuer || !validity || !subject || !spki) throw new Error('truncated certificate');
  const [nb, na] = children(buf, validity);
  const keyBits = children(buf, spki)[1]!;
  const info: CertInfo = {
    der: buf,
    sha256,
    x509,
    commonName: commonNameOf(buf, subject) ?? x509.subject,
    subject: x509.subject.replace(/\n/g, ', '),
    notBefore: derTime(buf, nb!) ?? new Date(x509.validFrom),
    notAfter: derTime(buf, na!) ?? new Date(x509.validTo),
    isCA: false,
    ocspUrls: [],
    crlUrls: [],
    ocspNoCheck: false,
    subjectDer: buf.subarray(subject.start, subject.end),
    publicKeyBits: buf.subarray(keyBits.valueStart + 1, keyBits.end),
    issuerDer: buf.subarray(issuer.start, issuer.end),
    serialRaw: buf.subarray(serial.valueStart, serial.end),
  };
  const extsWrapper = f.find((t) => t.tag === 0xa3);
  if (extsWrapper) {
    const exts = readTlv(buf, extsWrapper.valueStart, extsWrapper.end);
    for (const ext of children(buf, exts)) readExtension(info, buf, ext);
  }
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(sha256, info);
  return info;
}

/** The CN of a Name, decoding the usual ASN.1 string types. */
export function commonNameOf(buf: Buffer, name: Tlv): string | undefined {
  for (const rdn of children(buf, name)) {
    for (const atv of children(buf, rdn)) {
      const [type, value] = children(buf, atv);
      if (!type || !value || oidString(buf, type) !== '2.5.4.3') continue;
      const bytes = buf.subarray(value.valueStart, value.end);
      if (value.tag === 0x1e) return Buffer.from(bytes).swap16().toString('utf16le');
      return value.tag === 0x14 ? bytes.toString('latin1') : bytes.toString('utf8');
    }
  }
  return undefined;
}

function uris(buf: Buffer, t: Tlv, out: string[]): void {
  // GeneralName uniformResourceIdentifier is [6] IMPLICIT IA5String (0x86), at any depth here.
  if (t.tag === 0x86) out.push(buf.toString('latin1', t.valueStart, t.end));
  else if (t.tag & 0x20) for (const c of children(buf, t)) uris(buf, c, out);
}

function readExtension(info: CertInfo, buf: Buffer, ext: Tlv): void {
  const parts = children(buf, ext);
  const id = oidString(buf, parts[0]!);
  const octets = parts[parts.length - 1]!;
  if (octets.tag !== 0x04) return;
  const value = readTlv(buf, octets.valueStart, octets.end);
  switch (id) {
    case '2.5.29.15': {
      const bits = buf.subarray(value.valueStart + 1, value.end);
      const set: NonNullable<CertInfo['keyUsage']> = new Set();
      KU_BITS.forEach((n, i) => {
        if ((bits[i >> 3] ?? 0) & (0x80 >> (i & 7))) set.add(n);
      });
      info.keyUsage = set;
      break;
    }
    case '2.5.29.19':
      for (const c of children(buf, value)) {
        if (c.tag === 0x01) info.isCA = buf[c.valueStart] !== 0;
        else if (c.tag === 0x02) info.pathLen = buf.readUIntBE(c.valueStart, Math.min(6, c.end - c.valueStart));
      }
      break;
    case '2.5.29.37':
      info.extKeyUsage = children(buf, value).map((c) => oidString(buf, c));
      break;
    case '1.3.6.1.5.5.7.1.1':
      for (const ad of children(buf, value)) {
        const [method, location] = children(buf, ad);
        if (method && location && oidString(buf, method) === '1.3.6.1.5.5.7.48.1') uris(buf, location, info.ocspUrls);
      }
      break;
    case '2.5.29.31':
      uris(buf, value, info.crlUrls);
      break;
    case '2.5.29.14':
      info.ski = buf.subarray(value.valueStart, value.end);
      break;
    case OID.ocspNoCheck:
      info.ocspNoCheck = true;
      break;
    default:
      break;
  }
}

const issuedCache = new Map<string, boolean>();

/** Forgets every parsed certificate and chain check (benchmarks measure a cold verifier). */
export function resetCertificateCaches(): void {
  cache.clear();
  issuedCache.clear();
}

/** Whether `issuer` signed `subject` (names chain and the signature verifies). Memoised. */
export function isIssuedBy(subject: CertInfo, issuer: CertInfo): boolean {
  const key = `${subject.sha256}:${issuer.sha256}`;
  const hit = issuedCache.get(key);
  if (hit !== undefined) return hit;
  let ok = false;
  try {
    // OpenSSL's own checks: names (and key identifiers) chain, then the signature verifies.
    ok = subject.x509.checkIssued(issuer.x509) && subject.x509.verify(issuer.x509.publicKey);
  } catch {
    ok = false;
  }
  if (issuedCache.size > 10_000) issuedCache.clear();
  issuedCache.set(key, ok);
  return ok;
}

export function isSelfSigned(c: CertInfo): boolean {
  return isIssuedBy(c, c);
}

export interface ChainResult {
  /** Signer first, trust anchor last (when found). */
  chain: CertInfo[];
  trusted: boolean;
}

/** Builds a path from `leaf` to one of `anchors` using `pool` for intermediates. */
export function buildChain(leaf: CertInfo, pool: CertInfo[], anchors: CertInfo[]): ChainResult {
  const chain: CertInfo[] = [leaf];
  const anchorSet = new Set(anchors.map((a) => a.sha256));
  let current = leaf;
  for (let depth = 0; depth < 12; depth++) {
    if (anchorSet.has(current.sha256)) return { chain, trusted: true };
    // An anchor that issued the current certificate ends the path even when the pool holds a
    // different copy of the same CA.
    const anchorIssuer = anchors.find((a) => isIssuedBy(current, a));
    if (anchorIssuer) {
      if (anchorIssuer.sha256 !== current.sha256) chain.push(anchorIssuer);
      return { chain, trusted: true };
    }
    const next = pool.find((c) => c.sha256 !== current.sha256 && !chain.includes(c) && isIssuedBy(current, c));
    if (!next) return { chain, trusted: false };
    chain.push(next);
    current = next;
  }
  return { chain, trusted: false };
}

export function derFromPemOrDer(input: string | Uint8Array): Buffer[] {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
  if (text.includes('-----BEGIN CERTIFICATE-----')) {
    const out: Buffer[] = [];
    const re = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
    for (let m = re.exec(text); m; m = re.exec(text)) out.push(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
    return out;
  }
  return typeof input === 'string' ? [Buffer.from(input, 'base64')] : [Buffer.from(input)];
}
