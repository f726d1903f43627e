import { AppError } from '../../../shared/api/errors';

/** Reason codes for packages we refuse. Each is an AppError code; `details.reason` repeats it. */
export type EdxmlReason =
  | 'EDXML_TOO_LARGE'
  | 'EDXML_ENCODING'
  | 'EDXML_DTD_FORBIDDEN'
  | 'EDXML_ENTITY_FORBIDDEN'
  | 'EDXML_TOO_DEEP'
  | 'EDXML_TOO_MANY_ELEMENTS'
  | 'EDXML_ATTRIBUTE_TOO_LONG'
  | 'EDXML_TOO_MANY_ATTACHMENTS'
  | 'EDXML_MALFORMED'
  | 'EDXML_WRONG_NAMESPACE'
  | 'EDXML_MISSING_FIELD'
  | 'EDXML_INVALID_FIELD'
  | 'EDXML_AGENCY_CODE'
  | 'EDXML_ATTACHMENT_MISSING'
  | 'EDXML_ATTACHMENT_MISMATCH'
  | 'EDXML_INVALID_CHAR';

export function edxmlError(reason: EdxmlReason, message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError(reason, message, { details: { reason, ...details } });
}

/** NFC and trimmed: the one canonical form every text field is stored and compared in. */
export function normalizeText(s: string): string {
  return s.normalize('NFC').trim();
}

// Digits, capital letters, dots; groups of 1–5 characters. Covers 000.00.00.G22, H01.151.04, 28.22.H17.
const AGENCY_CODE = /^[0-9A-Z]{1,5}(\.[0-9A-Z]{1,5}){0,5}$/;

export function isValidAgencyCode(code: string): boolean {
  return AGENCY_CODE.test(code);
}

export function assertAgencyCode(code: string, field: string): string {
  if (!isValidAgencyCode(code)) {
    throw edxmlError('EDXML_AGENCY_CODE', `${field} "${code.slice(0, 40)}" is not an agency code (digits, capital letters and dots, e.g. 000.00.00.G22 or H01.151). Correct the sender's directory entry.`, { field });
  }
  return code;
}

// Characters XML 1.0 cannot carry at all, even escaped.
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function assertXmlText(s: string, field: string): void {
  if (XML_FORBIDDEN.test(s)) {
    throw edxmlError('EDXML_INVALID_CHAR', `${field} contains a control character XML cannot carry; remove it and try again.`, { field });
  }
}

// Latin-1 letters that Vietnamese written in Unicode uses; any other character in U+0080–U+00FF in
// a Vietnamese text field is the mark of TCVN3/VNI bytes that were decoded as Latin-1/Windows-1252.
const VIETNAMESE_LATIN1 = new Set('ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý°«»·§±×½²³©®'.split(''));

/** True when `s` looks like legacy-encoded Vietnamese read as Latin-1 (e.g. "ViÖt Nam", "Vieät"). */
export function looksLikeLegacyVietnamese(s: string): boolean {
  let suspicious = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    // A letter only Unicode Vietnamese has (ă đ ơ ư ạ ế …) proves the text was decoded right.
    if ((cp >= 0x100 && cp <= 0x1b0) || (cp >= 0x1ea0 && cp <= 0x1ef9)) return false;
    if (cp >= 0x80 && cp <= 0xff && !VIETNAMESE_LATIN1.has(ch)) suspicious++;
  }
  return suspicious >= 2;
}

const WIRE_DATE = /^(\d{4})\/(\d{2})\/(\d{2})$/;
const WIRE_TIMESTAMP = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function realDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** `yyyy/MM/dd` (wire) → `YYYY-MM-DD`. */
export function dateFromWire(s: string, field: string): string {
  const m = WIRE_DATE.exec(s) ?? ISO_DATE.exec(s); // some senders write ISO dates; accept them
  if (!m || !realDate(+m[1]!, +m[2]!, +m[3]!)) {
    throw edxmlError('EDXML_INVALID_FIELD', `${field} "${s.slice(0, 40)}" is not a date in yyyy/MM/dd form.`, { field });
  }
  return `${m[1]}-${m[2]}-${m[3]}`;
}

export function dateToWire(iso: string, field: string): string {
  const m = ISO_DATE.exec(iso);
  if (!m || !realDate(+m[1]!, +m[2]!, +m[3]!)) {
    throw edxmlError('EDXML_INVALID_FIELD', `${field} "${iso}" is not a date in YYYY-MM-DD form.`, { field });
  }
  return `${m[1]}/${m[2]}/${m[3]}`;
}

const VN_OFFSET_MS = 7 * 3600_000;

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** Vietnam wall-clock `yyyy/MM/dd HH:mm:ss` → ISO with +07:00. */
export function timestampFromWire(s: string, field: string): string {
  const m = WIRE_TIMESTAMP.exec(s);
  if (m && realDate(+m[1]!, +m[2]!, +m[3]!) && +m[4]! < 24 && +m[5]! < 60 && +m[6]! < 60) {
    return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+07:00`;
  }
  if (ISO_TIMESTAMP.test(s) && !Number.isNaN(Date.parse(s))) return isoToVietnam(s);
  throw edxmlError('EDXML_INVALID_FIELD', `${field} "${s.slice(0, 40)}" is not a time in yyyy/MM/dd HH:mm:ss form.`, { field });
}

/** Any ISO timestamp → the same instant as Vietnam wall-clock `yyyy/MM/dd HH:mm:ss`. */
export function timestampToWire(iso: string, field: string): string {
  if (!ISO_TIMESTAMP.test(iso) || Number.isNaN(Date.parse(iso))) {
    throw edxmlError('EDXML_INVALID_FIELD', `${field} "${iso}" is not an ISO timestamp with a zone.`, { field });
  }
  const t = new Date(Date.parse(iso) + VN_OFFSET_MS);
  return `${t.getUTCFullYear()}/${pad(t.getUTCMonth() + 1)}/${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
}

/** Any ISO timestamp → ISO in Vietnam time (+07:00), whole seconds. */
export function isoToVietnam(iso: string): string {
  const t = new Date(Date.parse(iso) + VN_OFFSET_MS);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}+07:00`;
}

/** Now, in the form ExchangeDocument timestamps use. */
export function vietnamNow(now: Date = new Date()): string {
  return isoToVietnam(now.toISOString());
}
