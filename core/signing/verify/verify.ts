import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/api/errors';
import { loadTrustAnchors } from '../trust/index';
import { buildChain, certInfo, derFromPemOrDer, resetCertificateCaches, type CertInfo } from './certs';
import { checkSigner, parseCms } from './cms';
import { OID } from './crypto';
import { readDss } from './dss';
import { checkByteRange, trailingPaddingOk } from './integrity';
import { judgeChangesAfter, type Certification, type Lock } from './permissions';
import { RawPdf } from './raw/document';
import { PdfString, nameOf } from './raw/objects';
import { effectOf, reason, type Reason } from './reasons';
import { httpRevocationFetcher, resetRevocationCaches, revocationStatus, type RevocationFetcher } from './revocation';
import { findSignatures, type FoundSignature } from './signatures';
import { checkTimestampToken } from './timestamp';
import type { Change } from './changes';

export type Verdict = 'valid' | 'valid-with-later-changes' | 'invalid' | 'indeterminate';

export interface SignatureReport {
  field: string;
  kind: FoundSignature['kind'];
  signer: string | null;
  signerSubject: string | null;
  /** ISO time of signing. */
  time: string | null;
  timeSource: 'timestamp' | 'claimed';
  status: Verdict;
  reasons: Reason[];
  subFilter: string | null;
  byteRange: number[] | null;
  /** 1-based revision the signature covers, and how many revisions the file has. */
  revision: number | null;
  revisions: number;
  coversWholeDocument: boolean;
  certificationLevel: number | null;
  chain: string[];
  revocation: 'good' | 'revoked' | 'unknown' | 'not-checked';
  changesAfter: Array<Change & { revision: number }>;
}

export interface VerifyReport {
  file: string;
  verdict: Verdict;
  signatures: SignatureReport[];
  /** Document-level reasons (e.g. no signatures, unreadable file). */
  reasons: Reason[];
}

export interface VerifyOptions {
  /** Trust anchors: PEM text (one or more certificates) or DER bytes. */
  trustAnchors?: Array<string | Uint8Array>;
  /** Also trust the anchors of this profile's trust store. */
  dataDir?: string;
  /** Fetch OCSP/CRL over the network when the PDF has none (true = HTTP, or a custom fetcher). */
  online?: boolean | RevocationFetcher;
  /** Validation time (default: now). */
  now?: Date;
  /** Name shown in the report. */
  file?: string;
}

const anchorCache = new Map<string, CertInfo[]>();

/** Drops every memo (certificates, chains, revocation data, anchors): for cold benchmarks. */
export function resetVerifierCaches(): void {
  anchorCache.clear();
  resetCertificateCaches();
  resetRevocationCaches();
}

function anchorsFrom(opts: VerifyOptions): CertInfo[] {
  const inputs: Array<string | Uint8Array> = [...(opts.trustAnchors ?? [])];
  if (opts.dataDir) inputs.push(...loadTrustAnchors(opts.dataDir));
  const out: CertInfo[] = [];
  for (const input of inputs) {
    const key = typeof input === 'string' ? input : Buffer.from(input).toString('base64');
    let certs = anchorCache.get(key);
    if (!certs) {
      try {
        certs = derFromPemOrDer(input).map((d) => certInfo(d));
      } catch {
        throw new AppError('VALIDATION', 'A trust anchor is not an X.509 certificate (PEM or DER). Check the --trust file or the trust store.');
      }
      if (anchorCache.size > 200) anchorCache.clear();
      anchorCache.set(key, certs);
    }
    out.push(...certs);
  }
  return out;
}

/** PDF date (D:YYYYMMDDHHmmSS+HH'mm') to Date. */
export function parsePdfDate(s: string): Date | undefined {
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?'?/.exec(s.trim());
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', se = '00', tz, th = '00', tm = '00'] = m;
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se));
  if (tz === '+' || tz === '-') t -= (tz === '+' ? 1 : -1) * (Number(th) * 60 + Number(tm)) * 60_000;
  return Number.isNaN(t) ? undefined : new Date(t);
}

function statusOf(reasons: Reason[]): Verdict {
  const effects = new Set(reasons.map((r) => effectOf(r.code)));
  if (effects.has('invalid')) return 'invalid';
  if (effects.has('indeterminate')) return 'indeterminate';
  if (effects.has('changed')) return 'valid-with-later-changes';
  return 'valid';
}

