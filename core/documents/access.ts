import type { Actor } from '../api/context';

// Who may see a document. Ordinary documents are visible to everyone with documents.read.
// Confidential ones (marked mật/tối mật/tuyệt mật, or kept in a confidential register) only to
// the people involved — assigned handlers and readers, the leader it was submitted to, its
// drafter/creator and approvers — and the clerks and leaders who keep its register. An approved
// outgoing document has no register yet: the clerks keeping an outgoing register see it to number it.
// Every read path (get, list, inbox, attachments, search) applies this same clause.

export interface SqlClause {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * The SQL condition (over documents aliased `alias`) for what `actor` may see. Pass the ids of the
 * confidential registers (a handful) when known: the common case — an ordinary document — is then
 * decided from the row itself, without a subquery per row.
 */
export function visibilityClause(actor: Actor, alias = 'd', confidentialRegisterIds?: readonly number[]): SqlClause {
  if (actor.kind === 'system') return { sql: '1', params: {} };
  const uid = actor.userId ?? -1;
  const clerk = actor.roles.includes('clerk');
  const keeps = clerk || actor.roles.includes('leader');
  const ordinaryRegister = confidentialRegisterIds
    ? confidentialRegisterIds.length
      ? `(${alias}.register_id IS NULL OR ${alias}.register_id NOT IN (${confidentialRegisterIds.map((n) => Math.trunc(n)).join(', ')}))`
      : '1'
    : `NOT EXISTS (SELECT 1 FROM registers vr WHERE vr.id = ${alias}.register_id AND vr.confidential = 1)`;
  const sql = `(
    (${alias}.confidentiality = 'normal' AND ${ordinaryRegister})
    OR ${alias}.handler_id = @__vis_uid OR ${alias}.leader_id = @__vis_uid OR ${alias}.created_by = @__vis_label
    OR EXISTS (SELECT 1 FROM assignments va WHERE va.document_id = ${alias}.id AND va.user_id = @__vis_uid AND va.status != 'recalled')
    OR EXISTS (SELECT 1 FROM approvals vp WHERE vp.document_id = ${alias}.id AND vp.user_id = @__vis_uid)
    ${keeps ? `OR EXISTS (SELECT 1 FROM register_keepers vk WHERE vk.register_id = ${alias}.register_id AND vk.user_id = @__vis_uid)` : ''}
    ${clerk ? `OR (${alias}.direction = 'outgoing' AND ${alias}.register_id IS NULL AND ${alias}.status IN ('approved', 'signed')
        AND EXISTS (SELECT 1 FROM register_keepers vo JOIN registers ro ON ro.id = vo.register_id WHERE vo.user_id = @__vis_uid AND ro.direction = 'outgoing'))` : ''}
  )`;
  return { sql, params: { __vis_uid: uid, __vis_label: actor.label } };
}
