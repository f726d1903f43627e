// Revocation status of the signer's certificate (OCSP and/or CRL), used twice: to refuse signing
// with a revoked certificate, and to keep the evidence in the DSS for PAdES B-LT.

import * as pkijs from 'pkijs';
import { AppError } from '../../shared/api/errors';
import { parseCertificate, toArrayBuffer } from './cms/cades';

export interface RevocationOptions {
  /** OCSP responder URL; default: the one in the certificate's Authority Information Access. */
  ocspUrl?: string;
  /** CRLs (DER) to check against and to keep in the DSS. */
  crls?: Uint8Array[];
  /** Fail with SIG_REVOCATION_UNAVAILABLE when no status can be obtained (default: sign without LT data). */
  required?: boolean;
  timeoutMs?: number;
}

export type RevocationStatus = 'good' | 'revoked' | 'unknown';

export interface RevocationEvidence {
  status: RevocationStatus;
  /** DER OCSPResponse blobs that gave a status. */
  ocsps: Uint8Array[];
  /** DER CRLs that covered the certificate. */
  crls: Uint8Array[];
  /** Why no status could be obtained, for messages. */
  problems: string[];
}

const AIA_OID = '1.3.6.1.5.5.7.1.1';
const OCSP_ACCESS_METHOD = '1.3.6.1.5.5.7.48.1';

export function ocspUrlOf(cert: pkijs.Certificate): string | undefined {
  const aia = cert.extensions?.find((e) => e.extnID === AIA_OID)?.parsedValue as pkijs.InfoAccess | undefined;
  const desc = aia?.accessDescriptions.find((d) => d.accessMethod === OCSP_ACCESS_METHOD);
  return desc?.accessLocation.type === 6 ? String(desc.accessLocation.value) : undefined;
}

async function queryOcsp(url: string, cert: pkijs.Certificate, issuer: pkijs.Certificate, timeoutMs: number) {
  const request = new pkijs.OCSPRequest();
  await request.createForCertificate(cert, { hashAlgorithm: 'SHA-1', issuerCertificate: issuer });
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/ocsp-request' },
    body: Buffer.from(request.toSchema(true).toBER()),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const der = new Uint8Array(await response.arrayBuffer());
  const ocsp = pkijs.OCSPResponse.fromBER(toArrayBuffer(der));
  if (ocsp.responseStatus.valueBlock.valueDec !== 0 || !ocsp.responseBytes) {
    throw new Error(`responder status ${ocsp.responseStatus.valueBlock.valueDec}`);
  }
  const basic = pkijs.BasicOCSPResponse.fromBER(ocsp.responseBytes.response.valueBlock.valueHexView.slice().buffer);
  if (!(await basic.verify({ trustedCerts: [issuer] }))) throw new Error('the response signature does not verify');
  const serial = Buffer.from(cert.serialNumber.valueBlock.valueHexView);
  const single = basic.tbsResponseData.responses.find((r) => Buffer.from(r.certID.serialNumber.valueBlock.valueHexView).equals(serial));
  if (!single) throw new Error('the response does not cover this certificate');
  const tag = single.certStatus.idBlock.tagNumber as number;
  const status: RevocationStatus = tag === 0 ? 'good' : tag === 1 ? 'revoked' : 'unknown';
  return { status, der };
}

async function checkCrl(crlDer: Uint8Array, cert: pkijs.Certificate, issuer: pkijs.Certificate): Promise<RevocationStatus | undefined> {
  const crl = pkijs.CertificateRevocationList.fromBER(toArrayBuffer(crlDer));
  if (!crl.issuer.isEqual(cert.issuer)) return undefined;
  if (!(await crl.verify({ issuerCertificate: issuer }))) return undefined;
  if (crl.nextUpdate && crl.nextUpdate.value < new Date()) return undefined;
  const serial = Buffer.from(cert.serialNumber.valueBlock.valueHexView);
  const revoked = crl.revokedCertificates?.some((r) => Buffer.from(r.userCertificate.valueBlock.valueHexView).equals(serial));
  return revoked ? 'revoked' : 'good';
}

/** Status of `certDer` as issued by `issuerDer`, gathering OCSP responses and CRLs as evidence. */
export async function collectRevocation(certDer: Uint8Array, issuerDer: Uint8Array | undefined, options: RevocationOptions): Promise<RevocationEvidence> {
  const evidence: RevocationEvidence = { status: 'unknown', ocsps: [], crls: [], problems: [] };
  if (!issuerDer) {
    evidence.problems.push('the issuer certificate is not available');
    return evidence;
  }
  const cert = parseCertificate(certDer);
  const issuer = parseCertificate(issuerDer);
  const url = options.ocspUrl ?? ocspUrlOf(cert);
  if (url) {
    try {
      const { status, der } = await queryOcsp(url, cert, issuer, options.timeoutMs ?? 10_000);
      evidence.ocsps.push(der);
      evidence.status = status;
    } catch (e) {
      evidence.problems.push(`OCSP ${url}: ${(e as Error).message}`);
    }
  }
  for (const crl of options.crls ?? []) {
    try {
      const status = await checkCrl(crl, cert, issuer);
      if (!status) continue;
      evidence.crls.push(crl);
      if (status === 'revoked' || evidence.status === 'unknown') evidence.status = status;
    } catch (e) {
      evidence.problems.push(`CRL: ${(e as Error).message}`);
    }
  }
  return evidence;
}

export function assertNotRevoked(evidence: RevocationEvidence, who: string, required: boolean): void {
  if (evidence.status === 'revoked') {
    throw new AppError('SIG_CERT_REVOKED', `The certificate of ${who} has been revoked by its CA. It can no longer be used to sign.`);
  }
  if (evidence.status === 'unknown' && required) {
    throw new AppError('SIG_REVOCATION_UNAVAILABLE', `The revocation status of ${who}'s certificate could not be obtained (${evidence.problems.join('; ') || 'no OCSP or CRL source'}). Check the network, then sign again.`);
  }
}
