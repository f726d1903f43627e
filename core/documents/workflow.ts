import { AppError } from '../../shared/api/errors';
import type { Actor } from '../api/context';
import { permissionsOf, type Permission, type Role } from '../../shared/permissions';
import { requireState, type DocumentsContext } from './context';
import type { AssignmentRow, DocumentRow } from './repository';
import { vnDate } from './time';
import { checkDate, failOn } from './validate';
import type { FieldIssue } from '../../shared/api/errors';

// Incoming handling (Decree 30, Art. 20–22): registered → submitted to a leader → directed
// (bút phê: main handler, co-handlers, readers, deadline) → in progress → completed → filed.
// A leader can return it to the clerk; a main handler can return it to the leader. Every step
// is one transaction with its audit entry.

type Ref = { id: number; version?: number };

export class Workflow {
  constructor(private readonly ctx: DocumentsContext) {}

  private userCan(userId: number, p: Permission): boolean {
    const u = this.ctx.user(userId);
    return permissionsOf(JSON.parse(u.roles) as Role[]).has(p);
  }

  private requireUserWith(userId: number, p: Permission, path: string): void {
    if (!this.userCan(userId, p)) {
      throw new AppError('VALIDATION', `User ${this.ctx.user(userId).full_name} cannot be given this work (needs "${p}").`, {
        fields: [{ path, code: 'user.lacksPermission', message: `needs ${p}` }],
      });
    }
  }

  private incoming(actor: Actor, ref: Ref): DocumentRow {
    const doc = this.ctx.visibleDoc(actor, ref.id);
    this.ctx.checkVersion(doc, ref.version);
    if (doc.direction !== 'incoming') throw new AppError('INVALID_STATE', `Document ${doc.id} is an outgoing document.`);
    return doc;
  }

  /** Only the leader it was submitted to (or a system actor) directs, recalls and reassigns. */
  private requireLeader(actor: Actor, doc: DocumentRow): void {
    if (actor.kind !== 'system' && doc.leader_id !== actor.userId) {
      throw new AppError('FORBIDDEN', `Document ${doc.id} was submitted to another leader; only they can direct it.`);
    }
  }

  private checkDeadline(deadline: string | null, path = 'deadline'): void {
    const issues: FieldIssue[] = [];
    if (checkDate(deadline, path, issues) && deadline! < vnDate(this.ctx.deps.now())) {
      issues.push({ path, code: 'deadline.past', message: 'the deadline has already passed' });
    }
    failOn(issues);
  }

  private addAssignment(doc: DocumentRow, userId: number, role: AssignmentRow['role'], deadline: string | null, actor: Actor, note = '', forwardedFrom: number | null = null): number {
    return this.ctx.repo.insertAssignment({
      document_id: doc.id, user_id: userId, role, deadline, assigned_by: actor.label, assigned_by_id: actor.userId, forwarded_from: forwardedFrom, note, created_at: this.ctx.nowIso(),
    });
  }

  submit(input: Ref & { leaderId: number; note: string }, actor: Actor): void {
    this.ctx.tx(() => {
      const doc = this.incoming(actor, input);
      requireState(doc, ['registered', 'returned'], 'submit it to a leader');
      this.requireUserWith(input.leaderId, 'documents.direct', 'leaderId');
      this.ctx.patch(doc, { status: 'submitted', leader_id: input.leaderId });
      if (input.note) this.ctx.repo.insertComment(doc.id, 'note', input.note, actor.userId, actor.fullName, this.ctx.nowIso());
      this.ctx.record(actor, 'document.submit', doc.id, { leaderId: input.leaderId, note: input.note || undefined });
    });
  }

  direct(input: Ref & { direction: string; mainHandlerId: number; coHandlerIds: number[]; infoIds: number[]; deadline: string | null }, actor: Actor): void {
    this.ctx.tx(() => {
      const doc = this.incoming(actor, input);
      requireState(doc, ['submitted'], 'direct it');
      this.requireLeader(actor, doc);
      this.checkDeadline(input.deadline);
      this.requireUserWith(input.mainHandlerId, 'documents.handle', 'mainHandlerId');
      input.coHandlerIds.forEach((u, i) => this.requireUserWith(u, 'documents.handle', `coHandlerIds.${i}`));
      input.infoIds.forEach((u, i) => this.requireUserWith(u, 'documents.read', `infoIds.${i}`));
      const deadline = input.deadline ?? doc.deadline;
      const now = this.ctx.nowIso();
      this.ctx.repo.insertComment(doc.id, 'direction', input.direction, actor.userId, actor.fullName, now);
      this.addAssignment(doc, input.mainHandlerId, 'main', deadline, actor);
      for (const u of new Set(input.coHandlerIds)) if (u !== input.mainHandlerId) this.addAssignment(doc, u, 'co', deadline, actor);
      for (const u of new Set(input.infoIds)) this.addAssignment(doc, u, 'info', null, actor);
      this.ctx.patch(doc, { status: 'in_progress', handler_id: input.mainHandlerId, deadline, leader_id: doc.leader_id ?? actor.userId });
      this.ctx.record(actor, 'document.direct', doc.id, { direction: input.direction, mainHandlerId: input.mainHandlerId, coHandlerIds: input.coHandlerIds, infoIds: input.infoIds, deadline });
    });
  }

