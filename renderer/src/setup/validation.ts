import { foundationMethods } from '../../../shared/api/foundation';
import { fieldErrorsFromZod, type FieldErrors } from '../ui/errors';

export interface UnitRow {
  key: number;
  name: string;
  code: string;
}

export interface SetupDraft {
  agency: { name: string; code: string; shortName: string };
  units: UnitRow[];
  admin: { username: string; fullName: string; password: string; confirm: string };
}

export const SETUP_STEPS = ['agency', 'units', 'admin', 'summary'] as const;
export type SetupStep = (typeof SETUP_STEPS)[number];

export function setupPayload(d: SetupDraft) {
  return {
    agency: d.agency,
    units: d.units.map((u) => ({ name: u.name, code: u.code })),
    admin: { username: d.admin.username, fullName: d.admin.fullName, password: d.admin.password },
  };
}

/** Checks the draft with the very schema the core applies, plus the repeated password. */
export function validateSetup(d: SetupDraft): FieldErrors {
  const payload = setupPayload(d);
  const parsed = foundationMethods['setup.initialize'].input.safeParse(payload);
  const errors = parsed.success ? {} : fieldErrorsFromZod(parsed.error);
  // An empty field is simply missing, whatever format rule it also breaks.
  for (const path of Object.keys(errors)) {
    const value = path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], payload);
    if (typeof value === 'string' && value.trim() === '') errors[path] = 'required';
  }
  if (d.admin.confirm !== d.admin.password && !errors['admin.password']) errors['admin.confirm'] = 'passwordConfirm.mismatch';
  return errors;
}

/** Which wizard step shows the field at `path` (`agency.code`, `units.2.name`, `admin.password`). */
export function stepOfField(path: string): SetupStep {
  if (path.startsWith('agency')) return 'agency';
  if (path.startsWith('units')) return 'units';
  if (path.startsWith('admin')) return 'admin';
  return 'summary';
}

/** DOM id of the input for a field path, so errors can move focus to it. */
export function fieldId(path: string): string {
  return `setup-${path.replace(/\./g, '-')}`;
}
