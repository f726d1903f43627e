import type { TFunction } from 'i18next';
import type { RegisterView } from '../../../../shared/api/documents';
import { fieldMessage } from '../../ui/errors';

/**
 * The message for a field error of the registers or document-settings forms: the form's own
 * wording first (`admin.<form>.errors.<field>.<code>`), then the documents module's codes
 * (type.unknown, …), then the general one.
 */
export function adminFieldText(t: TFunction, form: 'registers' | 'documentSettings', path: string, code: string | undefined): string | undefined {
  if (!code) return undefined;
  const general = t(`docs.fieldErrors.${code}`, { defaultValue: fieldMessage(t, code) });
  return t(`admin.${form}.errors.${path}.${code}`, { defaultValue: general });
}

/** Same name ignoring case, spacing and Vietnamese diacritics: two such registers confuse clerks. */
export function sameRegisterName(a: string, b: string): boolean {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').replace(/\s+/g, ' ').trim().toLowerCase();
  return fold(a) === fold(b);
}

/** A register of the same kind already named like this (other than `exceptId`). */
export function nameTaken(registers: RegisterView[] | undefined, name: string, direction: RegisterView['direction'], exceptId?: number): boolean {
  return (registers ?? []).some((r) => r.id !== exceptId && r.direction === direction && sameRegisterName(r.name, name));
}
