import { AppError } from '../../shared/api/errors';
import type { AttachmentView, DocumentView, FileInput } from '../../shared/api/documents';
import { can, type Actor } from '../api/context';
import type { DocumentsContext } from './context';
import { storeInput } from './files';
import type { Incoming } from './incoming';
import type { DocumentRow } from './repository';
import { vnDate } from './time';
import { listDocuments, type ListFilters, type ListPage } from './listing';
import { fullView, isOverdue, toAttachmentView } from './views';

export type { ListFilters } from './listing';
export { COUNT_WINDOW } from './listing';

type InboxKind = 'toDirect' | 'toHandle' | 'toRead' | 'toApprove' | 'returned' | 'toNumber' | 'toRelease' | 'draft';
export interface InboxItem {
  kind: InboxKind;
  documentId: number;
  subject: string;
  numberNotation: string | null;
  urgency: DocumentRow['urgency'];
  deadline: string | null;
  overdue: boolean;
  since: string;
  assignmentId: number | null;
}

/** Read paths. Every one filters by what the actor may see (access.ts). */
export class Queries {
  constructor(
    private readonly ctx: DocumentsContext,
    private readonly incoming: Incoming,
  ) {}

  get(actor: Actor, id: number): DocumentView {
    return fullView(this.ctx, this.ctx.visibleDoc(actor, id));
  }

  list(actor: Actor, f: ListFilters): ListPage {
    return listDocuments(this.ctx, actor, f);
  }

  timeline(actor: Actor, id: number) {
    this.ctx.visibleDoc(actor, id);
    const rows = this.ctx.db
      .prepare(`SELECT seq, at, actor, action, after_json FROM audit_log WHERE subject_type = 'document' AND subject_id = ? ORDER BY seq`)
      .all(String(id)) as { seq: number; at: string; actor: string; action: string; after_json: string | null }[];
    return { entries: rows.map((r) => ({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, detail: r.after_json ? (JSON.parse(r.after_json) as unknown) : null })) };
  }

