import { AppError, type FieldIssue } from '../../shared/api/errors';
import type { FileInput } from '../../shared/api/documents';
import { permissionsOf, type Role } from '../../shared/permissions';
import type { Actor } from '../api/context';
import { notReleased, requireState, type DocumentsContext } from './context';
import type { Incoming } from './incoming';
import { buildNotation, padNumber } from './notation';
import type { Registers } from './registers';
import type { DocumentRow } from './repository';
import { vnDate } from './time';
import { checkDate, checkType, failOn } from './validate';

// Outgoing documents: draft (versions, comments) → review/approval chain → signed (the signing
// module records the signed file) → numbered by the clerk in an outgoing register → released to
// units and agencies. A released document never changes; a correction is a new document that
// refers to it (corrects_id).

type Ref = { id: number; version?: number };

export interface DraftInput {
  typeCode: string;
  subject: string;
  unitId: number | null;
  urgency: DocumentRow['urgency'];
  confidentiality: DocumentRow['confidentiality'];
  recipients: string;
  deadline: string | null;
  replyToId: number | null;
  correctsId: number | null;
  file?: FileInput;
  note: string;
}

export class Outgoing {
  constructor(
    private readonly ctx: DocumentsContext,
    private readonly registers: Registers,
    private readonly incoming: Incoming,
  ) {}

  private doc(actor: Actor, ref: Ref): DocumentRow {
    const doc = this.ctx.visibleDoc(actor, ref.id);
    this.ctx.checkVersion(doc, ref.version);
    if (doc.direction !== 'outgoing') throw new AppError('INVALID_STATE', `Document ${doc.id} is an incoming document.`);
    notReleased(doc);
    return doc;
  }

  private requireDrafter(actor: Actor, doc: DocumentRow): void {
    if (actor.kind !== 'system' && doc.handler_id !== actor.userId) throw new AppError('FORBIDDEN', `Only the drafter of document ${doc.id} can do this.`);
  }

  createDraft(input: DraftInput, actor: Actor): number {
    const issues: FieldIssue[] = [...checkType(input.typeCode)];
    checkDate(input.deadline, 'deadline', issues);
    failOn(issues);
    const file = input.file ? this.incoming.storeFiles([input.file])[0] : undefined;
    return this.ctx.tx(() => {
      const agency = this.ctx.users.agency();
      if (!agency) throw new AppError('NOT_INITIALIZED', 'Set up the agency first.');
      if (input.unitId !== null && !this.ctx.users.unit(input.unitId)) throw new AppError('NOT_FOUND', `No unit with id ${input.unitId}.`);
      if (input.replyToId !== null) {
        const inc = this.ctx.visibleDoc(actor, input.replyToId);
        if (inc.direction !== 'incoming') throw new AppError('VALIDATION', 'A reply answers an incoming document.', { fields: [{ path: 'replyToId', code: 'reply.notIncoming', message: 'not incoming' }] });
        const assigned = this.ctx.repo.assignments(inc.id).some((a) => a.status === 'active' && a.role !== 'info' && a.user_id === actor.userId);
        if (actor.kind !== 'system' && !assigned) throw new AppError('FORBIDDEN', `You are not handling document ${inc.id}, so you cannot draft its reply.`);
      }
      if (input.correctsId !== null) {
        const old = this.ctx.visibleDoc(actor, input.correctsId);
        if (!old.released_at) throw new AppError('VALIDATION', 'Only a released document needs a correcting document; edit the draft instead.', { fields: [{ path: 'correctsId', code: 'corrects.notReleased', message: 'not released' }] });
      }
      const now = this.ctx.nowIso();
      const id = this.ctx.repo.insert({
        direction: 'outgoing', register_id: null, year: Number(vnDate(this.ctx.deps.now()).slice(0, 4)), number: null, number_text: null, notation: null,
        number_notation: null, arrival_number: null, arrival_at: null, issuer_name: agency.name, issuer_code: agency.code, issuer_short: agency.shortName,
        type_code: input.typeCode, subject: input.subject, language: 'vi', pages: null, signer: '', signer_position: '', date_issued: null,
        deadline: input.deadline, urgency: input.urgency, confidentiality: input.confidentiality, status: 'draft', handler_id: actor.userId,
        leader_id: null, unit_id: input.unitId, recipients: input.recipients, notes: '', result: '', dossier_ref: '', reply_to_id: input.replyToId,
        corrects_id: input.correctsId, signed_sha256: null, signed_at: null, released_at: null, completed_at: null, cancelled_reason: null,
        source: 'manual', created_by: actor.label, created_at: now, updated_at: now,
      });
      // The note describes the first version (or, with no file yet, the draft itself).
      if (file) {
        const attId = this.incoming.attach(id, file, 'draft', actor);
        this.ctx.repo.insertDraftVersion(id, attId, input.note, actor.label, now);
      } else if (input.note) this.ctx.repo.insertComment(id, 'note', input.note, actor.userId, actor.fullName, now);
      this.ctx.record(actor, 'outgoing.createDraft', id, { typeCode: input.typeCode, subject: input.subject, replyToId: input.replyToId ?? undefined, correctsId: input.correctsId ?? undefined, file: file?.sha256 });
      if (input.replyToId !== null) this.ctx.record(actor, 'document.replyDrafted', input.replyToId, { replyId: id });
      // The released document itself never changes; its history says a correction now exists.
      if (input.correctsId !== null) this.ctx.record(actor, 'document.correctionDrafted', input.correctsId, { correctionId: id });
      return id;
    });
  }

