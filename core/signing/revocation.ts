// Revocation status of the signer's whole certificate chain before signing (OCSP and CRL), used
// twice: to refuse signing when the signer's or an issuing CA's certificate is revoked, and to keep
// the evidence in the DSS for PAdES B-LT. The status logic is the verifier's (same OCSP/CRL
// parsing, signature checks and name matching): configured CRLs first, then the OCSP responders
// (the agency's, then the certificate's AIA), then the CRL distribution points over plain HTTP.
// No answer means "unknown", never "good".

import { AppError } from '../../shared/api/errors';
import { certInfo, isIssuedBy, isSelfSigned, type CertInfo } from './verify/certs';
import { children, readTlv } from './verify/der';
import { namesMatch } from './verify/names';
import { MAX_REVOCATION_BYTES, httpRevocationFetcher, revocationStatus, type RevocationFetcher } from './verify/revocation';

export interface RevocationOptions {
  /** The agency's OCSP responder, asked about the signer's certificate before the one in its AIA. */
  ocspUrl?: string;
  /** CRLs (DER) to check against and to keep in the DSS. */
  crls?: Uint8Array[];
  /** Fail with SIG_REVOCATION_UNAVAILABLE when some status cannot be obtained (default: sign without LT data). */
  required?: boolean;
  /** Per request; default 5 s. */
  timeoutMs?: number;
  /** Largest answer read; default 20 MB. */
  maxBytes?: number;
  /** Ask OCSP responders and fetch CRLs over the network (default true). */
  online?: boolean;
  /** Certificates that may issue the top of the chain (the trust store), when the key lacks the root. */
  issuers?: Uint8Array[];
  /** Replaces the HTTP client (tests of the network rules use the real one). */
  fetcher?: RevocationFetcher;
}

export type RevocationStatus = 'good' | 'revoked' | 'unknown';

export interface CertificateRevocation {
  subject: string;
  /** `not-published`: a CA certificate that names no OCSP or CRL address (nobody can check it). */
  status: RevocationStatus | 'not-published';
  detail?: string;
}

export interface RevocationEvidence {
  /** The chain as a whole: revoked if any certificate is, good only if every checkable one is. */
  status: RevocationStatus;
  /** Per certificate, signer first. */
  certificates: CertificateRevocation[];
  /** DER OCSPResponse blobs that gave a status. */
  ocsps: Uint8Array[];
  /** DER CRLs that gave a status. */
  crls: Uint8Array[];
  /** Why some status could not be obtained, for messages. */
  problems: string[];
}

/** Whether the signer's certificate or its chain names an OCSP responder or a CRL address. */
export function namesRevocationSource(certificates: Uint8Array[]): boolean {
  return certificates.some((der) => {
    const c = certInfo(der);
    return c.ocspUrls.length > 0 || c.crlUrls.length > 0;
  });
}

/** Signer first, each next certificate the issuer of the previous, as far as the pool reaches. */
function orderedChain(signer: CertInfo, pool: CertInfo[]): CertInfo[] {
  const chain = [signer];
  let current = signer;
  while (chain.length < 12 && !isSelfSigned(current)) {
    const issuer = pool.find((c) => !chain.includes(c) && isIssuedBy(current, c));
    if (!issuer) break;
    chain.push(issuer);
    current = issuer;
  }
  return chain;
}

