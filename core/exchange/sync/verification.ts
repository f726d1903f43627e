// What we check on each received attachment. Hashes are checked by the edXML reader (a declared
// SHA-256 that disagrees makes the package unreadable → quarantine) and again here. PDF signatures
// are checked by the signing module's verifier when it is present; the result is shown to the clerk
// in intake and never blocks receiving (a package is evidence, the clerk decides).
import type { ExchangeAttachment } from '../edxml';

export interface AttachmentCheck {
  contentId: string;
  name: string;
  mimeType: string;
  size: number;
  sha256: string;
  hashMatches: boolean;
  /** 'valid' | 'valid-with-later-changes' | 'invalid' | 'indeterminate' | 'unsigned' | 'not-checked' | 'not-pdf' */
  signature: string;
  signatureDetail: string;
}

export type AttachmentVerifier = (a: ExchangeAttachment) => Promise<Pick<AttachmentCheck, 'signature' | 'signatureDetail'>>;

type VerifyPdf = (bytes: Uint8Array, opts: { file?: string }) => Promise<{ verdict: string; signatures: { signer: string | null; status: string }[]; reasons: { code: string }[] }>;

let loaded: Promise<VerifyPdf | undefined> | undefined;

/** The signing module's verifier, loaded on first use; undefined when it is not built in. */
function pdfVerifier(): Promise<VerifyPdf | undefined> {
  // The specifier is a variable so this module builds without the verifier; the seam is here.
  const specifier = '../../signing/verify/index';
  loaded ??= import(/* @vite-ignore */ specifier).then(
    (m: { verifyPdf?: VerifyPdf }) => m.verifyPdf,
    () => undefined,
  );
  return loaded;
}

export const defaultAttachmentVerifier: AttachmentVerifier = async (a) => {
  if (a.mimeType !== 'application/pdf') return { signature: 'not-pdf', signatureDetail: '' };
  const verify = await pdfVerifier();
  if (!verify) return { signature: 'not-checked', signatureDetail: 'the PDF signature verifier is not available in this build' };
  try {
    const r = await verify(a.bytes, { file: a.name });
    const unsigned = r.signatures.length === 0;
    return {
      signature: unsigned ? 'unsigned' : r.verdict,
      signatureDetail: unsigned ? 'no signature in the PDF' : r.signatures.map((s) => `${s.signer ?? '?'}: ${s.status}`).join('; '),
    };
  } catch (e) {
    return { signature: 'indeterminate', signatureDetail: `verification failed: ${(e as Error).message}` };
  }
};
