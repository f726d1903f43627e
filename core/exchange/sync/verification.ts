// What we check on each received attachment. Hashes are checked by the edXML reader (a declared
// SHA-256 that disagrees makes the package unreadable → quarantine) and again here. PDF signatures
// are checked by the signing module's verifier (offline: the evidence inside the PDF); the result
// is shown to the clerk in intake and never blocks receiving (a package is evidence, the clerk
// decides). Callers can pass their own verifier (ExchangeModuleOptions.verifier).
import { verifyPdf } from '../../signing/verify/index';
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

/** Verifies against the profile's trust store (dataDir/trust) at the profile's clock. */
export function attachmentVerifierFor(profile: { dataDir: string; now: () => Date }): AttachmentVerifier {
  return (a) => verifyAttachment(a, { dataDir: profile.dataDir, now: profile.now() });
}

export const defaultAttachmentVerifier: AttachmentVerifier = (a) => verifyAttachment(a, {});

async function verifyAttachment(a: ExchangeAttachment, trust: { dataDir?: string; now?: Date }): Promise<Pick<AttachmentCheck, 'signature' | 'signatureDetail'>> {
  if (a.mimeType !== 'application/pdf') return { signature: 'not-pdf', signatureDetail: '' };
  try {
    const r = await verifyPdf(a.bytes, { ...trust, file: a.name });
    const unsigned = r.signatures.length === 0;
    return {
      signature: unsigned ? 'unsigned' : r.verdict,
      signatureDetail: unsigned ? 'no signature in the PDF' : r.signatures.map((s) => `${s.signer ?? '?'}: ${s.status}`).join('; '),
    };
  } catch (e) {
    return { signature: 'indeterminate', signatureDetail: `verification failed: ${(e as Error).message}` };
  }
}
