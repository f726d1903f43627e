import { z } from 'zod';
import { AppError } from '../../shared/api/errors';
import type { documentsMethods, FileInput } from '../../shared/api/documents';
import type { Actor } from '../api/context';
import type { DocumentsContext } from './context';
import { parseNotation, printed } from './notation';
import { storeInput, type StoredFile } from './files';
import type { Registers } from './registers';
import type { DocumentRow, NewDocument } from './repository';
import { toVnIso, vnYear } from './time';
import { checkIncoming, failOn } from './validate';

export type IncomingInput = z.output<(typeof documentsMethods)['documents.registerIncoming']['input']>;
export type IncomingMetadata = Omit<IncomingInput, 'registerId' | 'attachments' | 'force'>;

export interface DuplicateMatch {
  id: number;
  reason: 'sameNumber' | 'sameFile';
  numberNotation: string | null;
  subject: string;
  arrivalNumber: number | null;
  registerId: number | null;
}

/** A validated incoming document, ready to take a number. */
export interface PreparedIncoming {
  row: Omit<NewDocument, 'arrival_number' | 'year'>;
  year: number;
  registerId: number;
}

export class Incoming {
  constructor(
    private readonly ctx: DocumentsContext,
    private readonly registers: Registers,
  ) {}

  /** Checks metadata and builds the row; throws VALIDATION with every field problem. */
  prepare(input: IncomingMetadata & { registerId: number }, actor: Actor, source = 'manual'): PreparedIncoming {
    const { parsed, typeCode, arrival } = checkIncoming(input, this.ctx.deps.now());
    const register = this.registers.usable(input.registerId, 'incoming');
    if (register.type_code && register.type_code !== typeCode) {
      failOn([{ path: 'registerId', code: 'register.wrongType', message: `register "${register.name}" keeps only ${register.type_code} documents` }]);
    }
    const now = this.ctx.nowIso();
    return {
      registerId: register.id,
      year: vnYear(arrival),
      row: {
        direction: 'incoming', register_id: register.id, number: parsed.number, number_text: parsed.numberText, notation: parsed.notation,
        number_notation: printed(parsed), arrival_at: toVnIso(arrival),
        issuer_name: input.issuerName, issuer_code: input.issuerCode, issuer_short: parsed.issuerShort, type_code: typeCode, subject: input.subject,
        language: input.language, pages: input.pages, signer: input.signer, signer_position: input.signerPosition, date_issued: input.dateIssued,
        deadline: input.deadline, urgency: input.urgency, confidentiality: input.confidentiality, status: 'registered', handler_id: null,
        leader_id: null, unit_id: input.unitId, recipients: '', notes: input.notes, result: '', dossier_ref: '', reply_to_id: null,
        corrects_id: null, signed_sha256: null, signed_at: null, released_at: null, completed_at: null, cancelled_reason: null,
        source, created_by: actor.label, created_at: now, updated_at: now,
      },
    };
  }

  duplicates(q: { numberNotation?: string; issuerName?: string; issuerCode?: string; dateIssued?: string; sha256s?: string[] }): DuplicateMatch[] {
    const out = new Map<string, DuplicateMatch>();
    const add = (d: DocumentRow, reason: DuplicateMatch['reason']) =>
      out.set(`${d.id}:${reason}`, { id: d.id, reason, numberNotation: d.number_notation, subject: d.subject, arrivalNumber: d.arrival_number, registerId: d.register_id });
    if (q.numberNotation && q.dateIssued && (q.issuerName || q.issuerCode)) {
      const p = parseNotation(q.numberNotation);
      const normalized = p.ok ? printed(p.value) : q.numberNotation.trim();
      for (const d of this.ctx.repo.sameNumber(q.issuerCode ?? '', q.issuerName ?? '', normalized, q.dateIssued)) add(d, 'sameNumber');
    }
    for (const h of q.sha256s ?? []) for (const d of this.ctx.repo.withFile(h)) add(d, 'sameFile');
    return [...out.values()];
  }

  /** Inside a transaction: duplicate check, next arrival number, the row, its files, the audit entry. */
  insertPrepared(p: PreparedIncoming, files: StoredFile[], actor: Actor, force: boolean): number {
    this.refuseDuplicate(p, files, force);
    return this.insertChecked(p, files, actor, force);
  }

