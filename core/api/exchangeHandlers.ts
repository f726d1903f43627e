import type { Core } from '../app';
import type { Handler } from './dispatch';
import type { exchangeMethods } from '../../shared/api/exchange';
import { AppError } from '../../shared/api/errors';
import { documentsOf } from '../documents/index';
import { attachmentsOf, exchangeOf, headerOf, proposedMetadata, receivedFileBytes, registerFromIntake, rejectIntake } from '../exchange/index';
import type { IntakeRow, OutboxRow, SettingsRow } from '../exchange/sync/repository';
import type { AttachmentCheck } from '../exchange/sync/verification';

type ExchangeHandlers = { [M in keyof typeof exchangeMethods]: Handler<M> };

function settingsView(s: SettingsRow) {
  return {
    axisUrl: s.axis_url, systemId: s.system_id, hasSecret: s.secret !== '', enabled: s.enabled === 1, pollSeconds: s.poll_seconds,
    maxTries: s.max_tries, backoffBaseMs: s.backoff_base_ms, backoffMaxMs: s.backoff_max_ms, updatedAt: s.updated_at,
  };
}

function outboxView(r: OutboxRow) {
  return {
    id: r.id, deliveryId: r.delivery_id, kind: r.kind, documentId: r.document_id, intakeId: r.intake_id, recipientCode: r.recipient_code,
    recipientName: r.recipient_name, exchangeDocumentId: r.exchange_document_id, statusCode: r.status_code, state: r.state, tries: r.tries,
    nextAttemptAt: r.state === 'queued' ? new Date(r.next_attempt_at).toISOString() : null, lastError: r.last_error, edocId: r.edoc_id,
    createdAt: r.created_at, sentAt: r.sent_at,
  };
}

function intakeView(r: IntakeRow) {
  return {
    id: r.id, state: r.state, businessType: r.business_type, refersToIntakeId: r.refers_to_intake_id, exchangeDocumentId: r.exchange_document_id,
    fromCode: r.from_code, fromName: r.from_name, subject: r.subject, numberNotation: r.number_notation, notice: r.notice, documentId: r.document_id,
    reason: r.reason, receivedAt: r.received_at, decidedAt: r.decided_at, decidedBy: r.decided_by,
  };
}

/** What the checks found on each file; items received before checks were kept say "not checked". */
function attachmentChecksOf(row: IntakeRow): AttachmentCheck[] {
  const checks = (JSON.parse(row.verification_json) as { attachments?: AttachmentCheck[] }).attachments;
  return checks ?? attachmentsOf(row).map((a) => ({ ...a, hashMatches: true, signature: 'not-checked', signatureDetail: '' }));
}

export function exchangeHandlers(core: Core): ExchangeHandlers {
  const m = () => exchangeOf(core);
  const intakeRow = (id: number) => {
    const row = m().env.repo.intake(id);
    if (!row) throw new AppError('NOT_FOUND', `No intake item ${id}.`);
    return row;
  };
  const outboxRow = (id: number) => {
    const row = m().env.repo.outbox(id);
    if (!row) throw new AppError('NOT_FOUND', `No outbox entry ${id}.`);
    return { ...row, package: null };
  };
  return {
    'exchange.getSettings': () => ({ settings: settingsView(m().settings()), sync: m().state() }),
    'exchange.configure': async (input, ctx) => {
      const { registerAgency, ...settings } = input;
      m().configure(settings, ctx.actor.label);
      if (registerAgency) await m().registerSelf();
      return { settings: settingsView(m().settings()), sync: m().state() };
    },
    'exchange.directory': async (input) => ({
      agencies: (await m().directory({ search: input.search })).map((a) => ({ organId: a.organId, organName: a.organName, organAdd: a.organAdd, email: a.email, telephone: a.telephone })),
    }),
    'exchange.send': (input, ctx) => {
      documentsOf(core).ctx.visibleDoc(ctx.actor, input.documentId);
      return { items: m().send(input.documentId, input.recipients, ctx.actor.label).map(outboxView) };
    },
    'exchange.outbox.list': (input) => ({
      items: m().env.repo.listOutbox({ state: input.state, documentId: input.documentId, limit: input.limit, offset: input.offset }).map(outboxView),
      counts: m().env.repo.countByState(),
    }),
    'exchange.outbox.retry': (input, ctx) => {
      m().retry(input.id, ctx.actor.label);
      return { item: outboxView(outboxRow(input.id)) };
    },
    'exchange.outbox.cancel': (input, ctx) => {
      m().cancel(input.id, ctx.actor.label);
      return { item: outboxView(outboxRow(input.id)) };
    },
    'exchange.intake.list': (input) => ({
      items: m().env.repo.listIntake({ state: input.state, limit: input.limit, offset: input.offset }).map((r) => ({ ...intakeView(r), attachments: attachmentChecksOf(r) })),
      total: m().env.repo.countIntake(input.state),
    }),
    'exchange.intake.get': (input) => {
      const row = intakeRow(input.id);
      const attachments = attachmentChecksOf(row);
      return {
        item: {
          ...intakeView(row),
          header: headerOf(row) as unknown as Record<string, unknown>,
          attachments,
          proposed: proposedMetadata(row),
          timeline: m().env.repo.events({ intakeId: row.id }).map((e) => ({ at: e.at, event: e.event, statusCode: e.status_code, detail: e.detail })),
        },
      };
    },
    'exchange.intake.register': (input, ctx) => {
      const { documentId } = registerFromIntake(core, { intakeId: input.id, registerId: input.registerId, overrides: input.overrides, force: input.force }, ctx.actor);
      return { item: intakeView(intakeRow(input.id)), documentId };
    },
    'exchange.intake.reject': (input, ctx) => {
      const row = rejectIntake(m().env, input.id, input.reason, ctx.actor.label);
      core.emit({ type: 'changed', subject: 'exchange.intake', id: String(input.id) });
      m().kick();
      return { item: intakeView(row) };
    },
    'exchange.intake.file': (input) => {
      const a = attachmentsOf(intakeRow(input.id)).find((x) => x.contentId === input.contentId);
      if (!a) throw new AppError('NOT_FOUND', `Package ${input.id} has no attachment ${input.contentId}.`);
      return { name: a.name, mimeType: a.mimeType, contentBase64: receivedFileBytes(m().env, a.sha256).toString('base64') };
    },
    'exchange.quarantine.list': (input) => ({
      items: m().env.repo.quarantined(input.limit).map((q) => ({ id: q.id, edocId: q.edoc_id, reason: q.reason, at: q.at, size: q.size })),
    }),
    'exchange.timeline': (input, ctx) => {
      documentsOf(core).ctx.visibleDoc(ctx.actor, input.documentId);
      const repo = m().env.repo;
      const intake = repo.intakeByDocument(input.documentId);
      const entries = [...repo.events({ documentId: input.documentId }), ...(intake ? repo.events({ intakeId: intake.id }).filter((e) => e.document_id !== input.documentId) : [])].sort((a, b) => a.id - b.id);
      return {
        recipients: repo.recipients(input.documentId).map((r) => ({ recipientCode: r.recipient_code, recipientName: r.recipient_name, status: r.status, statusCode: r.status_code, detail: r.detail, updatedAt: r.updated_at })),
        entries: entries.map((e) => ({ at: e.at, event: e.event, recipientCode: e.recipient_code, statusCode: e.status_code, detail: e.detail })),
      };
    },
    'exchange.syncNow': async () => {
      const r = await m().syncNow();
      return { sent: r.sent, sendFailures: r.sendFailures, received: r.received, sync: m().state() };
    },
  };
}
