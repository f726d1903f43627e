import crypto from 'node:crypto';
import fs from 'node:fs';
import { certInfo } from '../../core/signing/verify/certs';
import type { Identity } from './pki';
import { pemToDer, type CmsSigner } from './sign';

// A hand-assembled CMS SignedData (DER) for fixtures openssl cannot make: Adobe's
// adbe-revocationInfoArchival signed attribute carrying the OCSP responses and CRLs.

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), len(body.length), body]);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [a! * 40 + b!];
  for (const n of rest) {
    const chunk: number[] = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

const SHA256 = tlv(0x30, oid('2.16.840.1.101.3.4.2.1'), Buffer.from([0x05, 0x00]));
const SHA256_RSA = tlv(0x30, oid('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00]));

/** RSA/SHA-256 CMS signer whose signed attributes archive revocation data the Adobe way. */
export function archivalSigner(id: Identity, chainPem: string, revocation: { ocsps?: Buffer[]; crls?: Buffer[] }): CmsSigner {
  const certDer = pemToDer(id.certPem);
  const chain = pemToDer(fs.readFileSync(chainPem, 'utf8'));
  const info = certInfo(certDer);
  const key = crypto.createPrivateKey(fs.readFileSync(id.key));
  return (data) => {
    const archive = tlv(
      0x30,
      tlv(0xa0, tlv(0x30, ...(revocation.crls ?? []))),
      tlv(0xa1, tlv(0x30, ...(revocation.ocsps ?? []))),
    );
    const attrs = [
      tlv(0x30, oid('1.2.840.113549.1.9.3'), tlv(0x31, oid('1.2.840.113549.1.7.1'))),
      tlv(0x30, oid('1.2.840.113549.1.9.4'), tlv(0x31, tlv(0x04, crypto.createHash('sha256').update(data).digest()))),
      tlv(0x30, oid('1.2.840.113583.1.1.8'), tlv(0x31, archive)),
      tlv(0x30, oid('1.2.840.113549.1.9.16.2.47'), tlv(0x31, tlv(0x30, tlv(0x30, tlv(0x30, tlv(0x04, crypto.createHash('sha256').update(certDer).digest())))))),
    ];
    const signedAttrs = tlv(0xa0, ...attrs);
    const signature = crypto.sign('sha256', Buffer.concat([Buffer.from([0x31]), signedAttrs.subarray(1)]), key);
    const signerInfo = tlv(
      0x30,
      tlv(0x02, Buffer.from([1])),
      tlv(0x30, info.issuerDer, tlv(0x02, info.serialRaw)),
      SHA256,
      signedAttrs,
      SHA256_RSA,
      tlv(0x04, signature),
    );
    const signedData = tlv(
      0x30,
      tlv(0x02, Buffer.from([1])),
      tlv(0x31, SHA256),
      tlv(0x30, oid('1.2.840.113549.1.7.1')),
      tlv(0xa0, certDer, chain),
      tlv(0x31, signerInfo),
    );
    return tlv(0x30, oid('1.2.840.113549.1.7.2'), tlv(0xa0, signedData));
  };
}
