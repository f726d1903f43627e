import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID, parseBer, signatureScheme, verifySignature } from './crypto';
import { children, readTlv } from './der';

// Certificates parsed once and cached by content hash: the same signer and CA certificates
// appear in thousands of documents, so parsing and chain signature checks are memoised.

export interface CertInfo {
  der: Buffer;
  sha256: string;
  x509: crypto.X509Certificate;
  cert: pkijs.Certificate;
  commonName: string;
  subject: string;
  notBefore: Date;
  notAfter: Date;
  serialHex: string;
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
  const cert = new pkijs.Certificate({ schema: parseBer(buf) });
  const x509 = new crypto.X509Certificate(buf);
  const info: CertInfo = {
    der: buf,
    sha256,
    x509,
    cert,
    commonName: commonNameOf(cert.subject) ?? x509.subject,
    subject: x509.subject.replace(/\n/g, ', '),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    serialHex: Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex'),
    isCA: false,
    ocspUrls: [],
    crlUrls: [],
    ocspNoCheck: false,
    subjectDer: Buffer.from(cert.subject.toSchema().toBER()),
    publicKeyBits: Buffer.from(cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView),
    issuerDer: Buffer.alloc(0),
    serialRaw: Buffer.alloc(0),
  };
  for (const ext of cert.extensions ?? []) readExtension(info, ext);
  const tbs = children(buf, readTlv(buf, 0))[0]!;
  const fields = children(buf, tbs);
  const k = fields[0]?.tag === 0xa0 ? 1 : 0;
  info.serialRaw = buf.subarray(fields[k]!.valueStart, fields[k]!.end);
  info.issuerDer = buf.subarray(fields[k + 2]!.start, fields[k + 2]!.end);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(sha256, info);
  return info;
}

export function commonNameOf(name: pkijs.RelativeDistinguishedNames): string | undefined {
  const cn = name.typesAndValues.find((t) => t.type === '2.5.4.3');
  const v = cn?.value as { valueBlock?: { value?: unknown } } | undefined;
  return typeof v?.valueBlock?.value === 'string' ? v.valueBlock.value : undefined;
}

function readExtension(info: CertInfo, ext: pkijs.Extension): void {
  const parsed = ext.parsedValue as unknown;
  switch (ext.extnID) {
    case '2.5.29.15': {
      const bits = parsed instanceof asn1js.BitString ? Buffer.from(parsed.valueBlock.valueHexView) : Buffer.alloc(0);
      const set: NonNullable<CertInfo['keyUsage']> = new Set();
      KU_BITS.forEach((name, i) => {
        const byte = bits[i >> 3] ?? 0;
        if (byte & (0x80 >> (i & 7))) set.add(name);
      });
      info.keyUsage = set;
      break;
    }
    case '2.5.29.19':
      if (parsed instanceof pkijs.BasicConstraints) {
        info.isCA = parsed.cA === true;
        if (typeof parsed.pathLenConstraint === 'number') info.pathLen = parsed.pathLenConstraint;
        else if (parsed.pathLenConstraint instanceof asn1js.Integer) info.pathLen = parsed.pathLenConstraint.valueBlock.valueDec;
      }
      break;
    case '2.5.29.37':
      if (parsed instanceof pkijs.ExtKeyUsage) info.extKeyUsage = parsed.keyPurposes;
      break;
    case '1.3.6.1.5.5.7.1.1':
      if (parsed instanceof pkijs.InfoAccess) {
        for (const d of parsed.accessDescriptions) {
          if (d.accessMethod === '1.3.6.1.5.5.7.48.1' && d.accessLocation.type === 6) info.ocspUrls.push(String(d.accessLocation.value));
        }
      }
      break;
    case '2.5.29.31':
      if (parsed instanceof pkijs.CRLDistributionPoints) {
        for (const dp of parsed.distributionPoints) {
          const names = Array.isArray(dp.distributionPoint) ? dp.distributionPoint : [];
          for (const n of names) if (n instanceof pkijs.GeneralName && n.type === 6) info.crlUrls.push(String(n.value));
        }
      }
      break;
    case '2.5.29.14':
      if (parsed instanceof asn1js.OctetString) info.ski = Buffer.from(parsed.valueBlock.valueHexView);
      break;
    case OID.ocspNoCheck:
      info.ocspNoCheck = true;
      break;
    default:
      break;
  }
}

const issuedCache = new Map<string, boolean>();

/** Whether `issuer` signed `subject` (names chain and the signature verifies). Memoised. */
export function isIssuedBy(subject: CertInfo, issuer: CertInfo): boolean {
  const key = `${subject.sha256}:${issuer.sha256}`;
  const hit = issuedCache.get(key);
  if (hit !== undefined) return hit;
  let ok = false;
  if (subject.cert.issuer.isEqual(issuer.cert.subject)) {
    const scheme = signatureScheme(subject.cert.signatureAlgorithm);
    ok = scheme !== undefined && verifySignature(scheme, issuer.x509.publicKey, subject.cert.tbsView, subject.cert.signatureValue.valueBlock.valueHexView);
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
