import type { Core } from '../app';
import { requireAnyPermission } from './context';
import type { Handler } from './dispatch';
import type { documentsMethods } from '../../shared/api/documents';
import { documentsOf } from '../documents/index';
import { parseNotation } from '../documents/notation';
import { failOn } from '../documents/validate';
import { importMetadataRows } from '../documents/importer';

type DocumentsHandlers = { [M in keyof typeof documentsMethods]: Handler<M> };

export function documentsHandlers(core: Core): DocumentsHandlers {
  const m = () => documentsOf(core);
  const view = (actor: Parameters<Handler<'documents.get'>>[1]['actor'], id: number) => ({ document: m().queries.get(actor, id) });
  return {
    'registers.list': (input, ctx) => {
      requireAnyPermission(ctx.actor, ['documents.read', 'registers.manage']);
      return { registers: m().registers.list(input.direction, input.year) };
    },
    'registers.create': (input, ctx) => ({ register: m().registers.create(input, ctx.actor) }),
    'registers.update': (input, ctx) => ({ register: m().registers.update(input, ctx.actor) }),
    'documents.getSettings': () => m().settings(),
    'documents.updateSettings': (input, ctx) => m().updateSettings(input, ctx.actor),
    'documents.parseNotation': (input) => {
      const p = parseNotation(input.numberNotation);
      if (!p.ok) return failOn([p.issue]) as never;
      return p.value;
    },
    'documents.checkDuplicate': (input) => ({ duplicates: m().incoming.duplicates(input) }),
    'documents.registerIncoming': (input, ctx) => {
      const r = m().incoming.register(input, ctx.actor);
      return { ...view(ctx.actor, r.id), warnings: r.warnings };
    },
    'documents.import': (input, ctx) => importMetadataRows(m(), ctx.actor, input.registerId, input.rows, input.force),
    'documents.get': (input, ctx) => view(ctx.actor, input.id),
    'documents.list': (input, ctx) => m().queries.list(ctx.actor, input),
    'documents.update': (input, ctx) => {
      m().incoming.update(input, ctx.actor);
      return view(ctx.actor, input.id);
    },
    'documents.cancel': (input, ctx) => (m().incoming.cancel(input, ctx.actor), view(ctx.actor, input.id)),
    'documents.submit': (input, ctx) => (m().workflow.submit(input, ctx.actor), view(ctx.actor, input.id)),
    'documents.direct': (input, ctx) => (m().workflow.direct(input, ctx.actor), view(ctx.actor, input.id)),
    'documents.assign': (input, ctx) => (m().workflow.assign(input, ctx.actor), view(ctx.actor, input.id)),
    'documents.recallAssignment': (input, ctx) => view(ctx.actor, m().workflow.recall(input, ctx.actor)),
    'documents.reassign': (input, ctx) => view(ctx.actor, m().workflow.reassign(input, ctx.actor)),
    'documents.forward': (input, ctx) => view(ctx.actor, m().workflow.forward(input, ctx.actor)),
    'documents.note': (input, ctx) => (m().workflow.note(input, ctx.actor), view(ctx.actor, input.id)),
    'documents.markRead': (input, ctx) => (m().workflow.markRead(input.id, ctx.actor), { ok: true as const }),
    'documents.complete': (input, ctx) => (m().workflow.complete(input, ctx.actor), view(ctx.actor, input.id)),
    'documents.return': (input, ctx) => (m().workflow.return(input, ctx.actor), view(ctx.actor, input.id)),
    'documents.file': (input, ctx) => (m().workflow.file(input, ctx.actor), view(ctx.actor, input.id)),
    'documents.inbox': (_input, ctx) => m().queries.inbox(ctx.actor),
    'documents.timeline': (input, ctx) => m().queries.timeline(ctx.actor, input.id),
    'outgoing.createDraft': (input, ctx) => view(ctx.actor, m().outgoing.createDraft(input, ctx.actor)),
    'outgoing.updateDraft': (input, ctx) => (m().outgoing.updateDraft(input, ctx.actor), view(ctx.actor, input.id)),
    'outgoing.addVersion': (input, ctx) => (m().outgoing.addVersion(input, ctx.actor), view(ctx.actor, input.id)),
    'outgoing.comment': (input, ctx) => (m().workflow.note(input, ctx.actor, 'comment'), view(ctx.actor, input.id)),
    'outgoing.submitForApproval': (input, ctx) => (m().outgoing.submitForApproval(input, ctx.actor), view(ctx.actor, input.id)),
    'outgoing.approve': (input, ctx) => (m().outgoing.approve(input, ctx.actor), view(ctx.actor, input.id)),
    'outgoing.reject': (input, ctx) => (m().outgoing.reject(input, ctx.actor), view(ctx.actor, input.id)),
    'outgoing.markSigned': (input, ctx) => (m().outgoing.markSigned(input, ctx.actor), view(ctx.actor, input.id)),
    'outgoing.register': (input, ctx) => (m().outgoing.register(input, ctx.actor), view(ctx.actor, input.id)),
    'outgoing.release': (input, ctx) => (m().outgoing.release(input, ctx.actor), view(ctx.actor, input.id)),
    'attachments.add': (input, ctx) => ({ attachment: m().queries.addAttachment(ctx.actor, input.documentId, input.file, input.role) }),
    'attachments.get': (input, ctx) => m().queries.attachment(ctx.actor, input.id, input.as),
  };
}
