// The signing pipeline: checks → incremental update with placeholders → CMS (B-B) → timestamp
// (B-T) → embed → DSS (B-LT). The caller's input bytes are only read, never modified.

import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFName, PDFNumber, type PDFDocument } from 'pdf-lib';
import { AppError } from '../../shared/api/errors';
import { assertUsableSignerCertificate, describeSubject } from './certCheck';
import { addSignatureTimestamp, createCadesSignature, encodeCms } from './cms/cades';
import { requestTimestamp, timestampCertificates } from './cms/timestamp';
import { addDocumentTimestamp } from './docTimestamp';
import type { SigningKey } from './keys/types';
import { hashByteRange } from './pdf/byteRange';
import { appendDss } from './pdf/dss';
import { embedSignatureInTail, prepareSignature, type AppearanceBuilder, type Rect } from './pdf/incremental';
import { assertNotRevoked, collectRevocation, namesRevocationSource, type RevocationEvidence, type RevocationOptions } from './revocation';

export interface SignWithKeyOptions {
  input: Uint8Array;
  key: SigningKey;
  /** 1-based page and rectangle of a visible signature; omitted = invisible. */
  page?: number;
  rect?: Rect;
  appearance?: AppearanceBuilder;
  tsaUrl?: string;
  /** Add a document timestamp from `tsaUrl` after everything else (PAdES B-LTA). */
  archiveTimestamp?: boolean;
  /**
   * Revocation check of the signer's certificate. Default: ask the OCSP responder named in the
   * certificate (if any), refusing a revoked certificate and tolerating an unreachable responder.
   * `false` skips the check.
   */
  revocation?: RevocationOptions | false;
  signingTime?: Date;
  fieldName?: string;
  reason?: string;
  location?: string;
  /** Bytes reserved for the CMS; default grows with the chain and the timestamp. */
  contentsBytes?: number;
}

export interface SignResult {
  /** The signed file as one array (joined from `parts` on first use). */
  readonly bytes: Uint8Array;
  /**
   * The signed file as consecutive pieces: the caller's input unchanged, then what was appended.
   * Writing these (one writev) avoids copying a large input.
   */
  parts: Uint8Array[];
  fieldName: string;
  /** PAdES baseline level reached. */
  level: 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';
  /** Whether a document timestamp was added after the signature. */
  documentTimestamp: boolean;
  signer: string;
  signingTime: string;
}

/** Refuse documents whose certification signature forbids any change (DocMDP P=1). */
export function assertNotCertifiedNoChanges(doc: PDFDocument): void {
  const perms = doc.catalog.lookup(PDFName.of('Perms'));
  const docMdp = perms instanceof PDFDict ? perms.lookup(PDFName.of('DocMDP')) : undefined;
  if (!(docMdp instanceof PDFDict)) return;
  const references = docMdp.lookup(PDFName.of('Reference'));
  if (!(references instanceof PDFArray)) return;
  for (let i = 0; i < references.size(); i++) {
    const reference = references.lookup(i);
    if (!(reference instanceof PDFDict) || reference.lookup(PDFName.of('TransformMethod')) !== PDFName.of('DocMDP')) continue;
    const params = reference.lookup(PDFName.of('TransformParams'));
    const p = params instanceof PDFDict ? params.lookup(PDFName.of('P')) : undefined;
    // P defaults to 2 when absent.
    if (p instanceof PDFNumber && p.asNumber() === 1) {
      throw new AppError('SIG_CERTIFIED_NO_CHANGES', 'The document is certified with "no changes allowed"; another signature would invalidate it. Ask the author for an uncertified copy.');
    }
  }
}