  updateDraft(
    input: { id: number; version: number; typeCode?: string; subject?: string; urgency?: DocumentRow['urgency']; confidentiality?: DocumentRow['confidentiality']; recipients?: string; deadline?: string | null; unitId?: number | null },
    actor: Actor,
  ): void {
    const issues: FieldIssue[] = [...checkType(input.typeCode)];
    checkDate(input.deadline, 'deadline', issues);
    failOn(issues);
    this.ctx.tx(() => {
      const doc = this.doc(actor, input);
      requireState(doc, ['draft'], 'change the draft');
      this.requireDrafter(actor, doc);
      if (input.unitId != null && !this.ctx.users.unit(input.unitId)) throw new AppError('NOT_FOUND', `No unit with id ${input.unitId}.`);
      const patch = {
        ...(input.typeCode !== undefined && { type_code: input.typeCode }),
        ...(input.subject !== undefined && { subject: input.subject }),
        ...(input.urgency !== undefined && { urgency: input.urgency }),
        ...(input.confidentiality !== undefined && { confidentiality: input.confidentiality }),
        ...(input.recipients !== undefined && { recipients: input.recipients }),
        ...(input.deadline !== undefined && { deadline: input.deadline }),
        ...(input.unitId !== undefined && { unit_id: input.unitId }),
      };
      const before = Object.fromEntries(Object.keys(patch).map((k) => [k, (doc as unknown as Record<string, unknown>)[k]]));
      this.ctx.patch(doc, patch);
      this.ctx.record(actor, 'outgoing.updateDraft', doc.id, patch, before);
    });
  }

  addVersion(input: Ref & { file: FileInput; note: string }, actor: Actor): void {
    const [file] = this.incoming.storeFiles([input.file]);
    this.ctx.tx(() => {
      const doc = this.doc(actor, input);
      requireState(doc, ['draft'], 'add a version');
      this.requireDrafter(actor, doc);
      const attId = this.incoming.attach(doc.id, file!, 'draft', actor);
      const n = this.ctx.repo.insertDraftVersion(doc.id, attId, input.note, actor.label, this.ctx.nowIso());
      this.ctx.patch(doc, {});
      this.ctx.record(actor, 'outgoing.addVersion', doc.id, { versionNo: n, sha256: file!.sha256, note: input.note || undefined });
    });
  }