  inbox(actor: Actor): { items: InboxItem[]; counts: { total: number; overdue: number; byKind: Record<string, number> } } {
    const today = vnDate(this.ctx.deps.now());
    const vis = this.ctx.visibility(actor);
    const uid = actor.userId ?? -1;
    const items: InboxItem[] = [];
    const q = (sql: string, extra: Record<string, unknown> = {}) => this.ctx.db.prepare(sql).all({ ...vis.params, __uid: uid, ...extra }) as (DocumentRow & { a_id?: number; a_deadline?: string | null; a_created?: string })[];
    const push = (kind: InboxKind, rows: ReturnType<typeof q>) => {
      for (const d of rows) {
        const deadline = d.a_id !== undefined ? (d.a_deadline ?? null) : d.deadline;
        items.push({
          kind, documentId: d.id, subject: d.subject, numberNotation: d.number_notation, urgency: d.urgency, deadline,
          overdue: isOverdue(deadline, d.status, today), since: d.a_created ?? d.updated_at, assignmentId: d.a_id ?? null,
        });
      }
    };
    push('toDirect', q(`SELECT d.* FROM documents d WHERE d.status = 'submitted' AND d.leader_id = @__uid`));
    push('toHandle', q(`SELECT d.*, a.id AS a_id, a.deadline AS a_deadline, a.created_at AS a_created FROM assignments a JOIN documents d ON d.id = a.document_id
                        WHERE a.user_id = @__uid AND a.status = 'active' AND a.role IN ('main', 'co') AND d.status = 'in_progress'`));
    push('toRead', q(`SELECT d.*, a.id AS a_id, a.deadline AS a_deadline, a.created_at AS a_created FROM assignments a JOIN documents d ON d.id = a.document_id
                      WHERE a.user_id = @__uid AND a.status = 'active' AND a.role = 'info' AND a.read_at IS NULL`));
    push('toApprove', q(`SELECT d.* FROM approvals p JOIN documents d ON d.id = p.document_id WHERE p.user_id = @__uid AND p.status = 'pending' AND d.status = 'in_review'`));
    // A draft sent back by a reviewer or approver is "returned" work; one never sent is a plain draft.
    const drafts = q(`SELECT d.*, EXISTS (SELECT 1 FROM approvals p WHERE p.document_id = d.id AND p.status = 'rejected'
                        AND p.round = (SELECT max(round) FROM approvals WHERE document_id = d.id)) AS rejected
                      FROM documents d WHERE d.direction = 'outgoing' AND d.status = 'draft' AND d.handler_id = @__uid`) as (DocumentRow & { rejected: number })[];
    push('returned', drafts.filter((d) => d.rejected));
    push('draft', drafts.filter((d) => !d.rejected));
    if (can(actor, 'documents.register')) {
      push('returned', q(`SELECT d.* FROM documents d WHERE d.direction = 'incoming' AND d.status = 'returned' AND ${vis.sql}`));
      push('toNumber', q(`SELECT d.* FROM documents d WHERE d.direction = 'outgoing' AND d.status IN ('approved', 'signed') AND d.number IS NULL AND ${vis.sql}`));
    }
    if (can(actor, 'documents.release')) push('toRelease', q(`SELECT d.* FROM documents d WHERE d.direction = 'outgoing' AND d.status = 'numbered' AND ${vis.sql}`));
    // Overdue and most urgent first, then by deadline.
    const rank = { flash: 0, very_urgent: 1, urgent: 2, normal: 3 } as const;
    items.sort((a, b) => Number(b.overdue) - Number(a.overdue) || rank[a.urgency] - rank[b.urgency] || (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999') || a.documentId - b.documentId);
    const byKind: Record<string, number> = {};
    for (const i of items) byKind[i.kind] = (byKind[i.kind] ?? 0) + 1;
    return { items, counts: { total: items.length, overdue: items.filter((i) => i.overdue).length, byKind } };
  }

  attachment(actor: Actor, id: number, as: 'base64' | 'hash'): { attachment: AttachmentView; contentBase64: string | null } {
    const a = this.ctx.repo.attachment(id);
    if (!a) throw new AppError('NOT_FOUND', `No attachment with id ${id}.`);
    this.ctx.visibleDoc(actor, a.document_id);
    const content = as === 'base64' ? this.ctx.deps.blobs.get(a.sha256).toString('base64') : null;
    return { attachment: toAttachmentView(a), contentBase64: content };
  }

  addAttachment(actor: Actor, documentId: number, file: FileInput, role: 'main' | 'attachment'): AttachmentView {
    const check = (doc: DocumentRow) => {
      if (doc.released_at) throw new AppError('DOCUMENT_RELEASED', `Document ${doc.id} was released; its files cannot change.`);
      if (doc.status === 'cancelled') throw new AppError('INVALID_STATE', `Document ${doc.id} is cancelled.`);
      const mayAdd = actor.kind === 'system' || can(actor, 'documents.register') || doc.handler_id === actor.userId || doc.created_by === actor.label;
      if (!mayAdd) throw new AppError('FORBIDDEN', 'Only a clerk, the drafter or the handler adds files to a document.');
    };
    check(this.ctx.visibleDoc(actor, documentId)); // before storing anything
    const stored = storeInput(this.ctx.deps.blobs, file, this.ctx.settings().maxAttachmentBytes);
    return this.ctx.tx(() => {
      const doc = this.ctx.visibleDoc(actor, documentId);
      check(doc);
      const id = this.incoming.attach(doc.id, stored, role, actor);
      this.ctx.patch(doc, {});
      this.ctx.record(actor, 'document.attach', doc.id, { attachmentId: id, fileName: stored.fileName, sha256: stored.sha256, warning: stored.warning ?? undefined });
      return toAttachmentView(this.ctx.repo.attachment(id)!);
    });
  }
}
