import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { certInfo, type CertInfo } from './certs';
import { DerError, children, derTime, oidString, readTlv, type Tlv } from './der';
import { namesMatch } from './names';
import { OID, WEAK_DIGESTS, digestName, hashParts, signatureScheme, toArrayBuffer, verifySignature } from './crypto';
import { reason, type Reason } from './reasons';

// One CMS SignedData with one signer: the PDF signature itself, or the TSA's signature inside a
// time-stamp token. Checks the signed attributes and the signature value; the certificate path
// is checked by the caller. Parsed with a small DER walker (see der.ts) for speed.

export interface SignerInfoLite {
  sid: { kind: 'issuerSerial'; issuer: Buffer; serial: Buffer } | { kind: 'ski'; ski: Buffer };
  digestOid: string;
  sigAlg: { algorithmId: string; algorithmParams?: Uint8Array };
  /** DER of the signed attributes re-tagged as SET (what the signature covers). */
  signedAttrsDer?: Buffer;
  signedAttrs?: Map<string, Buffer[]>;
  signature: Buffer;
  unsignedAttrs?: Map<string, Buffer[]>;
}

export interface ParsedCms {
  signerInfo: SignerInfoLite;
  certs: CertInfo[];
  /** Length of the DER object (the rest of /Contents is padding). */
  derLength: number;
  /** eContent bytes when encapsulated (time-stamp tokens). */
  eContent?: Buffer;
  eContentType: string;
}

/**
 * Reads ContentInfo → SignedData. DER input takes a fast path (own TLV walk: only the SignerInfo
 * goes through PKI.js; certificates are raw DER, parsed once and cached); BER falls back to asn1js.
 */
export function parseCms(der: Uint8Array): ParsedCms {
  try {
    return parseCmsDer(der);
  } catch (e) {
    // Only legal BER (indefinite lengths) gets the lenient parser; broken DER is broken.
    if (!(e instanceof DerError) || !e.ber) throw e;
    return parseCmsBer(der);
  }
}

function parseCmsDer(buf: Uint8Array): ParsedCms {
  const top = readTlv(buf, 0);
  if (top.tag !== 0x30) throw new Error('not a ContentInfo');
  const [ctype, wrapped] = children(buf, top);
  if (!ctype || ctype.tag !== 0x06 || oidString(buf, ctype) !== OID.signedData) throw new Error('content type is not SignedData');
  if (!wrapped || wrapped.tag !== 0xa0) throw new Error('SignedData missing');
  const sd = readTlv(buf, wrapped.valueStart, wrapped.end);
  if (sd.tag !== 0x30) throw new Error('SignedData missing');
  const items = children(buf, sd);
  const encap = items[2];
  if (!encap || encap.tag !== 0x30) throw new Error('encapContentInfo missing');
  const [eType, eWrapped] = children(buf, encap);
  if (!eType || eType.tag !== 0x06) throw new Error('eContentType missing');
  let eContent: Buffer | undefined;
  if (eWrapped && eWrapped.tag === 0xa0) {
    const oct = readTlv(buf, eWrapped.valueStart, eWrapped.end);
    if (oct.tag === 0x04) eContent = Buffer.from(buf.subarray(oct.valueStart, oct.end));
    else if (oct.tag === 0x24) {
      // A constructed OCTET STRING (some TSAs write one): its pieces concatenated.
      eContent = Buffer.concat(children(buf, oct).map((p) => {
        if (p.tag !== 0x04) throw new DerError('nested constructed eContent', true);
        return buf.subarray(p.valueStart, p.end);
      }));
    } else throw new Error('eContent is not an OCTET STRING');
  }
  const certs: CertInfo[] = [];
  let signerInfos: Tlv | undefined;
  for (const item of items.slice(3)) {
    if (item.tag === 0xa0) {
      for (const c of children(buf, item)) {
        if (c.tag !== 0x30) continue; // other certificate formats are ignored
        try {
          certs.push(certInfo(buf.subarray(c.start, c.end)));
        } catch {
          // An unreadable extra certificate does not stop the check; a missing signer cert will.
        }
      }
    } else if (item.tag === 0x31) signerInfos = item;
  }
  const signers = signerInfos ? children(buf, signerInfos) : [];
  if (signers.length !== 1) throw new Error(`${signers.length} signers (exactly one expected)`);
  const signerInfo = readSignerInfo(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), signers[0]!);
  return { signerInfo, certs, derLength: top.end, eContent, eContentType: oidString(buf, eType) };
}

