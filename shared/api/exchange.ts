import { z } from 'zod';
import { method } from './define';
import { id, isoTime, nonEmpty, page } from './schemas';

// Exchange with the national document-exchange axis (QCVN 102 edXML): connection settings, the
// agency directory, the outbox of packages and statuses to send, the intake of received packages,
// and the exchange timeline of a document. The app works offline: these calls only read and write
// the local database; the sync loop talks to the axis.

const code = z.string().trim().min(1).max(40).regex(/^[0-9A-Z.]+$/, { message: 'agencyCode.format' });
const syncStateName = z.enum(['offline', 'online', 'syncing', 'error', 'disabled']);
const syncState = z.object({ state: syncStateName, queued: z.number().int(), detail: z.string() });

export const exchangeSettingsView = z.object({
  axisUrl: z.string(),
  systemId: z.string(),
  /** Never the secret itself. */
  hasSecret: z.boolean(),
  enabled: z.boolean(),
  pollSeconds: z.number().int(),
  maxTries: z.number().int(),
  backoffBaseMs: z.number().int(),
  backoffMaxMs: z.number().int(),
  updatedAt: isoTime.nullable(),
});

export const outboxItem = z.object({
  id,
  deliveryId: z.string(),
  kind: z.enum(['document', 'status']),
  documentId: id.nullable(),
  intakeId: id.nullable(),
  recipientCode: z.string(),
  recipientName: z.string(),
  exchangeDocumentId: z.string(),
  statusCode: z.string().nullable(),
  state: z.enum(['queued', 'sent', 'failed', 'refused', 'cancelled']),
  tries: z.number().int(),
  nextAttemptAt: isoTime.nullable(),
  lastError: z.string().nullable(),
  edocId: z.string().nullable(),
  createdAt: isoTime,
  sentAt: isoTime.nullable(),
});
export type OutboxItem = z.infer<typeof outboxItem>;

const attachmentCheck = z.object({
  contentId: z.string(),
  name: z.string(),
  mimeType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  hashMatches: z.boolean(),
  signature: z.string(),
  signatureDetail: z.string(),
});

export const intakeSummary = z.object({
  id,
  state: z.enum(['pending', 'registered', 'rejected']),
  /** 0 new, 1 revoke, 2 update, 3 replace. */
  businessType: z.number().int(),
  refersToIntakeId: id.nullable(),
  exchangeDocumentId: z.string(),
  fromCode: z.string(),
  fromName: z.string(),
  subject: z.string(),
  numberNotation: z.string(),
  /** What later revoke/update/replace packages said about this one. */
  notice: z.string(),
  documentId: id.nullable(),
  reason: z.string().nullable(),
  receivedAt: isoTime,
  decidedAt: isoTime.nullable(),
  decidedBy: z.string().nullable(),
});
export type IntakeSummary = z.infer<typeof intakeSummary>;

/** A row of the intake list: the summary plus what the checks found, so a page is one call. */
export const intakeListItem = intakeSummary.extend({ attachments: z.array(attachmentCheck) });

const proposed = z.object({
  numberNotation: z.string(),
  issuerName: z.string(),
  issuerCode: z.string(),
  typeCode: z.string().optional(),
  dateIssued: z.string(),
  subject: z.string(),
  signer: z.string(),
  signerPosition: z.string(),
  pages: z.number().int().nullable(),
  urgency: z.enum(['normal', 'urgent', 'very_urgent', 'flash']),
  deadline: z.string().nullable(),
});

export const intakeDetail = intakeSummary.extend({
  /** The package's metadata as sent (dates ISO, text NFC). */
  header: z.record(z.string(), z.unknown()),
  attachments: z.array(attachmentCheck),
  /** Prefilled incoming-register fields; the clerk confirms or corrects them. */
  proposed,
  timeline: z.array(z.object({ at: isoTime, event: z.string(), statusCode: z.string().nullable(), detail: z.string() })),
});

const timelineEntry = z.object({ at: isoTime, event: z.string(), recipientCode: z.string().nullable(), statusCode: z.string().nullable(), detail: z.string() });
const recipientStatus = z.object({
  recipientCode: z.string(),
  recipientName: z.string(),
  status: z.enum(['queued', 'sent', 'arrived', 'rejected', 'accepted', 'assigned', 'in_process', 'completed', 'failed', 'refused', 'cancelled']),
  statusCode: z.string().nullable(),
  detail: z.string(),
  updatedAt: isoTime,
});

const agency = z.object({ organId: z.string(), organName: z.string(), organAdd: z.string().optional(), email: z.string().optional(), telephone: z.string().optional() });

