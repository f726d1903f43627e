import type { AttachmentView, DocumentSummary, DocumentView } from '../../shared/api/documents';
import type { DocumentsContext } from './context';
import { padNumber } from './notation';
import type { AttachmentRow, DocumentRow } from './repository';
import { vnDate } from './time';

const CLOSED = new Set(['completed', 'filed', 'cancelled', 'released']);

export function isOverdue(deadline: string | null, status: string, today: string): boolean {
  return !!deadline && deadline < today && !CLOSED.has(status);
}

export function toAttachmentView(a: AttachmentRow): AttachmentView {
  return { id: a.id, documentId: a.document_id, role: a.role, fileName: a.file_name, mime: a.mime, size: a.size, sha256: a.sha256, extraction: a.extraction, warning: a.warning, createdAt: a.created_at };
}

export function toSummary(d: DocumentRow, padding: number, today: string): DocumentSummary {
  return {
    id: d.id,
    direction: d.direction,
    registerId: d.register_id,
    year: d.year,
    number: d.number,
    numberText: d.number_text,
    notation: d.notation,
    numberNotation: d.number_notation,
    arrivalNumber: d.arrival_number,
    arrivalNumberText: d.arrival_number === null ? null : padNumber(d.arrival_number, padding),
    arrivalAt: d.arrival_at,
    issuerName: d.issuer_name,
    issuerCode: d.issuer_code,
    issuerShort: d.issuer_short,
    typeCode: d.type_code,
    subject: d.subject,
    signer: d.signer,
    dateIssued: d.date_issued,
    deadline: d.deadline,
    urgency: d.urgency,
    confidentiality: d.confidentiality,
    status: d.status,
    handlerId: d.handler_id,
    overdue: isOverdue(d.deadline, d.status, today),
    version: d.version,
  };
}

/** Maps rows to summaries, looking each register's padding up once. */
export function summaries(ctx: DocumentsContext, rows: DocumentRow[]): DocumentSummary[] {
  const padding = new Map<number, number>();
  const today = vnDate(ctx.deps.now());
  return rows.map((d) => {
    let p = 2;
    if (d.register_id !== null) {
      if (!padding.has(d.register_id)) padding.set(d.register_id, ctx.repo.register(d.register_id)?.number_padding ?? 2);
      p = padding.get(d.register_id)!;
    }
    return toSummary(d, p, today);
  });
}

export function fullView(ctx: DocumentsContext, d: DocumentRow): DocumentView {
  const repo = ctx.repo;
  const [summary] = summaries(ctx, [d]);
  const userName = (id: number) => ctx.users.userById(id)?.full_name ?? `#${id}`;
  return {
    ...summary!,
    language: d.language,
    pages: d.pages,
    signerPosition: d.signer_position,
    leaderId: d.leader_id,
    unitId: d.unit_id,
    recipients: d.recipients,
    notes: d.notes,
    result: d.result,
    dossierRef: d.dossier_ref,
    replyToId: d.reply_to_id,
    correctsId: d.corrects_id,
    signedSha256: d.signed_sha256,
    releasedAt: d.released_at,
    completedAt: d.completed_at,
    cancelledReason: d.cancelled_reason,
    createdBy: d.created_by,
    createdAt: d.created_at,
    updatedAt: d.updated_at,
    attachments: repo.attachments(d.id).map(toAttachmentView),
    assignments: repo.assignments(d.id).map((a) => ({
      id: a.id, userId: a.user_id, userName: userName(a.user_id), role: a.role, deadline: a.deadline, status: a.status,
      assignedBy: a.assigned_by, forwardedFrom: a.forwarded_from, note: a.note, createdAt: a.created_at, finishedAt: a.finished_at,
    })),
    comments: repo.comments(d.id).map((c) => ({ id: c.id, kind: c.kind, body: c.body, author: c.author, createdAt: c.created_at })),
    approvals: repo.approvals(d.id).map((a) => ({ id: a.id, step: a.step, round: a.round, kind: a.kind, userId: a.user_id, status: a.status, comment: a.comment, decidedAt: a.decided_at })),
    draftVersions: repo.draftVersions(d.id).map((v) => ({ versionNo: v.version_no, attachmentId: v.attachment_id, note: v.note, createdBy: v.created_by, createdAt: v.created_at })),
    releaseRecipients: repo.recipients(d.id).map((r) => ({ kind: r.kind, unitId: r.unit_id, agencyCode: r.agency_code, name: r.name, delivery: r.delivery })),
  };
}
