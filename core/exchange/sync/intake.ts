// The clerk's intake: received packages wait here until the clerk registers them in an incoming
// register (filled from the package, corrected by the clerk) or rejects them. Registering sends 03,
// rejecting sends 02 — each in the same transaction as the decision.
import { AppError } from '../../../shared/api/errors';
import type { ExchangeDocument } from '../edxml';
import type { SyncEnv } from './env';
import { typeCodeOfName, urgencyOfPriority } from './packages';
import type { IntakeRow } from './repository';
import { STATUS_DESCRIPTIONS } from './statuses';

export type IntakeHeader = Omit<ExchangeDocument, 'attachments'>;
export interface IntakeAttachment {
  contentId: string;
  name: string;
  mimeType: string;
  size: number;
  sha256: string;
}

export function headerOf(row: IntakeRow): IntakeHeader {
  return JSON.parse(row.header_json) as IntakeHeader;
}
export function attachmentsOf(row: IntakeRow): IntakeAttachment[] {
  return JSON.parse(row.attachments_json) as IntakeAttachment[];
}

/** What the incoming register gets from a package, before the clerk's corrections. */
export function proposedMetadata(row: IntakeRow) {
  const h = headerOf(row);
  return {
    numberNotation: row.number_notation,
    issuerName: h.from.organName,
    issuerCode: h.from.organId.length <= 13 ? h.from.organId : '',
    typeCode: typeCodeOfName(h.documentType.typeName),
    dateIssued: h.promulgationInfo.promulgationDate,
    subject: h.subject.slice(0, 500),
    signer: h.signerInfo.fullName.slice(0, 120),
    signerPosition: (h.signerInfo.position ?? '').slice(0, 120),
    pages: h.otherInfo.pageAmount && h.otherInfo.pageAmount > 0 ? h.otherInfo.pageAmount : null,
    urgency: urgencyOfPriority(h.otherInfo.priority),
    deadline: h.dueDate ?? null,
  };
}

/** The minimal surface of the documents module that registering needs (see core/documents). */
export interface IncomingRegistrar {
  registerIncomingInTx(input: Record<string, unknown>, actorLabel: string): number;
}

export function pendingIntake(env: SyncEnv, id: number): IntakeRow {
  const row = env.repo.intake(id);
  if (!row) throw new AppError('NOT_FOUND', `No intake item ${id}.`);
  if (row.state !== 'pending') throw new AppError('INVALID_STATE', `Intake item ${id} was already ${row.state}.`, { details: { state: row.state, documentId: row.document_id } });
  return row;
}

function queueStatus(env: SyncEnv, row: IntakeRow, code: '02' | '03', description: string, now: string): void {
  env.repo.insertOutbox(
    { kind: 'status', document_id: row.document_id, intake_id: row.id, recipient_code: row.from_code, recipient_name: row.from_name, exchange_document_id: row.exchange_document_id,
      status_code: code, description, package: null, package_sha256: null, state: 'queued', last_error: null },
    now,
  );
}

/** Marks an intake item registered as `documentId` and queues 03 (call inside the registering transaction). */
export function markRegistered(env: SyncEnv, row: IntakeRow, documentId: number, actorLabel: string): void {
  const now = env.nowIso();
  if (!env.repo.decideIntake(row.id, 'registered', documentId, null, actorLabel, now)) throw new AppError('CONFLICT', `Intake item ${row.id} was decided by someone else meanwhile.`);
  queueStatus(env, { ...row, document_id: documentId }, '03', STATUS_DESCRIPTIONS['03']!, now);
  env.repo.event({ intakeId: row.id, documentId, event: 'registered', detail: actorLabel }, now);
  env.deps.audit.record({ actor: actorLabel, action: 'exchange.intake.register', subjectType: 'exchange.intake', subjectId: row.id, after: { documentId } });
}

export function rejectIntake(env: SyncEnv, id: number, reason: string, actorLabel: string): IntakeRow {
  return env.tx(() => {
    const row = pendingIntake(env, id);
    const now = env.nowIso();
    env.repo.decideIntake(id, 'rejected', null, reason, actorLabel, now);
    queueStatus(env, row, '02', `${STATUS_DESCRIPTIONS['02']}: ${reason}`.slice(0, 1000), now);
    env.repo.event({ intakeId: id, event: 'rejected', detail: reason }, now);
    env.deps.audit.record({ actor: actorLabel, action: 'exchange.intake.reject', subjectType: 'exchange.intake', subjectId: id, after: { reason } });
    return env.repo.intake(id)!;
  });
}