function parseCmsBer(der: Uint8Array): ParsedCms {
  const r = asn1js.fromBER(toArrayBuffer(der));
  if (r.offset === -1) throw new Error(`ASN.1: ${r.result.error}`);
  const ci = new pkijs.ContentInfo({ schema: r.result });
  if (ci.contentType !== OID.signedData) throw new Error('content type is not SignedData');
  const sd = new pkijs.SignedData({ schema: ci.content });
  if (sd.signerInfos.length !== 1) throw new Error(`${sd.signerInfos.length} signers (exactly one expected)`);
  const certs: CertInfo[] = [];
  for (const c of sd.certificates ?? []) {
    if (!(c instanceof pkijs.Certificate)) continue;
    try {
      certs.push(certInfo(new Uint8Array(c.toSchema().toBER())));
    } catch {
      // as above
    }
  }
  const e = sd.encapContentInfo.eContent;
  const siDer = Buffer.from(sd.signerInfos[0]!.toSchema().toBER());
  return { signerInfo: readSignerInfo(siDer, readTlv(siDer, 0)), certs, derLength: r.offset, eContent: e ? Buffer.from(e.getValue()) : undefined, eContentType: sd.encapContentInfo.eContentType };
}

function readSignerInfo(buf: Buffer, si: Tlv): SignerInfoLite {
  const parts = children(buf, si);
  let i = 1; // skip version
  const sidT = parts[i++];
  if (!sidT) throw new Error('SignerInfo without sid');
  let sid: SignerInfoLite['sid'];
  if (sidT.tag === 0x30) {
    const [issuer, serial] = children(buf, sidT);
    if (!issuer || !serial || serial.tag !== 0x02) throw new Error('bad IssuerAndSerialNumber');
    sid = { kind: 'issuerSerial', issuer: buf.subarray(issuer.start, issuer.end), serial: buf.subarray(serial.valueStart, serial.end) };
  } else if (sidT.tag === 0x80) sid = { kind: 'ski', ski: buf.subarray(sidT.valueStart, sidT.end) };
  else throw new Error('unknown signer identifier');
  const digestT = parts[i++];
  if (!digestT || digestT.tag !== 0x30) throw new Error('digestAlgorithm missing');
  const digestOidT = children(buf, digestT)[0];
  if (!digestOidT || digestOidT.tag !== 0x06) throw new Error('digestAlgorithm missing');
  const out: Partial<SignerInfoLite> = { sid, digestOid: oidString(buf, digestOidT) };
  let t = parts[i];
  if (t && t.tag === 0xa0) {
    const der = Buffer.from(buf.subarray(t.start, t.end));
    der[0] = 0x31;
    out.signedAttrsDer = der;
    out.signedAttrs = readAttributes(buf, t);
    t = parts[++i];
  }
  if (!t || t.tag !== 0x30) throw new Error('signatureAlgorithm missing');
  const [algOid, algParams] = children(buf, t);
  if (!algOid || algOid.tag !== 0x06) throw new Error('signatureAlgorithm missing');
  out.sigAlg = { algorithmId: oidString(buf, algOid), algorithmParams: algParams && algParams.tag !== 0x05 ? buf.subarray(algParams.start, algParams.end) : undefined };
  t = parts[++i];
  if (!t || t.tag !== 0x04) throw new Error('signature value missing');
  out.signature = Buffer.from(buf.subarray(t.valueStart, t.end));
  t = parts[++i];
  if (t && t.tag === 0xa1) out.unsignedAttrs = readAttributes(buf, t);
  return out as SignerInfoLite;
}