  assign(input: Ref & { userIds: number[]; role: 'co' | 'info'; deadline: string | null; note: string }, actor: Actor): void {
    this.ctx.tx(() => {
      const doc = this.incoming(actor, input);
      requireState(doc, ['in_progress'], 'add people to it');
      this.requireLeader(actor, doc);
      this.checkDeadline(input.deadline);
      input.userIds.forEach((u, i) => this.requireUserWith(u, input.role === 'co' ? 'documents.handle' : 'documents.read', `userIds.${i}`));
      for (const u of new Set(input.userIds)) this.addAssignment(doc, u, input.role, input.role === 'co' ? (input.deadline ?? doc.deadline) : null, actor, input.note);
      this.ctx.patch(doc, {});
      this.ctx.record(actor, 'document.assign', doc.id, { userIds: input.userIds, role: input.role, deadline: input.deadline });
    });
  }

  private activeAssignment(assignmentId: number): { a: AssignmentRow; doc: DocumentRow } {
    const a = this.ctx.repo.assignment(assignmentId);
    if (!a) throw new AppError('NOT_FOUND', `No assignment with id ${assignmentId}.`);
    if (a.status !== 'active') throw new AppError('INVALID_STATE', `Assignment ${assignmentId} is already ${a.status}.`);
    const doc = this.ctx.repo.get(a.document_id)!;
    return { a, doc };
  }

  recall(input: { assignmentId: number; reason: string }, actor: Actor): number {
    return this.ctx.tx(() => {
      const { a, doc } = this.activeAssignment(input.assignmentId);
      this.ctx.visibleDoc(actor, doc.id);
      this.requireLeader(actor, doc);
      this.ctx.repo.finishAssignment(a.id, 'recalled', this.ctx.nowIso());
      if (a.role === 'main') this.ctx.patch(doc, { status: 'submitted', handler_id: null });
      else this.ctx.patch(doc, {});
      this.ctx.record(actor, 'document.recallAssignment', doc.id, { assignmentId: a.id, userId: a.user_id, role: a.role, reason: input.reason });
      return doc.id;
    });
  }

  reassign(input: { assignmentId: number; userId: number; deadline?: string | null; reason: string }, actor: Actor): number {
    return this.ctx.tx(() => {
      const { a, doc } = this.activeAssignment(input.assignmentId);
      this.ctx.visibleDoc(actor, doc.id);
      this.requireLeader(actor, doc);
      if (input.deadline !== undefined) this.checkDeadline(input.deadline);
      this.requireUserWith(input.userId, a.role === 'info' ? 'documents.read' : 'documents.handle', 'userId');
      const deadline = input.deadline !== undefined ? input.deadline : a.deadline;
      this.ctx.repo.finishAssignment(a.id, 'recalled', this.ctx.nowIso());
      const newId = this.addAssignment(doc, input.userId, a.role, deadline, actor, input.reason);
      this.ctx.patch(doc, a.role === 'main' ? { handler_id: input.userId, deadline: deadline ?? doc.deadline } : {});
      this.ctx.record(actor, 'document.reassign', doc.id, { from: a.user_id, to: input.userId, role: a.role, assignmentId: newId, deadline, reason: input.reason });
      return doc.id;
    });
  }

  forward(input: { assignmentId: number; userId: number; note: string }, actor: Actor): number {
    return this.ctx.tx(() => {
      const { a, doc } = this.activeAssignment(input.assignmentId);
      this.ctx.visibleDoc(actor, doc.id);
      if (actor.kind !== 'system' && a.user_id !== actor.userId) throw new AppError('FORBIDDEN', 'You can only pass on your own assignment.');
      if (a.role === 'info') throw new AppError('INVALID_STATE', 'A for-information copy cannot be passed on.');
      if (input.userId === a.user_id) throw new AppError('VALIDATION', 'Choose someone else to pass it to.', { fields: [{ path: 'userId', code: 'user.same', message: 'same person' }] });
      let depth = 0;
      for (let cur: AssignmentRow | undefined = a; cur?.forwarded_from; cur = this.ctx.repo.assignment(cur.forwarded_from)) depth++;
      const limit = this.ctx.settings().maxForwardDepth;
      if (depth >= limit) {
        throw new AppError('FORWARD_LIMIT', `This assignment was already passed on ${depth} time(s); the limit is ${limit}. Ask the leader to reassign it.`, { details: { depth, limit } });
      }
      this.requireUserWith(input.userId, 'documents.handle', 'userId');
      this.ctx.repo.finishAssignment(a.id, 'forwarded', this.ctx.nowIso());
      const newId = this.addAssignment(doc, input.userId, a.role, a.deadline, actor, input.note, a.id);
      this.ctx.patch(doc, a.role === 'main' ? { handler_id: input.userId } : {});
      this.ctx.record(actor, 'document.forward', doc.id, { from: a.user_id, to: input.userId, role: a.role, assignmentId: newId, note: input.note || undefined });
      return doc.id;
    });
  }

