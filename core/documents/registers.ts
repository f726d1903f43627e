import { AppError } from '../../shared/api/errors';
import type { RegisterView } from '../../shared/api/documents';
import type { Actor } from '../api/context';
import type { DocumentsContext } from './context';
import { isKnownType } from './notation';
import type { RegisterRow } from './repository';
import { vnYear } from './time';

// Registers (sổ văn bản): each keeps its own sequence per calendar year (Vietnam time), starting
// at 1 on 1 January. The counter lives in register_counters and only moves forward.

export class Registers {
  constructor(private readonly ctx: DocumentsContext) {}

  view(r: RegisterRow, year = vnYear(this.ctx.deps.now())): RegisterView {
    return {
      id: r.id,
      name: r.name,
      direction: r.direction,
      confidential: r.confidential === 1,
      numberPadding: r.number_padding,
      typeCode: r.type_code,
      unitId: r.unit_id,
      active: r.active === 1,
      keeperIds: this.ctx.repo.keepers(r.id),
      lastNumber: this.ctx.repo.lastNumber(r.id, year),
    };
  }

  list(direction?: 'incoming' | 'outgoing', year?: number): RegisterView[] {
    return this.ctx.repo.registers(direction).map((r) => this.view(r, year));
  }

  get(id: number): RegisterRow {
    const r = this.ctx.repo.register(id);
    if (!r) throw new AppError('NOT_FOUND', `No register with id ${id}.`);
    return r;
  }

  /** A register that can take a new number for a document going this way. */
  usable(id: number, direction: 'incoming' | 'outgoing'): RegisterRow {
    const r = this.get(id);
    if (r.direction !== direction) {
      throw new AppError('VALIDATION', `Register "${r.name}" is for ${r.direction} documents; choose an ${direction} register.`, {
        fields: [{ path: 'registerId', code: 'register.wrongDirection', message: `register is for ${r.direction} documents` }],
      });
    }
    if (!r.active) throw new AppError('VALIDATION', `Register "${r.name}" is closed.`, { fields: [{ path: 'registerId', code: 'register.inactive', message: 'closed' }] });
    return r;
  }

  create(
    input: { name: string; direction: 'incoming' | 'outgoing'; confidential: boolean; numberPadding: number; typeCode: string | null; unitId: number | null; keeperIds: number[] },
    actor: Actor,
  ): RegisterView {
    if (input.typeCode && !isKnownType(input.typeCode)) {
      throw new AppError('VALIDATION', `Unknown document type "${input.typeCode}".`, { fields: [{ path: 'typeCode', code: 'type.unknown', message: 'unknown type' }] });
    }
    return this.ctx.tx(() => {
      this.refuseTakenName(input.name, input.direction);
      if (input.unitId !== null && !this.ctx.users.unit(input.unitId)) throw new AppError('NOT_FOUND', `No unit with id ${input.unitId}.`);
      for (const k of input.keeperIds) this.ctx.user(k);
      const id = this.ctx.repo.insertRegister({
        name: input.name, direction: input.direction, confidential: input.confidential ? 1 : 0, number_padding: input.numberPadding,
        type_code: input.typeCode, unit_id: input.unitId, active: 1, created_at: this.ctx.nowIso(), created_by: actor.label,
      });
      this.ctx.repo.setKeepers(id, input.keeperIds);
      const view = this.view(this.get(id));
      this.ctx.audit.record({ actor: actor.label, action: 'register.create', subjectType: 'register', subjectId: id, after: view });
      return view;
    });
  }

  update(input: { id: number; name?: string; numberPadding?: number; keeperIds?: number[]; active?: boolean }, actor: Actor): RegisterView {
    return this.ctx.tx(() => {
      const current = this.get(input.id);
      if (input.name !== undefined) this.refuseTakenName(input.name, current.direction, input.id);
      const before = this.view(current);
      this.ctx.repo.updateRegister(input.id, {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.numberPadding !== undefined && { number_padding: input.numberPadding }),
        ...(input.active !== undefined && { active: input.active ? 1 : 0 }),
      });
      if (input.keeperIds) {
        for (const k of input.keeperIds) this.ctx.user(k);
        this.ctx.repo.setKeepers(input.id, input.keeperIds);
      }
      const after = this.view(this.get(input.id));
      this.ctx.audit.record({ actor: actor.label, action: 'register.update', subjectType: 'register', subjectId: input.id, before, after });
      return after;
    });
  }

  /** Two registers of one direction with names that differ only in case, spacing or diacritics confuse clerks. */
  private refuseTakenName(name: string, direction: string, exceptId?: number): void {
    const key = registerNameKey(name);
    const clash = this.ctx.repo.registers(direction).find((r) => r.id !== exceptId && registerNameKey(r.name) === key);
    if (clash) {
      throw new AppError('VALIDATION', `A ${direction} register is already called "${clash.name}"; choose another name.`, {
        fields: [{ path: 'name', code: 'taken', message: 'name already used' }],
        details: { registerId: clash.id },
      });
    }
  }

  /** Next number of the register for the year. Call inside ctx.tx (an IMMEDIATE transaction). */
  take(registerId: number, year: number): number {
    return this.ctx.repo.nextNumber(registerId, year);
  }
}

function registerNameKey(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().replace(/\s+/g, ' ').trim();
}
