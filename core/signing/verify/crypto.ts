import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

// Algorithm identifiers → node:crypto verification. PKI.js parses; node:crypto does the maths
// (its WebCrypto path is an order of magnitude slower and we verify thousands of signatures).

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  timeStampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  adbeRevocation: '1.2.840.113583.1.1.8',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaPss: '1.2.840.113549.1.1.10',
  ecPublicKey: '1.2.840.10045.2.1',
  ocspBasic: '1.3.6.1.5.5.7.48.1.1',
  kpOcspSigning: '1.3.6.1.5.5.7.3.9',
  kpTimeStamping: '1.3.6.1.5.5.7.3.8',
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
} as const;

const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const RSA_V15: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};

const ECDSA: Record<string, string> = {
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

/** Digests too weak to accept for new signatures. */
export const WEAK_DIGESTS = new Set(['sha1']);

export function digestName(oid: string): string | undefined {
  return DIGESTS[oid];
}

export function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

export function parseBer(b: Uint8Array): asn1js.AsnType {
  const r = asn1js.fromBER(toArrayBuffer(b));
  if (r.offset === -1) throw new Error(`ASN.1 parse error: ${r.result.error}`);
  return r.result;
}

export interface SignatureScheme {
  kind: 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa';
  hash: string;
  saltLength?: number;
}

/**
 * Resolves a signature algorithm. `digestOid` is the CMS digestAlgorithm, used when the
 * signature algorithm is the bare key type (rsaEncryption / ecPublicKey), as many signers write.
 */
export function signatureScheme(alg: pkijs.AlgorithmIdentifier | { algorithmId: string; algorithmParams?: unknown }, digestOid?: string): SignatureScheme | undefined {
  const oid = alg.algorithmId;
  if (RSA_V15[oid]) return { kind: 'rsa-pkcs1', hash: RSA_V15[oid]! };
  if (ECDSA[oid]) return { kind: 'ecdsa', hash: ECDSA[oid]! };
  const fallbackHash = digestOid ? DIGESTS[digestOid] : undefined;
  if (oid === OID.rsaEncryption && fallbackHash) return { kind: 'rsa-pkcs1', hash: fallbackHash };
  if (oid === OID.ecPublicKey && fallbackHash) return { kind: 'ecdsa', hash: fallbackHash };
  if (oid === OID.rsaPss) {
    let params: pkijs.RSASSAPSSParams;
    try {
      const raw = alg.algorithmParams instanceof Uint8Array ? parseBer(alg.algorithmParams) : alg.algorithmParams;
      params = raw ? new pkijs.RSASSAPSSParams({ schema: raw }) : new pkijs.RSASSAPSSParams();
    } catch {
      return undefined;
    }
    const hash = DIGESTS[params.hashAlgorithm.algorithmId] ?? 'sha1';
    // MGF1 must use the same hash: node:crypto has no separate MGF hash for verification.
    const mgfParams = params.maskGenAlgorithm.algorithmParams;
    if (mgfParams instanceof asn1js.Sequence) {
      const mgfHash = new pkijs.AlgorithmIdentifier({ schema: mgfParams });
      if ((DIGESTS[mgfHash.algorithmId] ?? 'sha1') !== hash) return undefined;
    }
    return { kind: 'rsa-pss', hash, saltLength: params.saltLength };
  }
  return undefined;
}

export function verifySignature(scheme: SignatureScheme, key: crypto.KeyObject, data: Uint8Array | Uint8Array[], signature: Uint8Array): boolean {
  const v = crypto.createVerify(scheme.hash);
  for (const part of Array.isArray(data) ? data : [data]) v.update(part);
  try {
    if (scheme.kind === 'rsa-pss') {
      return v.verify({ key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: scheme.saltLength ?? 20 }, signature);
    }
    if (scheme.kind === 'ecdsa') return v.verify({ key, dsaEncoding: 'der' }, signature);
    return v.verify({ key, padding: crypto.constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    return false;
  }
}

export function hashParts(alg: string, parts: Uint8Array[]): Buffer {
  const h = crypto.createHash(alg);
  for (const p of parts) h.update(p);
  return h.digest();
}
