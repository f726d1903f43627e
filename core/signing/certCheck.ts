// Checks on the signer's own certificate before anything is signed: validity period and key usage.

import * as asn1js from 'asn1js';
import { AppError } from '../../shared/api/errors';
import { parsedCertificate } from './certCache';

const KEY_USAGE_OID = '2.5.29.15';

export interface KeyUsageBits {
  digitalSignature: boolean;
  nonRepudiation: boolean;
}

/** keyUsage bits, or undefined when the certificate has no keyUsage extension (= any use). */
export function keyUsageOf(certDer: Uint8Array): KeyUsageBits | undefined {
  const cert = parsedCertificate(certDer).pkijs;
  const ext = cert.extensions?.find((e) => e.extnID === KEY_USAGE_OID);
  if (!ext) return undefined;
  const parsed = asn1js.fromBER(ext.extnValue.valueBlock.valueHexView.slice().buffer);
  if (!(parsed.result instanceof asn1js.BitString)) return undefined;
  const first = parsed.result.valueBlock.valueHexView[0] ?? 0;
  return { digitalSignature: (first & 0x80) !== 0, nonRepudiation: (first & 0x40) !== 0 };
}

export function describeSubject(certDer: Uint8Array): string {
  const x = parsedCertificate(certDer).x509;
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(x.subject);
  return cn?.[1] ?? x.subject.replace(/\n/g, ', ');
}

/** Refuse certificates that are not valid now or not meant for signatures. */
export function assertUsableSignerCertificate(certDer: Uint8Array, now = new Date()): void {
  const x = parsedCertificate(certDer).x509;
  const who = describeSubject(certDer);
  const from = new Date(x.validFrom);
  const to = new Date(x.validTo);
  if (now < from) {
    throw new AppError('SIG_CERT_NOT_YET_VALID', `The certificate of ${who} is valid only from ${from.toISOString()}. Use another certificate.`, {
      details: { validFrom: from.toISOString() },
    });
  }
  if (now > to) {
    throw new AppError('SIG_CERT_EXPIRED', `The certificate of ${who} expired on ${to.toISOString()}. Renew it with the CA, then sign.`, {
      details: { validTo: to.toISOString() },
    });
  }
  const usage = keyUsageOf(certDer);
  if (usage && !usage.digitalSignature && !usage.nonRepudiation) {
    throw new AppError('SIG_KEY_USAGE', `The certificate of ${who} is not meant for signing (no digitalSignature/nonRepudiation key usage). Use a signing certificate.`);
  }
}