  submitForApproval(input: Ref & { steps: { kind: 'review' | 'approve'; userId: number }[] }, actor: Actor): void {
    this.ctx.tx(() => {
      const doc = this.doc(actor, input);
      requireState(doc, ['draft'], 'send it for approval');
      this.requireDrafter(actor, doc);
      const last = input.steps[input.steps.length - 1]!;
      if (last.kind !== 'approve') failOn([{ path: `steps.${input.steps.length - 1}.kind`, code: 'approval.lastMustApprove', message: 'the last step must be an approval' }]);
      input.steps.forEach((s, i) => {
        const u = this.ctx.user(s.userId);
        const perms = permissionsOf(JSON.parse(u.roles) as Role[]);
        if (s.kind === 'approve' ? !perms.has('documents.approve') : !perms.has('documents.read')) {
          failOn([{ path: `steps.${i}.userId`, code: 'user.lacksPermission', message: `${u.full_name} cannot ${s.kind} documents` }]);
        }
      });
      const round = Math.max(0, ...this.ctx.repo.approvals(doc.id).map((a) => a.round)) + 1;
      input.steps.forEach((s, i) => this.ctx.repo.insertApproval({ document_id: doc.id, step: i + 1, kind: s.kind, user_id: s.userId, status: i === 0 ? 'pending' : 'waiting', round }));
      this.ctx.patch(doc, { status: 'in_review' });
      this.ctx.record(actor, 'outgoing.submitForApproval', doc.id, { round, steps: input.steps });
    });
  }

  private pendingStep(doc: DocumentRow, actor: Actor) {
    const chain = this.ctx.repo.approvals(doc.id);
    const pending = chain.find((a) => a.status === 'pending');
    if (!pending) throw new AppError('INVALID_STATE', `Document ${doc.id} has no step waiting for a decision.`);
    if (actor.kind !== 'system' && pending.user_id !== actor.userId) {
      throw new AppError('FORBIDDEN', `The current step of document ${doc.id} is for another person.`);
    }
    return { pending, chain };
  }

  approve(input: Ref & { comment: string }, actor: Actor): void {
    this.ctx.tx(() => {
      const doc = this.doc(actor, input);
      requireState(doc, ['in_review'], 'approve it');
      const { pending, chain } = this.pendingStep(doc, actor);
      const now = this.ctx.nowIso();
      this.ctx.repo.decideApproval(pending.id, 'approved', input.comment, now);
      const next = chain.find((a) => a.round === pending.round && a.step === pending.step + 1);
      if (next) {
        this.ctx.repo.decideApproval(next.id, 'pending', '', null);
        this.ctx.patch(doc, {});
      } else {
        const approver = this.ctx.users.userById(pending.user_id)!;
        this.ctx.patch(doc, { status: 'approved', leader_id: approver.id, signer: doc.signer || approver.full_name, signer_position: doc.signer_position || approver.title });
      }
      this.ctx.record(actor, pending.kind === 'approve' ? 'outgoing.approve' : 'outgoing.review', doc.id, { step: pending.step, round: pending.round, comment: input.comment || undefined, final: !next });
    });
  }

  reject(input: Ref & { reason: string }, actor: Actor): void {
    this.ctx.tx(() => {
      const doc = this.doc(actor, input);
      requireState(doc, ['in_review'], 'send it back');
      const { pending, chain } = this.pendingStep(doc, actor);
      const now = this.ctx.nowIso();
      this.ctx.repo.decideApproval(pending.id, 'rejected', input.reason, now);
      for (const a of chain) if (a.round === pending.round && a.status === 'waiting') this.ctx.repo.decideApproval(a.id, 'cancelled', '', null);
      this.ctx.repo.insertComment(doc.id, 'rejection', input.reason, actor.userId, actor.fullName, now);
      this.ctx.patch(doc, { status: 'draft' });
      this.ctx.record(actor, 'outgoing.reject', doc.id, { step: pending.step, round: pending.round, reason: input.reason });
    });
  }