/** Attribute ::= SEQUENCE { type OID, values SET OF value } → type → raw value TLVs. */
function readAttributes(buf: Buffer, set: Tlv): Map<string, Buffer[]> {
  const out = new Map<string, Buffer[]>();
  for (const a of children(buf, set)) {
    const [type, values] = children(buf, a);
    if (!type || type.tag !== 0x06 || !values || values.tag !== 0x31) throw new Error('bad attribute');
    const oid = oidString(buf, type);
    if (out.has(oid)) throw new Error(`attribute ${oid} appears twice`);
    out.set(oid, children(buf, values).map((v) => buf.subarray(v.start, v.end)));
  }
  return out;
}

function attrTime(v: Buffer | undefined): Date | undefined {
  return v ? derTime(v, readTlv(v, 0)) : undefined;
}

export interface SignerCheck {
  signer?: CertInfo;
  digestAlgorithm?: string;
  reasons: Reason[];
  /** true when the signature value verifies and the message digest matches. */
  cryptoOk: boolean;
  signingTimeAttr?: Date;
  timestampToken?: Buffer;
  archivedCrls: Buffer[];
  archivedOcsps: Buffer[];
  signatureValue: Buffer;
  hasSigningCertificateAttr: boolean;
}

/**
 * Checks the signer of `cms` over `content` (the signed byte ranges, or the eContent of a
 * time-stamp token). `expectedContentType` is id-data for PDF signatures, id-ct-TSTInfo for tokens.
 */
export function checkSigner(cms: ParsedCms, content: Uint8Array[], expectedContentType: string): SignerCheck {
  const si = cms.signerInfo;
  const out: SignerCheck = { reasons: [], cryptoOk: false, archivedCrls: [], archivedOcsps: [], signatureValue: si.signature, hasSigningCertificateAttr: false };
  out.signer = findSignerCert(si, cms.certs);
  const digestAlg = digestName(si.digestOid);
  out.digestAlgorithm = digestAlg;
  if (!digestAlg) {
    out.reasons.push(reason('UNSUPPORTED_ALGORITHM', `digest ${si.digestOid}`));
    return out;
  }
  if (WEAK_DIGESTS.has(digestAlg)) out.reasons.push(reason('WEAK_ALGORITHM', digestAlg));
  const scheme = signatureScheme(si.sigAlg, si.digestOid);
  if (!scheme) {
    out.reasons.push(reason('UNSUPPORTED_ALGORITHM', `signature ${si.sigAlg.algorithmId}`));
    return out;
  }
  if (WEAK_DIGESTS.has(scheme.hash) && !WEAK_DIGESTS.has(digestAlg)) out.reasons.push(reason('WEAK_ALGORITHM', scheme.hash));
  const contentDigest = hashParts(digestAlg, content);
  const signed = si.signedAttrs;
  let digestOk = false;
  let signedBytes: Uint8Array[];
  if (signed && si.signedAttrsDer) {
    const ct = signed.get(OID.contentType)?.[0];
    if (!ct || ct[0] !== 0x06 || oidString(ct, readTlv(ct, 0)) !== expectedContentType) out.reasons.push(reason('CONTENT_TYPE_MISMATCH'));
    const md = signed.get(OID.messageDigest)?.[0];
    if (!md || md[0] !== 0x04) out.reasons.push(reason('SIGNED_ATTRS_MISSING_DIGEST'));
    else if (!md.subarray(readTlv(md, 0).valueStart).equals(contentDigest)) out.reasons.push(reason('DIGEST_MISMATCH'));
    else digestOk = true;
    out.signingTimeAttr = attrTime(signed.get(OID.signingTime)?.[0]);
    const archive = signed.get(OID.adbeRevocation)?.[0];
    if (archive) readRevocationArchive(archive, out);
    signedBytes = [si.signedAttrsDer];
    out.hasSigningCertificateAttr = signed.has(OID.signingCertificateV2) || signed.has(OID.signingCertificate);
    if (out.signer) checkSigningCertificateAttr(signed, out.signer, out.reasons);
  } else {
    // No signed attributes: the signature is over the content itself.
    digestOk = true;
    signedBytes = content;
  }
  const tst = si.unsignedAttrs?.get(OID.timeStampToken)?.[0];
  if (tst) out.timestampToken = Buffer.from(tst);
  if (!out.signer) {
    out.reasons.push(reason('SIGNER_CERT_MISSING'));
    return out;
  }
  const sigOk = verifySignature(scheme, out.signer.x509.publicKey, signedBytes, out.signatureValue);
  if (!sigOk) out.reasons.push(reason('SIGNATURE_VALUE_INVALID'));
  out.cryptoOk = sigOk && digestOk;
  return out;
}

