// Registers follow the Vietnamese calendar day: a document arriving at 00:30 on 1 January in
// Hà Nội belongs to the new year even though it is still 31 December in UTC.
const VN_OFFSET_MS = 7 * 3600 * 1000;

/** `2026-01-01T00:30:00+07:00` for an instant. */
export function toVnIso(d: Date): string {
  const local = new Date(d.getTime() + VN_OFFSET_MS).toISOString();
  return `${local.slice(0, 19)}+07:00`;
}

/** The Vietnamese calendar date (YYYY-MM-DD) of an instant. */
export function vnDate(d: Date): string {
  return new Date(d.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

export function vnYear(d: Date): number {
  return Number(vnDate(d).slice(0, 4));
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Parses an ISO 8601 date-time (a bare date or time without offset is read as Vietnam time). */
export function parseInstant(s: string): Date | null {
  const t = s.trim();
  let iso = t;
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) iso = `${t}T00:00:00+07:00`;
  else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t)) iso = `${t.replace(' ', 'T')}+07:00`;
  else if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t)) return null;
  if (!isRealDate(iso.slice(0, 10))) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** `dd/mm/yyyy` as Vietnamese documents print dates. */
export function vnPrintedDate(ymd: string | null): string {
  if (!ymd) return '';
  const [y, m, d] = ymd.split('-');
  return `${d}/${m}/${y}`;
}