  markSigned(input: Ref & { file: FileInput }, actor: Actor): void {
    const [file] = this.incoming.storeFiles([input.file]);
    this.ctx.tx(() => {
      const doc = this.doc(actor, input);
      requireState(doc, ['approved', 'numbered', 'signed'], 'record the signed file');
      this.incoming.attach(doc.id, file!, 'signed', actor);
      this.ctx.patch(doc, { signed_sha256: file!.sha256, signed_at: this.ctx.nowIso(), status: doc.status === 'approved' ? 'signed' : doc.status });
      this.ctx.record(actor, 'outgoing.signed', doc.id, { sha256: file!.sha256, fileName: file!.fileName });
    });
  }

  register(input: Ref & { registerId: number; dateIssued?: string; withUnit: boolean }, actor: Actor): void {
    this.ctx.tx(() => {
      const doc = this.doc(actor, input);
      requireState(doc, ['approved', 'signed'], 'give it a number');
      if (doc.number !== null) throw new AppError('INVALID_STATE', `Document ${doc.id} already has number ${doc.number_notation}.`);
      const register = this.registers.usable(input.registerId, 'outgoing');
      if (register.type_code && register.type_code !== doc.type_code) failOn([{ path: 'registerId', code: 'register.wrongType', message: `register "${register.name}" keeps only ${register.type_code} documents` }]);
      const today = vnDate(this.ctx.deps.now());
      const dateIssued = input.dateIssued ?? today;
      const issues: FieldIssue[] = [];
      if (checkDate(dateIssued, 'dateIssued', issues) && dateIssued.slice(0, 4) !== today.slice(0, 4)) {
        issues.push({ path: 'dateIssued', code: 'date.otherYear', message: 'an outgoing number is given in the current year' });
      }
      failOn(issues);
      let unitCode = '';
      if (input.withUnit) {
        const unit = doc.unit_id !== null ? this.ctx.users.unit(doc.unit_id) : undefined;
        if (!unit?.code) failOn([{ path: 'withUnit', code: 'unit.noCode', message: 'the drafting unit has no code' }]);
        unitCode = unit!.code;
      }
      const year = Number(dateIssued.slice(0, 4));
      const number = this.registers.take(register.id, year);
      const numberText = padNumber(number, register.number_padding);
      const notation = buildNotation(doc.type_code, doc.issuer_short, unitCode);
      this.ctx.patch(doc, { register_id: register.id, year, number, number_text: numberText, notation, number_notation: `${numberText}/${notation}`, date_issued: dateIssued, status: 'numbered' });
      this.ctx.record(actor, 'outgoing.register', doc.id, { registerId: register.id, year, number, numberNotation: `${numberText}/${notation}`, dateIssued });
    });
  }

  release(input: Ref & { recipients: ({ kind: 'unit'; unitId: number } | { kind: 'agency'; agencyCode: string; name: string })[] }, actor: Actor): void {
    this.ctx.tx(() => {
      const doc = this.doc(actor, input);
      requireState(doc, ['numbered'], 'release it');
      const now = this.ctx.nowIso();
      const names: string[] = [];
      input.recipients.forEach((r, i) => {
        if (r.kind === 'unit') {
          const unit = this.ctx.users.unit(r.unitId);
          if (!unit) failOn([{ path: `recipients.${i}.unitId`, code: 'unit.unknown', message: `no unit ${r.unitId}` }]);
          this.ctx.repo.insertRecipient(doc.id, 'unit', r.unitId, '', unit!.name, now);
          names.push(unit!.name);
        } else {
          this.ctx.repo.insertRecipient(doc.id, 'agency', null, r.agencyCode, r.name, now);
          names.push(r.name);
        }
      });
      this.ctx.patch(doc, { status: 'released', released_at: now, recipients: doc.recipients || names.join('; ') });
      this.ctx.record(actor, 'outgoing.release', doc.id, { recipients: input.recipients, numberNotation: doc.number_notation });
    });
  }
}