export async function signWithKey(options: SignWithKeyOptions): Promise<SignResult> {
  const { key } = options;
  if (options.archiveTimestamp && !options.tsaUrl) {
    throw new AppError('VALIDATION', 'A document timestamp (B-LTA) needs a time-stamping service: give tsaUrl.');
  }
  const now = new Date();
  const signingTime = options.signingTime ?? now;
  const who = describeSubject(key.certificate);
  assertUsableSignerCertificate(key.certificate, now);

  let evidence: RevocationEvidence | undefined;
  const revocation =
    options.revocation === false ? undefined : (options.revocation ?? (namesRevocationSource([key.certificate, ...key.chain]) ? { timeoutMs: 5000 } : undefined));
  if (revocation) {
    evidence = await collectRevocation(key.certificate, key.chain, revocation);
    assertNotRevoked(evidence, who, revocation.required ?? false);
  }

  // No copy of the input is needed: every step reads it, and the new revision is written into a
  // fresh buffer, so the caller's bytes stay untouched whatever happens.
  const input = options.input;
  const chainBytes = [key.certificate, ...key.chain].reduce((n, c) => n + c.length, 0);
  const contentsBytes = options.contentsBytes ?? 8192 + chainBytes + (options.tsaUrl ? 8192 : 0);
  const prepared = await prepareSignature(input, {
    fieldName: options.fieldName,
    page: options.page,
    rect: options.rect,
    appearance: options.appearance,
    signingTime,
    signerName: who,
    reason: options.reason,
    location: options.location,
    contentsBytes,
    inspect: assertNotCertifiedNoChanges,
  });

  const hash = createHash('sha256');
  hashByteRange([prepared.base, prepared.tail], prepared.byteRange, (chunk) => hash.update(chunk));
  const cms = await createCadesSignature(new Uint8Array(hash.digest()), key);
  let level: SignResult['level'] = 'B-B';
  let tsaCerts: Uint8Array[] = [];
  if (options.tsaUrl) {
    const token = await requestTimestamp(options.tsaUrl, cms.signatureValue);
    addSignatureTimestamp(cms, token);
    tsaCerts = timestampCertificates(token);
    level = 'B-T';
  }
  const cmsDer = encodeCms(cms);
  embedSignatureInTail(prepared, cmsDer);
  const described = { fieldName: prepared.fieldName, documentTimestamp: Boolean(options.archiveTimestamp), signer: who, signingTime: signingTime.toISOString() };
  const hasEvidence = evidence && (evidence.ocsps.length > 0 || evidence.crls.length > 0);
  if (!hasEvidence && !options.archiveTimestamp) {
    return withJoinedBytes({ ...described, level, parts: [prepared.base, prepared.tail] });
  }

  let bytes = prepared.bytes;
  if (evidence && hasEvidence) {
    const start = prepared.contentsOffset - prepared.base.length;
    const contents = Buffer.from(Buffer.from(prepared.tail.subarray(start + 1, start + prepared.contentsLength - 1)).toString('latin1'), 'hex');
    bytes = await appendDss(bytes, {
      certs: uniqueBlobs([key.certificate, ...key.chain, ...tsaCerts]),
      ocsps: evidence.ocsps,
      crls: evidence.crls,
      signatureContents: contents,
    });
    // Long-term validation needs data for the whole chain, not only for part of it.
    if (level === 'B-T' && evidence.status === 'good') level = 'B-LT';
  }
  if (options.archiveTimestamp && options.tsaUrl) {
    bytes = (await addDocumentTimestamp(bytes, options.tsaUrl)).bytes;
    if (level === 'B-LT') level = 'B-LTA';
  }
  return { ...described, level, bytes, parts: [bytes] };
}

function withJoinedBytes(result: Omit<SignResult, 'bytes'>): SignResult {
  let joined: Uint8Array | undefined;
  return Object.defineProperty(result, 'bytes', {
    enumerable: true,
    get() {
      joined ??= result.parts.length === 1 ? result.parts[0]! : Buffer.concat(result.parts);
      return joined;
    },
  }) as SignResult;
}

function uniqueBlobs(blobs: Uint8Array[]): Uint8Array[] {
  const seen = new Set<string>();
  return blobs.filter((b) => {
    const k = Buffer.from(b).toString('base64');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
