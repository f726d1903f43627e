// Public surface of the signing library (issue 5): PAdES signatures on PDFs with PKCS#12 files or
// PKCS#11 tokens, with Decree 30/2020 appearances. Verification lives in ./verify (separate owner).

import fs from 'node:fs';
import { AppError } from '../../shared/api/errors';
import { resolveAppearance, type Placement, type SignatureAppearance } from './appearance/index';
import { parsedCertificate } from './certCache';
import { describeSubject } from './certCheck';
import { openSigningKey, withExtraCertificates, type KeySpec, type SigningKey } from './keys/index';
import { loadForUpdate } from './pdf/revision';
import { findSignatureField } from './pdf/emptyField';
import type { RevocationOptions } from './revocation';
import { assertNotCertifiedNoChanges, signWithKey, type SignResult } from './sign';

export type { KeySpec, SigningKey } from './keys/index';
export type { SignatureAppearance, Placement, AuthorityPrefix } from './appearance/index';
export type { RevocationOptions } from './revocation';
export type { SignResult } from './sign';
export type { Rect } from './pdf/incremental';
export { openSigningKey, listTokens, DEFAULT_PKCS11_MODULE, type TokenDescription } from './keys/index';
export { AUTHORITY_PREFIXES, anchorPlacement, findAnchor, vietnamIsoTime } from './appearance/index';
export { prepareSignature, embedSignature, embedSignatureInTail, appendIncrementalUpdate, loadForUpdate, readLastXref, pdfDate } from './pdf/incremental';
export type { PreparedSignature, PrepareSignatureOptions, AppearanceBuilder, UpdateSession, LastXref, XrefKind } from './pdf/incremental';
export { computeByteRange, signedBytes, hashByteRange, byteRangeChunks, type ByteRange } from './pdf/byteRange';
export { appendDss, type DssContent } from './pdf/dss';
export { addDocumentTimestamp, type DocumentTimestampOptions } from './docTimestamp';

export interface SignPdfOptions {
  input: Uint8Array;
  /** How to reach the private key; or an already opened key (batch signing with one login). */
  key: KeySpec | SigningKey;
  appearance?: SignatureAppearance;
  placement?: Placement;
  /** RFC 3161 service: adds a signature timestamp (PAdES B-T). */
  tsaUrl?: string;
  /** After signing (and the DSS), add a document timestamp from tsaUrl: PAdES B-LTA. */
  archiveTimestamp?: boolean;
  /**
   * Check the signer's certificate and keep the evidence in a DSS (PAdES B-LT with a TSA).
   * Default: the OCSP responder named in the certificate, if any (unreachable = sign anyway);
   * `false` skips the check.
   */
  revocation?: RevocationOptions | false;
  signingTime?: Date;
  fieldName?: string;
  reason?: string;
  location?: string;
  /** CA certificates (PEM or DER) completing the chain when the key file or token lacks them. */
  extraCertificates?: Uint8Array[];
}

function isOpenedKey(key: KeySpec | SigningKey): key is SigningKey {
  return typeof (key as SigningKey).sign === 'function';
}

function organisationOf(certDer: Uint8Array): string | undefined {
  return /(?:^|\n)O=([^\n]+)/.exec(parsedCertificate(certDer).x509.subject)?.[1];
}

/** Sign and describe the result. The input array is never modified; errors leave no partial output. */
export async function signPdfDetailed(options: SignPdfOptions): Promise<SignResult> {
  if (!(options.input instanceof Uint8Array)) throw new AppError('VALIDATION', 'The document to sign must be bytes of a PDF file.');
  const input = options.input;
  const opened = isOpenedKey(options.key);
  const openedKey = opened ? (options.key as SigningKey) : openSigningKey(options.key as KeySpec);
  const key = withExtraCertificates(openedKey, options.extraCertificates ?? []);
  try {
    const signingTime = options.signingTime ?? new Date();
    let page: number | undefined;
    let rect;
    let builder;
    if (options.appearance || options.placement) {
      // Refuse unusable documents before spending time on the appearance.
      const { doc } = await loadForUpdate(input);
      assertNotCertifiedNoChanges(doc);
      let placement = options.placement;
      if (!placement && options.fieldName && options.appearance?.style !== 'stamp') {
        // A prepared, empty signature field gives the place.
        const field = findSignatureField(doc, options.fieldName);
        if (field && !field.signed && field.rect.width > 0 && field.rect.height > 0) placement = { page: field.page, rect: field.rect };
      }
      const resolved = await resolveAppearance(
        input,
        doc,
        options.appearance ?? {},
        placement,
        { signer: describeSubject(key.certificate), organisation: organisationOf(key.certificate) },
        signingTime,
      );
      ({ page, rect, builder } = resolved);
    }
    return await signWithKey({
      input,
      key,
      page,
      rect,
      appearance: builder,
      tsaUrl: options.tsaUrl,
      archiveTimestamp: options.archiveTimestamp,
      revocation: options.revocation,
      signingTime,
      fieldName: options.fieldName,
      reason: options.reason,
      location: options.location,
    });
  } finally {
    if (!opened) await openedKey.close();
  }
}

/**
 * Write a signed file given as parts (SignResult.parts) with one writev: a large input is not
 * copied into a joined buffer first.
 */
export function writeParts(file: string, parts: readonly Uint8Array[]): void {
  const fd = fs.openSync(file, 'w');
  try {
    writePartsToFd(fd, parts);
  } finally {
    fs.closeSync(fd);
  }
}

/** Write every byte of `parts` to an open file, in order, with as few writev calls as the OS allows. */
export function writePartsToFd(fd: number, parts: readonly Uint8Array[]): void {
  let pending = parts.filter((p) => p.length > 0).map((p) => (p instanceof Buffer ? p : Buffer.from(p.buffer, p.byteOffset, p.length)));
  while (pending.length > 0) {
    let written = fs.writevSync(fd, pending);
    // A short write leaves the rest of the parts for the next call.
    const rest: Buffer[] = [];
    for (const p of pending) {
      if (written >= p.length) written -= p.length;
      else {
        rest.push(p.subarray(written));
        written = 0;
      }
    }
    pending = rest;
  }
}

/** Sign a PDF; returns the signed file (the input plus one or two incremental updates). */
export async function signPdf(options: SignPdfOptions): Promise<Uint8Array> {
  return (await signPdfDetailed(options)).bytes;
}