function findSignerCert(si: SignerInfoLite, certs: CertInfo[]): CertInfo | undefined {
  const sid = si.sid;
  if (sid.kind === 'ski') return certs.find((c) => c.ski?.equals(sid.ski));
  const serial = stripZeros(sid.serial);
  const bySerial = certs.filter((c) => stripZeros(c.serialRaw).equals(serial));
  const exact = bySerial.find((c) => c.issuerDer.equals(sid.issuer));
  if (exact) return exact;
  // Same name encoded differently: compare names as RFC 5280 does.
  const byName = bySerial.find((c) => namesMatch(c.issuerDer, sid.issuer));
  if (byName) return byName;
  // Some signers (node-forge) mis-encode non-ASCII issuer names. The identifier is only a hint:
  // a unique serial match is used, and the signature must still verify with that certificate.
  return bySerial.length === 1 ? bySerial[0] : undefined;
}

function stripZeros(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

function checkSigningCertificateAttr(signed: Map<string, Buffer[]>, signer: CertInfo, reasons: Reason[]): void {
  const v2 = signed.get(OID.signingCertificateV2)?.[0];
  const v1 = signed.get(OID.signingCertificate)?.[0];
  const firstId = (v: Buffer): Tlv[] => {
    const certsSeq = children(v, readTlv(v, 0))[0];
    const id = certsSeq ? children(v, certsSeq)[0] : undefined;
    return id ? children(v, id) : [];
  };
  try {
    if (v2) {
      const parts = firstId(v2);
      let alg = 'sha256';
      let hashT = parts[0];
      if (hashT && hashT.tag === 0x30) {
        const oidT = children(v2, hashT)[0];
        alg = oidT ? (digestName(oidString(v2, oidT)) ?? '') : '';
        hashT = parts[1];
      }
      const ok = alg !== '' && hashT?.tag === 0x04 && v2.subarray(hashT.valueStart, hashT.end).equals(crypto.createHash(alg).update(signer.der).digest());
      if (!ok) reasons.push(reason('SIGNING_CERT_ATTR_MISMATCH'));
    } else if (v1) {
      const hashT = firstId(v1)[0];
      const ok = hashT?.tag === 0x04 && v1.subarray(hashT.valueStart, hashT.end).equals(crypto.createHash('sha1').update(signer.der).digest());
      if (!ok) reasons.push(reason('SIGNING_CERT_ATTR_MISMATCH'));
    }
  } catch {
    reasons.push(reason('SIGNING_CERT_ATTR_MISMATCH', 'unreadable attribute'));
  }
}

/** adbe-revocationInfoArchival: SEQUENCE { [0] SEQUENCE OF CRL, [1] SEQUENCE OF OCSPResponse, … } */
function readRevocationArchive(v: Buffer, out: SignerCheck): void {
  try {
    const top = readTlv(v, 0);
    for (const tagged of children(v, top)) {
      const list = children(v, tagged)[0];
      if (!list || list.tag !== 0x30) continue;
      for (const item of children(v, list)) {
        const der = Buffer.from(v.subarray(item.start, item.end));
        if (tagged.tag === 0xa0) out.archivedCrls.push(der);
        else if (tagged.tag === 0xa1) out.archivedOcsps.push(der);
      }
    }
  } catch {
    // Unreadable archive: treated as absent (revocation may end up unknown).
  }
}
