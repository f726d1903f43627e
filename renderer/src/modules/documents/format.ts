import type { TFunction } from 'i18next';
import { AppError, isAppError } from '../../../../shared/api/errors';
import { errorMessage } from '../../ui/errors';

// Formatting and messages shared by the documents pages. Agencies work in Vietnam time, so
// timestamps are shown in Asia/Ho_Chi_Minh whatever the computer's zone.

const TZ = 'Asia/Ho_Chi_Minh';

function locale(lng: string): string {
  return lng === 'en' ? 'en-GB' : 'vi-VN';
}

/** `2026-03-02` → `02/03/2026`. */
export function formatYmd(ymd: string | null | undefined): string {
  if (!ymd) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ymd);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : ymd;
}

/** An ISO instant → its date in Vietnam. */
export function formatInstantDate(iso: string | null | undefined, lng: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(locale(lng), { timeZone: TZ, day: '2-digit', month: '2-digit', year: 'numeric' });
}

export function formatInstant(iso: string | null | undefined, lng: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(locale(lng), { timeZone: TZ, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** Today in Vietnam as YYYY-MM-DD (default dates in forms). */
export function todayYmd(now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  return parts.slice(0, 10);
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A field error code in words: the documents' own text first, then the shared catalogue. */
export function docFieldMessage(t: TFunction, code: string | undefined): string | undefined {
  if (!code) return undefined;
  return t(`docs.fieldErrors.${code}`, { defaultValue: t(`fieldErrors.${code}`, { defaultValue: t('fieldErrors.unknown') }) });
}

/** Any error a documents call can throw, as a sentence for the user. */
export function docErrorMessage(t: TFunction, lng: string, e: unknown): string {
  const code = isAppError(e) ? e.code : undefined;
  if (code && ['DUPLICATE', 'INVALID_STATE', 'DOCUMENT_RELEASED', 'FORWARD_LIMIT', 'CONFLICT'].includes(code)) return t(`docs.errors.${code}`);
  if (code === 'VALIDATION' && isAppError(e)) return e.fields?.length ? t('docs.actions.fixErrors') : (e as AppError).message;
  return errorMessage(t, lng, e);
}

/** How a document is named in lists and titles: its number and notation, else its subject. */
export function docLabel(d: { numberNotation: string | null; subject: string }): string {
  return d.numberNotation || d.subject;
}

/** The name of an audit actor label (`user:lan`) using the users list when known. */
export function actorName(label: string, names: ReadonlyMap<string, string>): string {
  const m = /^user:(.+)$/.exec(label);
  if (m) return names.get(m[1]!) ?? m[1]!;
  return label.replace(/^system:/, '');
}
