import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { AppError, isAppError } from '../../../shared/api/errors';
import { formatDateTime } from '../i18n';

/** Field path (`agency.code`, `units.0.name`) → i18n code under `fieldErrors.`. */
export type FieldErrors = Record<string, string>;

// Same rule the core's dispatcher uses: schema messages that look like keys are the code,
// otherwise zod's own issue code.
const KEY_LIKE = /^[a-zA-Z.]+$/;

export function fieldErrorsFromZod(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const i of error.issues) {
    const path = i.path.map(String).join('.');
    if (!(path in out)) out[path] = i.message && KEY_LIKE.test(i.message) ? i.message : i.code;
  }
  return out;
}

/** Field errors the core sent back with a VALIDATION (or USERNAME_TAKEN …) error. */
export function fieldErrorsFromError(e: unknown): FieldErrors {
  const out: FieldErrors = {};
  if (isAppError(e)) for (const f of e.fields ?? []) if (!(f.path in out)) out[f.path] = f.code;
  return out;
}

/** The message for one field code, in the current language. */
export function fieldMessage(t: TFunction, code: string | undefined): string | undefined {
  if (!code) return undefined;
  const key = `fieldErrors.${code}`;
  return t(key, { defaultValue: t('fieldErrors.unknown') });
}

/** A sentence for the person in front of the screen, for any error a call can throw. */
export function errorMessage(t: TFunction, lng: string, e: unknown): string {
  const err = isAppError(e) ? e : new AppError('INTERNAL', e instanceof Error ? e.message : String(e));
  if (err.code === 'ACCOUNT_LOCKED') {
    const until = typeof err.details?.lockedUntil === 'string' ? err.details.lockedUntil : undefined;
    return until ? t('errors.ACCOUNT_LOCKED', { until: formatDateTime(until, lng) }) : t('errors.ACCOUNT_LOCKED_NOW');
  }
  if (err.code === 'FILE_TOO_LARGE' && typeof err.details?.limit === 'number' && typeof err.details.size === 'number') {
    // Name the limit in force: the clerk needs it to compress or split the file, or to ask for more.
    return t('errors.FILE_TOO_LARGE_LIMIT', { fileName: String(err.details.fileName ?? ''), size: byteSize(err.details.size), limit: byteSize(err.details.limit) });
  }
  const key = `errors.${err.code}`;
  return t(key, { message: err.message, defaultValue: t('errors.unknown', { code: err.code, message: err.message }) });
}

function byteSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
}