  /** Throws DUPLICATE (writing nothing) when the document looks registered already, unless forced. */
  refuseDuplicate(p: PreparedIncoming, files: StoredFile[], force: boolean): void {
    if (!force) {
      const dups = this.duplicates({
        numberNotation: p.row.number_notation ?? undefined, issuerName: p.row.issuer_name, issuerCode: p.row.issuer_code,
        dateIssued: p.row.date_issued ?? undefined, sha256s: files.map((f) => f.sha256),
      });
      if (dups.length) {
        throw new AppError('DUPLICATE', `This looks like a document already registered (${[...new Set(dups.map((d) => `#${d.id} ${d.numberNotation ?? ''}`))].join(', ')}). Check it, or register anyway with force.`, {
          details: { duplicates: dups },
        });
      }
    }
  }

  /** The writes of insertPrepared, after refuseDuplicate: the number, the row, its files, the audit entry. */
  insertChecked(p: PreparedIncoming, files: StoredFile[], actor: Actor, force: boolean): number {
    const arrivalNumber = this.registers.take(p.registerId, p.year);
    const id = this.ctx.repo.insert({ ...p.row, arrival_number: arrivalNumber, year: p.year });
    for (const [i, f] of files.entries()) this.attach(id, f, i === 0 ? 'main' : 'attachment', actor);
    this.ctx.record(actor, 'document.registerIncoming', id, {
      registerId: p.registerId, year: p.year, arrivalNumber, numberNotation: p.row.number_notation, issuer: p.row.issuer_name, subject: p.row.subject, forced: force || undefined,
    });
    return id;
  }

  attach(documentId: number, f: StoredFile, role: 'main' | 'attachment' | 'draft' | 'signed', actor: Actor): number {
    return this.ctx.repo.insertAttachment({
      document_id: documentId, role, file_name: f.fileName, mime: f.mime, size: f.size, sha256: f.sha256, extraction: f.extraction,
      extraction_error: f.extractionError, warning: f.warning, created_by: actor.label, created_at: this.ctx.nowIso(),
    });
  }

  storeFiles(files: FileInput[]): StoredFile[] {
    const limit = this.ctx.settings().maxAttachmentBytes;
    return files.map((f) => storeInput(this.ctx.deps.blobs, f, limit));
  }

  register(input: IncomingInput, actor: Actor): { id: number; warnings: string[] } {
    const prepared = this.prepare(input, actor);
    const files = this.storeFiles(input.attachments);
    const id = this.ctx.tx(() => this.insertPrepared(prepared, files, actor, input.force));
    return { id, warnings: files.filter((f) => f.warning).map((f) => `${f.fileName}: ${f.warning}`) };
  }

  update(input: Partial<IncomingMetadata> & { id: number; version: number }, actor: Actor): void {
    this.ctx.tx(() => {
      const doc = this.ctx.visibleDoc(actor, input.id);
      this.ctx.checkVersion(doc, input.version);
      if (doc.released_at) throw new AppError('DOCUMENT_RELEASED', `Document ${doc.id} was released and cannot be changed; draft a correcting document that refers to it.`);
      if (doc.status === 'cancelled') throw new AppError('INVALID_STATE', `Document ${doc.id} is cancelled.`);
      const patch: Record<string, unknown> = {};
      if (doc.direction === 'incoming') {
        const merged = {
          numberNotation: input.numberNotation ?? doc.number_notation ?? '', typeCode: input.typeCode ?? doc.type_code, issuerCode: input.issuerCode ?? doc.issuer_code,
          dateIssued: input.dateIssued ?? doc.date_issued ?? '', arrivalAt: doc.arrival_at ?? undefined, deadline: input.deadline !== undefined ? input.deadline : doc.deadline,
        };
        const { parsed } = checkIncoming(merged, this.ctx.deps.now());
        if (input.numberNotation !== undefined) {
          Object.assign(patch, { number: parsed.number, number_text: parsed.numberText, notation: parsed.notation, number_notation: printed(parsed), issuer_short: parsed.issuerShort });
        }
      } else if (input.typeCode !== undefined && doc.number !== null) {
        throw new AppError('INVALID_STATE', 'The type of a numbered outgoing document is part of its notation; cancel it and draft a new one.');
      }
      const map: Record<string, string> = {
        issuerName: 'issuer_name', issuerCode: 'issuer_code', typeCode: 'type_code', dateIssued: 'date_issued', subject: 'subject', signer: 'signer',
        signerPosition: 'signer_position', pages: 'pages', language: 'language', urgency: 'urgency', confidentiality: 'confidentiality', deadline: 'deadline',
        unitId: 'unit_id', notes: 'notes',
      };
      for (const [k, col] of Object.entries(map)) {
        const v = (input as Record<string, unknown>)[k];
        if (v !== undefined) patch[col] = v;
      }
      const before = Object.fromEntries(Object.keys(patch).map((c) => [c, (doc as unknown as Record<string, unknown>)[c]]));
      this.ctx.patch(doc, patch);
      this.ctx.record(actor, 'document.update', doc.id, patch, before);
    });
  }

  cancel(input: { id: number; version?: number; reason: string }, actor: Actor): void {
    this.ctx.tx(() => {
      const doc = this.ctx.visibleDoc(actor, input.id);
      this.ctx.checkVersion(doc, input.version);
      if (doc.released_at) throw new AppError('DOCUMENT_RELEASED', `Document ${doc.id} was released; recall it or issue a correcting document instead.`);
      if (doc.status === 'cancelled') throw new AppError('INVALID_STATE', `Document ${doc.id} is already cancelled.`);
      for (const a of this.ctx.repo.assignments(doc.id)) if (a.status === 'active') this.ctx.repo.finishAssignment(a.id, 'recalled', this.ctx.nowIso());
      this.ctx.patch(doc, { status: 'cancelled', cancelled_reason: input.reason });
      // The number stays on the cancelled row: it is recorded as cancelled and never given again.
      this.ctx.record(actor, 'document.cancel', doc.id, { reason: input.reason, number: doc.number_notation, arrivalNumber: doc.arrival_number, previousStatus: doc.status });
    });
  }
}