export async function verifyPdfFile(file: string, opts: VerifyOptions = {}): Promise<VerifyReport> {
  return verifyPdf(fs.readFileSync(file), { ...opts, file: opts.file ?? path.basename(file) });
}

export async function verifyPdf(bytes: Uint8Array, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const anchors = anchorsFrom(opts);
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const file = opts.file ?? '(document)';
  const now = opts.now ?? new Date();
  const fetcher = opts.online === true ? httpRevocationFetcher() : opts.online || undefined;
  const raw = new RawPdf(buf);
  if (raw.revisions.length === 0 || buf.indexOf('%PDF-') < 0 || buf.indexOf('%PDF-') > 1024) {
    return { file, verdict: 'invalid', signatures: [], reasons: [reason('NOT_A_PDF')] };
  }
  const found = findSignatures(raw);
  if (found.length === 0) return { file, verdict: 'indeterminate', signatures: [], reasons: [reason('NO_SIGNATURES')] };
  const dss = readDss(raw);

  // Certifications need the revision they cover, known only after the ByteRange check.
  const ranges = found.map((s) => checkByteRange(raw, s));
  const certifications: Certification[] = found.flatMap((s, i) =>
    s.kind === 'certification' && ranges[i]!.revision ? [{ revision: ranges[i]!.revision!.index, p: s.mdpP ?? 2 }] : [],
  );
  const fieldLocks: Lock[] = found.flatMap((s, i) => (s.lock && ranges[i]!.revision ? [{ ...s.lock, revision: ranges[i]!.revision!.index }] : []));
  const reports: SignatureReport[] = [];
  for (let i = 0; i < found.length; i++) {
    try {
      reports.push(await verifyOne(raw, found[i]!, ranges[i]!, { anchors, dss, now, fetcher, certifications, fieldLocks }));
    } catch (e) {
      // A structure the checks did not foresee: never valid, and the other signatures still count.
      reports.push(failedReport(raw, found[i]!, e as Error));
    }
  }

  let verdict: Verdict;
  const statuses = new Set(reports.map((r) => r.status));
  if (statuses.has('invalid')) verdict = 'invalid';
  else if (statuses.has('indeterminate')) verdict = 'indeterminate';
  else {
    // Changes another signer later signed over were seen by that signer; only what follows the
    // last approval or certification signature is unsigned.
    const signers = reports.filter((r) => r.kind !== 'document-timestamp');
    const last = (signers.length ? signers : reports).reduce((a, b) => ((b.revision ?? 0) > (a.revision ?? 0) ? b : a));
    verdict = last.status === 'valid-with-later-changes' ? 'valid-with-later-changes' : 'valid';
  }
  return { file, verdict, signatures: reports, reasons: [] };
}

interface Context {
  anchors: CertInfo[];
  dss: ReturnType<typeof readDss>;
  now: Date;
  fetcher?: RevocationFetcher;
  certifications: Certification[];
  fieldLocks: Lock[];
}

function failedReport(raw: RawPdf, s: FoundSignature, e: Error): SignatureReport {
  return {
    field: s.fieldName, kind: s.kind, signer: null, signerSubject: null, time: null, timeSource: 'claimed', status: 'indeterminate',
    reasons: [reason('VERIFY_FAILED', e.message)], subFilter: nameOf(s.sig.get('SubFilter')) ?? null, byteRange: null, revision: null,
    revisions: raw.revisions.length, coversWholeDocument: false, certificationLevel: null, chain: [], revocation: 'not-checked', changesAfter: [],
  };
}

