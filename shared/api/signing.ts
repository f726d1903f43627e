import { z } from 'zod';
import { method } from './define';
import { attachmentView, documentView } from './documents';
import { id, isoTime, nonEmpty } from './schemas';

// Digital signing inside the app (issue 5): the leader's signature on an approved outgoing draft,
// the clerk's agency seal, verification of PDFs that arrive, and the profile's trust store.
// A PKCS#12 file travels with one sign call and is never stored; a token PIN or key passphrase is
// never stored, logged or echoed back.

export const AUTHORITY_PREFIX_VALUES = ['KT.', 'TM.', 'TL.', 'TUQ.', 'Q.'] as const;
export const VERDICTS = ['valid', 'valid-with-later-changes', 'invalid', 'indeterminate'] as const;
export type VerdictValue = (typeof VERDICTS)[number];

const secret = z.string().min(1).max(256);
const base64 = z.string().min(1);

export const signingKeyChoice = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('p12'), p12Base64: base64, passphrase: z.string().max(256) }),
  z.object({ kind: z.literal('pkcs11'), tokenLabel: nonEmpty.max(64), pin: secret }),
]);
export type SigningKeyChoice = z.infer<typeof signingKeyChoice>;

const rect = z.object({ x: z.number().min(0), y: z.number().min(0), width: z.number().positive(), height: z.number().positive() });
export const signaturePlacement = z.union([
  z.object({ page: z.number().int().positive(), rect }),
  z.object({ anchor: nonEmpty.max(200), page: z.number().int().positive().optional() }),
]);

export const signingPurposes = ['leader', 'seal', 'copy'] as const;
export type SigningPurpose = (typeof signingPurposes)[number];

const reasonView = z.object({ code: z.string(), vi: z.string(), en: z.string(), detail: z.string().optional() });
export const signatureView = z.object({
  field: z.string(),
  signer: z.string().nullable(),
  time: z.string().nullable(),
  timeSource: z.enum(['timestamp', 'claimed']),
  status: z.enum(VERDICTS),
  reasons: z.array(reasonView),
  coversWholeDocument: z.boolean(),
  revocation: z.string(),
});
export type SignatureView = z.infer<typeof signatureView>;

export const signatureCheckView = z.object({
  attachmentId: id,
  fileName: z.string(),
  sha256: z.string(),
  verdict: z.enum(VERDICTS),
  reasons: z.array(reasonView),
  signatures: z.array(signatureView),
  checkedAt: isoTime,
});
export type SignatureCheckView = z.infer<typeof signatureCheckView>;

export const signingSettingsView = z.object({
  pkcs11Module: z.string(),
  tsaUrl: z.string(),
  /** OCSP responder asked when the signer's certificate names none (empty: the certificate's own). */
  ocspUrl: z.string(),
});
export type SigningSettingsView = z.infer<typeof signingSettingsView>;

export const trustAnchorView = z.object({
  sha256: z.string(),
  subject: z.string(),
  commonName: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  selfSigned: z.boolean(),
});

export const signingMethods = {
  'signing.settings.get': method({
    summary: 'The agency’s signing settings: PKCS#11 module path and time-stamping service.',
    auth: 'session', mutates: false,
    input: z.object({}), output: signingSettingsView,
  }),
  'signing.settings.update': method({
    summary: 'The administrator sets the PKCS#11 module path of the agency’s tokens, the TSA and the OCSP address.',
    auth: 'session', permission: 'agency.manage', mutates: true,
    input: z.object({ pkcs11Module: z.string().trim().max(500).optional(), tsaUrl: z.string().trim().max(500).optional(), ocspUrl: z.string().trim().max(500).optional() }),
    output: signingSettingsView,
  }),
  'signing.keys.list': method({
    summary: 'Tokens plugged in now (labels, maker, PIN state), read live through the agency’s PKCS#11 module.',
    auth: 'session', mutates: false,
    input: z.object({}),
    output: z.object({
      pkcs11Module: z.string(),
      tokens: z.array(z.object({ label: z.string(), manufacturer: z.string(), model: z.string(), serialNumber: z.string(), pinLocked: z.boolean(), pinState: z.enum(['ok', 'count-low', 'final-try', 'locked', 'not-set']) })),
      /** Why no tokens could be listed (module missing …), as an error code; null when listing worked. */
      problem: z.string().nullable(),
    }),
  }),
  'signing.sign': method({
    summary: 'Sign an outgoing document’s PDF (leader signature, agency seal or copy stamp); stores the signed file as a new version.',
    auth: 'session', mutates: true,
    input: z.object({
      documentId: id,
      version: z.number().int().positive().optional(),
      /** The PDF to sign; default: the last signed file, else the last draft version. */
      attachmentId: id.optional(),
      purpose: z.enum(signingPurposes),
      key: signingKeyChoice,
      appearance: z.object({
        authority: z.enum(AUTHORITY_PREFIX_VALUES).optional(),
        title: z.string().trim().max(200).optional(),
        signerName: z.string().trim().max(200).optional(),
        signatureImageBase64: base64.optional(),
        sealImageBase64: base64.optional(),
      }).default({}),
      placement: signaturePlacement.optional(),
      reason: z.string().trim().max(200).optional(),
    }),
    output: z.object({ document: documentView, attachment: attachmentView, check: signatureCheckView }),
  }),
  'signing.placement.find': method({
    summary: 'Where a signature placed by anchor text would go on the file to sign (page and rectangle in PDF points), for the sign dialog’s preview.',
    auth: 'session', permission: 'documents.read', mutates: false,
    input: z.object({ documentId: id, attachmentId: id.optional(), anchor: nonEmpty.max(200), page: z.number().int().positive().optional() }),
    output: z.object({ page: z.number().int().positive(), rect: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }) }),
  }),
  'signing.verify': method({
    summary: 'Verify the signatures of one PDF attachment now (with this profile’s trust store) and keep the result.',
    auth: 'session', permission: 'documents.read', mutates: true,
    input: z.object({ attachmentId: id }), output: z.object({ check: signatureCheckView }),
  }),
  'signing.documentChecks': method({
    summary: 'The kept verification results of a document’s PDF attachments (checks missing ones first).',
    auth: 'session', permission: 'documents.read', mutates: false,
    input: z.object({ documentId: id }), output: z.object({ checks: z.array(signatureCheckView) }),
  }),
  'signing.trust.list': method({
    summary: 'The root and issuing CA certificates this profile trusts.',
    auth: 'session', permission: 'signing.verify', mutates: false,
    input: z.object({}), output: z.object({ anchors: z.array(trustAnchorView) }),
  }),
  'signing.trust.add': method({
    summary: 'The administrator adds CA certificates (PEM text or base64 DER) to the trust store.',
    auth: 'session', permission: 'trust.manage', mutates: true,
    input: z.object({ certificate: z.string().min(1).max(200_000) }), output: z.object({ anchors: z.array(trustAnchorView) }),
  }),
};
