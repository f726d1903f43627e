// CMS SignedData for PAdES baseline signatures (ETSI.CAdES.detached):
// detached content, SHA-256, signed attributes content-type + message-digest +
// signing-certificate-v2, no signing-time (PAdES puts the claimed time in the dictionary's /M).

import { createHash, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { SigningKey } from '../keys/types';
import { parsedCertificate } from '../certCache';

pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto }));

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  timeStampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;

export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}

export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(toArrayBuffer(der));
}

/** ESS signing-certificate-v2 naming the signer's certificate by SHA-256 hash and issuer+serial. */
function signingCertificateV2(certDer: Uint8Array, cert: pkijs.Certificate): pkijs.Attribute {
  const issuerSerial = new asn1js.Sequence({
    value: [
      // GeneralNames with one directoryName ([4] EXPLICIT Name).
      new asn1js.Sequence({
        value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] })],
      }),
      cert.serialNumber,
    ],
  });
  // hashAlgorithm is omitted: SHA-256 is its DEFAULT, and DER forbids encoding defaults.
  const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: toArrayBuffer(sha256(certDer)) }), issuerSerial] });
  const value = new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
  return new pkijs.Attribute({ type: OID.signingCertificateV2, values: [value] });
}

/** Attributes in DER SET OF order (sorted by their encodings). */
function derSorted(attributes: pkijs.Attribute[]): pkijs.Attribute[] {
  const encoded = attributes.map((a) => ({ a, der: Buffer.from(a.toSchema().toBER()) }));
  encoded.sort((x, y) => Buffer.compare(x.der, y.der));
  return encoded.map((e) => e.a);
}

export interface SignedCms {
  signedData: pkijs.SignedData;
  /** The raw signature value (what an RFC 3161 timestamp is computed over). */
  signatureValue: Uint8Array;
}

export interface EncapsulatedContent {
  /** eContentType; default id-data. */
  type: string;
  /** Embedded content (e.g. a TSTInfo); omitted for detached signatures. */
  content?: Uint8Array;
}

/**
 * Build and sign the SignerInfo for `contentDigest` (SHA-256 of the PDF byte range, or of the
 * encapsulated content).
 */
export async function createCadesSignature(
  contentDigest: Uint8Array,
  key: SigningKey,
  encapsulated: EncapsulatedContent = { type: OID.data },
): Promise<SignedCms> {
  const cert = parsedCertificate(key.certificate).pkijs;
  const signedAttributes = derSorted([
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: encapsulated.type })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: toArrayBuffer(contentDigest) })] }),
    signingCertificateV2(key.certificate, cert),
  ]);
  // What is signed is the DER of the attributes as a SET (tag 0x31), not the [0] IMPLICIT form.
  const toBeSigned = new Uint8Array(new asn1js.Set({ value: signedAttributes.map((a) => a.toSchema()) }).toBER());
  const signatureValue = await key.sign(toBeSigned);

  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: signedAttributes }),
    signatureAlgorithm:
      key.algorithm === 'rsa'
        ? new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaEncryption, algorithmParams: new asn1js.Null() })
        : new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 }),
    signature: new asn1js.OctetString({ valueHex: toArrayBuffer(signatureValue) }),
  });
  const signedData = new pkijs.SignedData({
    version: encapsulated.type === OID.data ? 1 : 3,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: encapsulated.type,
      ...(encapsulated.content ? { eContent: new asn1js.OctetString({ valueHex: toArrayBuffer(encapsulated.content) }) } : {}),
    }),
    certificates: [key.certificate, ...key.chain].map((der) => parsedCertificate(der).forCms),
    signerInfos: [signerInfo],
  });
  return { signedData, signatureValue };
}

/** Add an RFC 3161 timestamp token (a DER ContentInfo) as the signature-time-stamp unsigned attribute. */
export function addSignatureTimestamp(cms: SignedCms, timeStampTokenDer: Uint8Array): void {
  const token = asn1js.fromBER(toArrayBuffer(timeStampTokenDer));
  if (token.offset === -1) throw new Error('The timestamp token is not valid DER.');
  const signerInfo = cms.signedData.signerInfos[0]!;
  const attribute = new pkijs.Attribute({ type: OID.timeStampToken, values: [token.result] });
  const existing = signerInfo.unsignedAttrs?.attributes ?? [];
  signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 1, attributes: [...existing, attribute] });
}

/** The DER ContentInfo to put into /Contents. */
export function encodeCms(cms: SignedCms): Uint8Array {
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: cms.signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER());
}