async function verifyOne(raw: RawPdf, s: FoundSignature, br: ReturnType<typeof checkByteRange>, ctx: Context): Promise<SignatureReport> {
  const reasons: Reason[] = [...br.reasons];
  const subFilter = nameOf(s.sig.get('SubFilter')) ?? null;
  const report: SignatureReport = {
    field: s.fieldName,
    kind: s.kind,
    signer: null,
    signerSubject: null,
    time: null,
    timeSource: 'claimed',
    status: 'indeterminate',
    reasons,
    subFilter,
    byteRange: br.range ?? null,
    revision: br.revision ? br.revision.index + 1 : null,
    revisions: raw.revisions.length,
    coversWholeDocument: br.revision !== undefined && br.revision.index === raw.revisions.length - 1 && !raw.trailingGarbage,
    certificationLevel: s.kind === 'certification' ? (s.mdpP ?? 2) : null,
    chain: [],
    revocation: 'not-checked',
    changesAfter: [],
  };
  const rangesOk = br.parts.length === 2 && br.reasons.every((r) => effectOf(r.code) !== 'invalid' || r.code === 'BYTE_RANGE_GAP_NOT_CONTENTS' || r.code === 'SIGNATURE_DICT_UNSIGNED' || r.code === 'BYTE_RANGE_NOT_REVISION_END');

  const m = s.sig.get('M');
  const claimed = m instanceof PdfString ? parsePdfDate(m.text()) : undefined;
  let signingTime = claimed;
  let signer: CertInfo | undefined;
  let pool: CertInfo[] = [...ctx.dss.certs];
  let archived = { crls: [] as Buffer[], ocsps: [] as Buffer[] };
  let cryptoOk = false;

  if (br.contents) {
    const isDocTs = s.kind === 'document-timestamp';
    if (!isDocTs && subFilter !== 'ETSI.CAdES.detached' && subFilter !== 'adbe.pkcs7.detached') {
      reasons.push(reason('UNSUPPORTED_SUBFILTER', subFilter ?? '(none)'));
    } else {
      let cms;
      try {
        cms = parseCms(br.contents);
      } catch (e) {
        reasons.push(reason('CMS_MALFORMED', (e as Error).message));
      }
      if (cms) {
        if (!trailingPaddingOk(br.contents, cms.derLength)) reasons.push(reason('CONTENTS_TRAILING_DATA'));
        pool = [...cms.certs, ...pool];
        if (isDocTs) {
          const ts = checkTimestampToken(br.contents.subarray(0, cms.derLength), rangesOk ? br.parts : [], ctx.anchors, pool);
          signer = ts.tsa;
          if (!rangesOk) reasons.push(...ts.reasons.filter((r) => r.code !== 'TIMESTAMP_INVALID'));
          else reasons.push(...ts.reasons.map((r) => (r.code === 'TIMESTAMP_INVALID' && /imprint/.test(r.detail ?? '') ? reason('DIGEST_MISMATCH', r.detail) : r)));
          if (ts.ok && ts.time) {
            signingTime = ts.time;
            report.timeSource = 'timestamp';
          }
          cryptoOk = ts.ok && rangesOk;
        } else {
          const check = checkSigner(cms, rangesOk ? br.parts : [Buffer.alloc(0)], OID.data);
          signer = check.signer;
          if (rangesOk) reasons.push(...check.reasons);
          else reasons.push(...check.reasons.filter((r) => r.code !== 'DIGEST_MISMATCH'));
          cryptoOk = check.cryptoOk && rangesOk;
          archived = { crls: check.archivedCrls, ocsps: check.archivedOcsps };
          if (subFilter === 'ETSI.CAdES.detached' && signer && !check.hasSigningCertificateAttr) {
            reasons.push(reason('SIGNING_CERT_ATTR_ABSENT'));
          }
          if (!signingTime && check.signingTimeAttr) signingTime = check.signingTimeAttr;
          if (check.timestampToken) {
            const ts = checkTimestampToken(check.timestampToken, [check.signatureValue], ctx.anchors, pool);
            pool = [...pool, ...ts.certs];
            const tsaRevoked = ts.ok && ts.trusted && ts.time
              ? await revokedTsa(ts.chain, ts.time, { crls: [...check.archivedCrls, ...ctx.dss.crls], ocsps: [...check.archivedOcsps, ...ctx.dss.ocsps] }, ctx)
              : undefined;
            if (tsaRevoked) reasons.push(reason('TIMESTAMP_INVALID', tsaRevoked));
            else if (ts.ok && ts.trusted && ts.time) {
              signingTime = ts.time;
              report.timeSource = 'timestamp';
              reasons.push(reason('TIMESTAMP_VALID', `${ts.tsa?.commonName ?? ''} ${ts.time.toISOString()}`.trim()));
            } else reasons.push(...ts.reasons);
          }
        }
      }
    }
  }
  if (report.timeSource === 'claimed') reasons.push(reason('TIME_CLAIMED'));
  const t = signingTime ?? ctx.now;
  report.time = signingTime ? signingTime.toISOString() : null;
  if (signer) {
    report.signer = signer.commonName;
    report.signerSubject = signer.subject;
    if (cryptoOk) await checkCertificates(signer, pool, t, report, archived, ctx);
  }
  const changes = br.revision ? judgeChangesAfter(raw, br.revision.index, ctx.certifications, ctx.fieldLocks) : undefined;
  if (changes) {
    reasons.push(...changes.reasons);
    report.changesAfter = changes.changes;
  }
  report.status = statusOf(reasons);
  return report;
}

