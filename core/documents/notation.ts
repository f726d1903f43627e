import { DOCUMENT_TYPES } from '../../shared/api/documents';
import type { FieldIssue } from '../../shared/api/errors';

// Number and notation (số, ký hiệu) as Decree 30 prints them:
//   05/QĐ-UBND      number / type abbreviation - issuer short name
//   15/KH-UBND-VP   … - unit
//   123/UBND-VX     a công văn has no type part: issuer - unit
//   43/2011/NĐ-CP   legal normative documents also carry the year

export interface ParsedNotation {
  number: number;
  /** As printed, keeping leading zeros (CodeNumber). */
  numberText: string;
  year: number | null;
  typeCode: string;
  issuerShort: string;
  unitCode: string;
  /** CodeNotation: everything after the number (and year). */
  notation: string;
}

const BY_ABBREVIATION = new Map<string, string>(DOCUMENT_TYPES.filter((t) => t.abbreviation).map((t) => [t.abbreviation.toUpperCase(), t.code]));
const TYPE_CODES = new Set<string>(DOCUMENT_TYPES.map((t) => t.code));
const SEGMENT = /^[\p{L}\p{N}&.]+$/u;

export function isKnownType(code: string): boolean {
  return TYPE_CODES.has(code);
}

export function typeName(code: string): string {
  return DOCUMENT_TYPES.find((t) => t.code === code)?.name ?? code;
}

export function typeAbbreviation(code: string): string {
  return DOCUMENT_TYPES.find((t) => t.code === code)?.abbreviation ?? '';
}

/** Parses a printed number/notation; returns field issues (path `numberNotation`) when malformed. */
export function parseNotation(input: string): { ok: true; value: ParsedNotation } | { ok: false; issue: FieldIssue } {
  const s = input.trim().replace(/^số[:\s]*/iu, '').replace(/\s*\/\s*/g, '/').replace(/\s*-\s*/g, '-');
  const fail = (message: string): { ok: false; issue: FieldIssue } => ({ ok: false, issue: { path: 'numberNotation', code: 'notation.format', message } });
  const m = /^(\d{1,9}[a-zA-Z]?)(?:\/(\d{4}))?\/(.+)$/.exec(s);
  if (!m) return fail(`"${input}" is not a number/notation like 05/QĐ-UBND or 123/UBND-VX.`);
  const [, numberText = '', yearText, rest = ''] = m;
  if (rest.length > 30) return fail(`The notation "${rest}" is longer than 30 characters.`);
  const parts = rest.split('-');
  if (parts.some((p) => !SEGMENT.test(p))) return fail(`The notation "${rest}" has an empty or invalid part.`);
  const first = parts[0] ?? '';
  const typeCode = parts.length >= 2 ? BY_ABBREVIATION.get(first.toUpperCase()) : undefined;
  let value: ParsedNotation;
  if (typeCode) {
    value = { number: parseInt(numberText, 10), numberText, year: yearText ? Number(yearText) : null, typeCode, issuerShort: parts[1] ?? '', unitCode: parts.slice(2).join('-'), notation: rest };
  } else {
    // Công văn: the first part is the issuer.
    value = { number: parseInt(numberText, 10), numberText, year: yearText ? Number(yearText) : null, typeCode: 'CV', issuerShort: first, unitCode: parts.slice(1).join('-'), notation: rest };
  }
  if (value.number < 1) return fail('Document numbers start at 1.');
  return { ok: true, value };
}

/** Builds the printed notation of an outgoing document: QĐ-UBND, QĐ-UBND-VP, or UBND-VP for a công văn. */
export function buildNotation(typeCode: string, agencyShort: string, unitCode = ''): string {
  const abbr = typeAbbreviation(typeCode);
  return [abbr, agencyShort, unitCode].filter(Boolean).join('-');
}

/** Numbers below 10 print as 01–09 (padding is a register setting). */
export function padNumber(n: number, padding: number): string {
  return String(n).padStart(padding, '0');
}

/** The whole printed form: 05/QĐ-UBND, or 43/2011/NĐ-CP. */
export function printed(p: ParsedNotation): string {
  return `${p.numberText}${p.year ? `/${p.year}` : ''}/${p.notation}`;
}