  note(input: { id: number; body: string }, actor: Actor, kind: 'note' | 'comment' = 'note'): void {
    this.ctx.tx(() => {
      const doc = this.ctx.visibleDoc(actor, input.id);
      this.ctx.repo.insertComment(doc.id, kind, input.body, actor.userId, actor.fullName, this.ctx.nowIso());
      this.ctx.record(actor, `document.${kind}`, doc.id, { body: input.body });
    });
  }

  markRead(id: number, actor: Actor): void {
    this.ctx.tx(() => {
      const doc = this.ctx.visibleDoc(actor, id);
      // The first opening of an assignment is a recorded step (the sender is told "being handled").
      if (actor.userId !== null && this.ctx.repo.markRead(doc.id, actor.userId, this.ctx.nowIso()) > 0) this.ctx.record(actor, 'document.read', doc.id);
    });
  }

  private mine(doc: DocumentRow, actor: Actor, roles: AssignmentRow['role'][]): AssignmentRow | undefined {
    return this.ctx.repo.assignments(doc.id).find((a) => a.status === 'active' && roles.includes(a.role) && (actor.kind === 'system' ? a.role === 'main' : a.user_id === actor.userId));
  }

  complete(input: Ref & { result: string }, actor: Actor): void {
    this.ctx.tx(() => {
      const doc = this.incoming(actor, input);
      requireState(doc, ['in_progress'], 'complete it');
      const a = this.mine(doc, actor, ['main', 'co']);
      if (!a) throw new AppError('FORBIDDEN', `You have no open assignment on document ${doc.id}.`);
      const now = this.ctx.nowIso();
      this.ctx.repo.finishAssignment(a.id, 'done', now);
      this.ctx.repo.insertComment(doc.id, 'result', input.result, actor.userId, actor.fullName, now);
      if (a.role === 'main') this.ctx.patch(doc, { status: 'completed', result: input.result, completed_at: now });
      else this.ctx.patch(doc, {});
      this.ctx.record(actor, a.role === 'main' ? 'document.complete' : 'document.completePart', doc.id, { result: input.result, assignmentId: a.id });
    });
  }

  return(input: Ref & { reason: string }, actor: Actor): void {
    this.ctx.tx(() => {
      const doc = this.incoming(actor, input);
      const now = this.ctx.nowIso();
      if (doc.status === 'submitted' && (actor.kind === 'system' || doc.leader_id === actor.userId)) {
        this.ctx.repo.insertComment(doc.id, 'return', input.reason, actor.userId, actor.fullName, now);
        this.ctx.patch(doc, { status: 'returned' });
        this.ctx.record(actor, 'document.returnToClerk', doc.id, { reason: input.reason });
        return;
      }
      const a = doc.status === 'in_progress' ? this.mine(doc, actor, ['main']) : undefined;
      if (!a) throw new AppError('INVALID_STATE', `You cannot return document ${doc.id} now (it is "${doc.status}" and not submitted to you or assigned to you as main handler).`);
      this.ctx.repo.finishAssignment(a.id, 'returned', now);
      this.ctx.repo.insertComment(doc.id, 'return', input.reason, actor.userId, actor.fullName, now);
      this.ctx.patch(doc, { status: 'submitted', handler_id: null });
      this.ctx.record(actor, 'document.returnToLeader', doc.id, { reason: input.reason, assignmentId: a.id });
    });
  }

  file(input: Ref & { dossierRef: string }, actor: Actor): void {
    this.ctx.tx(() => {
      const doc = this.ctx.visibleDoc(actor, input.id);
      this.ctx.checkVersion(doc, input.version);
      requireState(doc, doc.direction === 'incoming' ? ['completed'] : ['released'], 'file it into a dossier');
      const allowed = actor.kind === 'system' || doc.handler_id === actor.userId || actor.roles.includes('clerk');
      if (!allowed) throw new AppError('FORBIDDEN', 'Only the handler or a clerk files a document.');
      this.ctx.patch(doc, { dossier_ref: input.dossierRef, ...(doc.direction === 'incoming' && { status: 'filed' }) });
      this.ctx.record(actor, 'document.file', doc.id, { dossierRef: input.dossierRef });
    });
  }
}