export const exchangeMethods = {
  'exchange.getSettings': method({
    summary: 'The axis connection settings (the secret is never returned) and the sync state.',
    auth: 'session', permission: 'exchange.receive', mutates: false,
    input: z.object({}),
    output: z.object({ settings: exchangeSettingsView, sync: syncState }),
  }),
  'exchange.configure': method({
    summary: 'Connect to the axis: address, system id, secret (kept if left out), polling and retry limits.',
    auth: 'session', permission: 'agency.manage', mutates: true,
    input: z.object({
      axisUrl: z.string().trim().url().max(500),
      systemId: nonEmpty.max(64),
      secret: z.string().min(16).max(512).optional(),
      enabled: z.boolean().default(true),
      pollSeconds: z.number().int().min(5).max(3600).optional(),
      maxTries: z.number().int().min(1).max(100).optional(),
      backoffBaseMs: z.number().int().min(10).max(3_600_000).optional(),
      backoffMaxMs: z.number().int().min(100).max(86_400_000).optional(),
      /** Also register this agency in the axis directory now (needs the axis to be reachable). */
      registerAgency: z.boolean().default(false),
    }),
    output: z.object({ settings: exchangeSettingsView, sync: syncState }),
  }),
  'exchange.directory': method({
    summary: 'Agencies connected to the axis, filtered by name or code (needs the axis to be reachable).',
    auth: 'session', permission: 'exchange.send', mutates: false,
    input: z.object({ search: z.string().trim().max(200).default('') }),
    output: z.object({ agencies: z.array(agency) }),
  }),
  'exchange.send': method({
    summary: 'Queue a numbered outgoing document for external agencies (release does this by itself). Confidential documents are refused.',
    auth: 'session', permission: 'exchange.send', mutates: true,
    input: z.object({ documentId: id, recipients: z.array(z.object({ agencyCode: code, name: nonEmpty.max(200) })).min(1).max(500) }),
    output: z.object({ items: z.array(outboxItem) }),
  }),
  'exchange.outbox.list': method({
    summary: 'Packages and statuses waiting, sent, failed or refused, newest first.',
    auth: 'session', permission: 'exchange.send', mutates: false,
    input: page.extend({ state: z.enum(['queued', 'sent', 'failed', 'refused', 'cancelled']).optional(), documentId: id.optional() }),
    output: z.object({ items: z.array(outboxItem), counts: z.record(z.string(), z.number().int()) }),
  }),
  'exchange.outbox.retry': method({
    summary: 'Try a failed delivery again from the start of its back-off.',
    auth: 'session', permission: 'exchange.send', mutates: true,
    input: z.object({ id }),
    output: z.object({ item: outboxItem }),
  }),
  'exchange.outbox.cancel': method({
    summary: 'Stop a waiting or failed delivery (it will not be sent).',
    auth: 'session', permission: 'exchange.send', mutates: true,
    input: z.object({ id }),
    output: z.object({ item: outboxItem }),
  }),
  'exchange.intake.list': method({
    summary: 'Received packages: pending ones wait for the clerk to register or reject them.',
    auth: 'session', permission: 'exchange.receive', mutates: false,
    input: page.extend({ state: z.enum(['pending', 'registered', 'rejected']).optional() }),
    output: z.object({ items: z.array(intakeListItem), total: z.number().int() }),
  }),
  'exchange.intake.get': method({
    summary: 'One received package: metadata, attachment checks (hash, PDF signature), proposed register fields.',
    auth: 'session', permission: 'exchange.receive', mutates: false,
    input: z.object({ id }),
    output: z.object({ item: intakeDetail }),
  }),
  'exchange.intake.register': method({
    summary: 'Register a received package in an incoming register (fields from the package, corrected by the clerk); sends status 03.',
    auth: 'session', permission: 'documents.register', mutates: true,
    input: z.object({
      id,
      registerId: id,
      overrides: proposed.partial().extend({
        confidentiality: z.enum(['normal', 'confidential', 'secret', 'top_secret']).optional(),
        unitId: id.nullable().optional(),
        notes: z.string().max(2000).optional(),
      }).default({}),
      force: z.boolean().default(false),
    }),
    output: z.object({ item: intakeSummary, documentId: id }),
  }),
  'exchange.intake.reject': method({
    summary: 'Refuse a received package with a reason; sends status 02 to the sender.',
    auth: 'session', permission: 'exchange.receive', mutates: true,
    input: z.object({ id, reason: nonEmpty.max(1000) }),
    output: z.object({ item: intakeSummary }),
  }),
  'exchange.intake.file': method({
    summary: 'The bytes of one attachment of a received package (base64), to show the PDF before registering.',
    auth: 'session', permission: 'exchange.receive', mutates: false,
    input: z.object({ id, contentId: z.string().min(1).max(200) }),
    output: z.object({ name: z.string(), mimeType: z.string(), contentBase64: z.string() }),
  }),
  'exchange.quarantine.list': method({
    summary: 'Packages refused on arrival (unreadable, hostile or with wrong hashes), newest first, with the reason.',
    auth: 'session', permission: 'exchange.receive', mutates: false,
    input: z.object({ limit: z.number().int().min(1).max(500).default(100) }),
    output: z.object({ items: z.array(z.object({ id, edocId: z.string(), reason: z.string(), at: isoTime, size: z.number().int() })) }),
  }),
  'exchange.timeline': method({
    summary: 'Exchange history of a document: per-recipient status and every send, retry and status received.',
    auth: 'session', permission: 'documents.read', mutates: false,
    input: z.object({ documentId: id }),
    output: z.object({ recipients: z.array(recipientStatus), entries: z.array(timelineEntry) }),
  }),
  'exchange.syncNow': method({
    summary: 'Send what is due and fetch what is waiting now, instead of at the next poll.',
    auth: 'session', permission: 'exchange.receive', mutates: true,
    input: z.object({}),
    output: z.object({ sent: z.number().int(), sendFailures: z.number().int(), received: z.object({ intake: z.number().int(), duplicates: z.number().int(), statuses: z.number().int(), quarantined: z.number().int() }).nullable(), sync: syncState }),
  }),
};