/** Status of the signer's certificate and of every CA certificate above it (the root excepted). */
export async function collectRevocation(certDer: Uint8Array, chainDer: Uint8Array[], options: RevocationOptions): Promise<RevocationEvidence> {
  const evidence: RevocationEvidence = { status: 'good', certificates: [], ocsps: [], crls: [], problems: [] };
  const signer = certInfo(certDer);
  const chain = orderedChain(signer, [...chainDer, ...(options.issuers ?? [])].map((d) => certInfo(d)));
  const fetcher = options.online === false ? undefined : (options.fetcher ?? httpRevocationFetcher(options.timeoutMs ?? 5000, options.maxBytes ?? MAX_REVOCATION_BYTES));
  const configured = (options.crls ?? []).map((c) => Buffer.from(c));
  const now = new Date();

  for (let i = 0; i < chain.length; i++) {
    const cert = chain[i]!;
    // The chain's anchor (a self-signed root) is trusted as such, not checked.
    if (i > 0 && isSelfSigned(cert)) break;
    const issuer = chain[i + 1];
    const record = (status: CertificateRevocation['status'], detail?: string) => {
      evidence.certificates.push({ subject: cert.commonName, status, detail });
      if (status === 'revoked') evidence.status = 'revoked';
      else if (status === 'unknown' && evidence.status === 'good') evidence.status = 'unknown';
      if (status === 'unknown' && detail) evidence.problems.push(detail);
    };
    if (cert.ocspNoCheck) {
      record('good', 'OCSP no-check');
      continue;
    }
    // A CA that publishes no revocation service cannot be checked by anyone (the verifier says
    // the same) unless a configured CRL covers it; the signer's own certificate is never excused.
    const published = cert.ocspUrls.length > 0 || cert.crlUrls.length > 0 || (i === 0 && Boolean(options.ocspUrl)) || configured.some((crl) => crlIssuerMatches(crl, cert));
    if (i > 0 && !published) {
      record('not-published');
      continue;
    }
    if (!issuer) {
      record('unknown', `the certificate that issued "${cert.commonName}" is not available (add the CA certificates)`);
      continue;
    }
    // The network (agency OCSP, then the certificate's OCSP and CRL addresses) and the configured
    // CRLs are both consulted: each answer found is kept as evidence, and revoked wins.
    const answers: Array<Awaited<ReturnType<typeof revocationStatus>>> = [];
    if (fetcher) {
      const fetched = { ocsps: [] as Buffer[], crls: [] as Buffer[] };
      const online = await revocationStatus({ cert, issuer, signingTime: now, now, embedded: { ocsps: [], crls: [] }, fetcher, fetched, ocspUrls: i === 0 && options.ocspUrl ? [options.ocspUrl] : [] });
      answers.push(online);
      // What answered is the last blob fetched of that kind (the lookup stops at the first answer).
      if (online.status !== 'unknown') {
        const answered = online.source === 'ocsp' ? fetched.ocsps.at(-1) : fetched.crls.at(-1);
        if (answered) (online.source === 'ocsp' ? evidence.ocsps : evidence.crls).push(new Uint8Array(answered));
      }
    }
    const covering = configured.filter((crl) => crlIssuerMatches(crl, cert));
    if (covering.length > 0) {
      const offline = await revocationStatus({ cert, issuer, signingTime: now, now, embedded: { ocsps: [], crls: covering } });
      answers.push(offline);
      if (offline.status !== 'unknown') evidence.crls.push(...covering.map((c) => new Uint8Array(c)));
    }
    const revoked = answers.find((a) => a.status === 'revoked');
    if (revoked && revoked.status === 'revoked') record('revoked', `revoked on ${revoked.revokedAt.toISOString()} (${revoked.source})`);
    else if (answers.some((a) => a.status === 'good')) record('good');
    else record('unknown', answers.map((a) => (a.status === 'unknown' ? a.detail : '')).filter(Boolean).join('; ') || `no OCSP or CRL source for "${cert.commonName}"`);
  }
  evidence.crls = unique(evidence.crls);
  evidence.ocsps = unique(evidence.ocsps);
  return evidence;
}

/** The CRL's issuer Name matches the certificate's issuer (RFC 5280 name comparison). */
function crlIssuerMatches(crl: Buffer, cert: CertInfo): boolean {
  try {
    const tbs = children(crl, readTlv(crl, 0))[0]!;
    const fields = children(crl, tbs);
    const at = fields[0]?.tag === 0x02 ? 2 : 1; // optional version, then the signature algorithm
    const issuer = fields[at]!;
    return namesMatch(crl.subarray(issuer.start, issuer.end), cert.issuerDer);
  } catch {
    return false;
  }
}

function unique(blobs: Uint8Array[]): Uint8Array[] {
  const seen = new Set<string>();
  return blobs.filter((b) => {
    const k = Buffer.from(b).toString('base64');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function assertNotRevoked(evidence: RevocationEvidence, who: string, required: boolean): void {
  const revoked = evidence.certificates.findIndex((c) => c.status === 'revoked');
  if (revoked === 0) {
    throw new AppError('SIG_CERT_REVOKED', `The certificate of ${who} has been revoked by its CA. It can no longer be used to sign.`);
  }
  if (revoked > 0) {
    const ca = evidence.certificates[revoked]!.subject;
    throw new AppError('SIG_CERT_REVOKED', `The certificate of the issuing CA "${ca}" in ${who}'s chain has been revoked, so ${who}'s certificate can no longer be used to sign. Ask the CA for a new certificate.`, {
      details: { revokedCertificate: ca },
    });
  }
  if (evidence.status === 'unknown' && required) {
    throw new AppError('SIG_REVOCATION_UNAVAILABLE', `The revocation status of ${who}'s certificate chain could not be obtained (${evidence.problems.join('; ') || 'no OCSP or CRL source'}). Check the network, then sign again.`);
  }
}