/**
 * A TSA certificate revoked before the time it stamped voids the time-stamp. Missing revocation
 * data for the TSA does not (the token is usually checked long after; PAdES-LTA covers it).
 */
async function revokedTsa(chain: CertInfo[], genTime: Date, embedded: { crls: Buffer[]; ocsps: Buffer[] }, ctx: Context): Promise<string | undefined> {
  for (let i = 0; i + 1 < chain.length; i++) {
    const cert = chain[i]!;
    if (cert.ocspNoCheck) continue;
    const st = await revocationStatus({ cert, issuer: chain[i + 1]!, signingTime: genTime, now: ctx.now, embedded, fetcher: ctx.fetcher });
    if (st.status === 'revoked' && st.revokedAt <= genTime) return `TSA certificate "${cert.commonName}" revoked on ${st.revokedAt.toISOString()}`;
  }
  return undefined;
}

async function checkCertificates(
  signer: CertInfo,
  pool: CertInfo[],
  t: Date,
  report: SignatureReport,
  archived: { crls: Buffer[]; ocsps: Buffer[] },
  ctx: Context,
): Promise<void> {
  const reasons = report.reasons;
  const { chain, trusted } = buildChain(signer, pool, ctx.anchors);
  report.chain = chain.map((c) => c.subject);
  if (!trusted) reasons.push(reason('CHAIN_NOT_TRUSTED', `${signer.commonName} → ${chain[chain.length - 1]!.commonName}`));
  for (const c of chain) {
    if (t < c.notBefore) reasons.push(reason('CERT_NOT_YET_VALID', `${c.commonName} from ${c.notBefore.toISOString()}`));
    else if (t > c.notAfter) reasons.push(reason('CERT_EXPIRED', `${c.commonName} until ${c.notAfter.toISOString()}`));
    else if (ctx.now > c.notAfter) reasons.push(reason('CERT_EXPIRED_NOW', `${c.commonName} until ${c.notAfter.toISOString()}`));
  }
  if (signer.keyUsage && !signer.keyUsage.has('digitalSignature') && !signer.keyUsage.has('nonRepudiation')) {
    reasons.push(reason('KEY_USAGE_NOT_SIGNING', [...signer.keyUsage].join(', ')));
  }
  for (let i = 1; i < chain.length; i++) {
    const ca = chain[i]!;
    const isAnchor = trusted && i === chain.length - 1;
    const keyOk = !ca.keyUsage || ca.keyUsage.has('keyCertSign');
    const pathOk = ca.pathLen === undefined || i - 1 <= ca.pathLen;
    if ((!ca.isCA && !isAnchor) || !keyOk || !pathOk) reasons.push(reason('CA_CONSTRAINTS_VIOLATED', ca.commonName));
  }
  if (!trusted) return;
  const embedded = { crls: [...archived.crls, ...ctx.dss.crls], ocsps: [...archived.ocsps, ...ctx.dss.ocsps] };
  let worst: SignatureReport['revocation'] = 'good';
  for (let i = 0; i + 1 < chain.length; i++) {
    const cert = chain[i]!;
    if (cert.ocspNoCheck) continue;
    const st = await revocationStatus({ cert, issuer: chain[i + 1]!, signingTime: t, now: ctx.now, embedded, fetcher: ctx.fetcher });
    if (st.status === 'revoked') {
      if (report.timeSource === 'timestamp' && st.revokedAt > t) {
        reasons.push(reason('REVOKED_AFTER_SIGNING', `${cert.commonName} on ${st.revokedAt.toISOString()}`));
      } else {
        reasons.push(reason('CERT_REVOKED', `${cert.commonName} on ${st.revokedAt.toISOString()} (${st.source}, ${st.origin})`));
        worst = 'revoked';
      }
    } else if (st.status === 'unknown') {
      if (report.kind === 'document-timestamp') continue;
      // A CA that publishes no revocation service cannot be checked by anyone; the signer's own
      // certificate (i = 0) is never excused.
      if (i > 0 && cert.ocspUrls.length === 0 && cert.crlUrls.length === 0) {
        reasons.push(reason('CA_REVOCATION_NOT_PUBLISHED', cert.commonName));
        continue;
      }
      reasons.push(reason('REVOCATION_UNKNOWN', st.detail));
      if (worst !== 'revoked') worst = 'unknown';
    }
  }
  report.revocation = worst;
  if (worst === 'good') reasons.push(reason('REVOCATION_CHECKED'));
}
