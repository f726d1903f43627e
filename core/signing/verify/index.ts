// PDF signature verification (PAdES / PKCS#7 detached / document time-stamps), standalone:
// no database or UI. See verify.ts for the report contract.
export { verifyPdf, verifyPdfFile, parsePdfDate, resetVerifierCaches } from './verify';
export type { Verdict, VerifyReport, SignatureReport, VerifyOptions } from './verify';
export { REASONS, type Reason, type ReasonCode } from './reasons';
export { httpRevocationFetcher, type RevocationFetcher } from './revocation';
export { RawPdf } from './raw/document';
