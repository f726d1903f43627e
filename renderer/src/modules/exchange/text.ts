import type { TFunction } from 'i18next';
import { isAppError } from '../../../../shared/api/errors';
import { docErrorMessage } from '../documents/format';

// Texts shared by the exchange pages: error codes of edXML, the axis and the sync in words, and a
// search key that ignores Vietnamese diacritics.

const EXCHANGE_CODE = /^(EDXML|AXIS|EXCHANGE)_[A-Z_]+$/;

/** Any error an exchange call can throw, as a sentence for the user. */
export function exchangeErrorMessage(t: TFunction, lng: string, e: unknown): string {
  if (isAppError(e) && EXCHANGE_CODE.test(e.code)) return t(`exchange.errors.${e.code}`, { message: e.message, defaultValue: e.message });
  return docErrorMessage(t, lng, e);
}

/**
 * A stored reason such as `AXIS_UNKNOWN_RECIPIENT: organ … is not registered` (outbox last error,
 * quarantine reason, timeline detail) in words, keeping the technical part for the tooltip.
 */
export function reasonText(t: TFunction, raw: string | null | undefined): { text: string; technical: string } {
  if (!raw) return { text: '', technical: '' };
  const m = /^((?:EDXML|AXIS|EXCHANGE)_[A-Z_]+)(?::\s*|\s+)?([\s\S]*)$/.exec(raw);
  if (!m) return { text: raw, technical: '' };
  return { text: t(`exchange.errors.${m[1]}`, { message: m[2] ?? '', defaultValue: raw }), technical: raw };
}

/** Lower case without diacritics (đ → d), so "so noi vu" finds "Sở Nội vụ". */
export function foldVietnamese(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function matchesAgency(a: { organId: string; organName: string }, query: string): boolean {
  const q = foldVietnamese(query);
  if (!q) return true;
  const hay = `${foldVietnamese(a.organName)} ${a.organId.toLowerCase()}`;
  return q.split(' ').every((w) => hay.includes(w));
}
