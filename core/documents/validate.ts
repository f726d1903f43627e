import { AppError, type FieldIssue } from '../../shared/api/errors';
import { agencyCode } from '../../shared/api/schemas';
import { isKnownType, parseNotation, type ParsedNotation } from './notation';
import { isRealDate, parseInstant, vnDate } from './time';

// Checks on document metadata that go beyond the schema: real dates in a sensible order, known
// types, a notation that reads as Decree 30 prints it. All problems are reported at once, each on
// its field, with codes the UI translates (fieldErrors.<code>).

export interface IncomingFields {
  numberNotation: string;
  typeCode?: string;
  issuerCode: string;
  dateIssued: string;
  arrivalAt?: string;
  deadline: string | null;
}

export interface CheckedIncoming {
  parsed: ParsedNotation;
  typeCode: string;
  arrival: Date;
}

export function failOn(issues: FieldIssue[]): void {
  if (issues.length) {
    throw new AppError('VALIDATION', `Please correct: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { fields: issues });
  }
}

export function checkType(typeCode: string | undefined, path = 'typeCode'): FieldIssue[] {
  if (typeCode !== undefined && !isKnownType(typeCode)) return [{ path, code: 'type.unknown', message: `unknown document type "${typeCode}"` }];
  return [];
}

export function checkDate(value: string | null | undefined, path: string, issues: FieldIssue[]): boolean {
  if (value === null || value === undefined) return false;
  if (!isRealDate(value)) {
    issues.push({ path, code: 'date.invalid', message: `"${value}" is not a real date (YYYY-MM-DD)` });
    return false;
  }
  return true;
}

export function checkIncoming(f: IncomingFields, now: Date): CheckedIncoming {
  const issues: FieldIssue[] = [];
  const today = vnDate(now);
  const p = parseNotation(f.numberNotation);
  if (!p.ok) issues.push(p.issue);
  issues.push(...checkType(f.typeCode));
  if (p.ok && f.typeCode && isKnownType(f.typeCode) && p.value.typeCode !== 'CV' && p.value.typeCode !== f.typeCode) {
    issues.push({ path: 'typeCode', code: 'notation.typeMismatch', message: `the notation says ${p.value.typeCode}, the type given is ${f.typeCode}` });
  }
  if (f.issuerCode && !agencyCode.safeParse(f.issuerCode).success) {
    issues.push({ path: 'issuerCode', code: 'agencyCode.format', message: `"${f.issuerCode}" is not an agency identifier like 000.00.00.H10` });
  }
  let issuedOk = checkDate(f.dateIssued, 'dateIssued', issues);
  if (issuedOk && f.dateIssued > today) {
    issues.push({ path: 'dateIssued', code: 'date.future', message: 'the date of issue is in the future' });
    issuedOk = false;
  }
  let arrival = now;
  if (f.arrivalAt !== undefined && f.arrivalAt !== '') {
    const a = parseInstant(f.arrivalAt);
    if (!a) issues.push({ path: 'arrivalAt', code: 'date.invalid', message: `"${f.arrivalAt}" is not a date and time (ISO 8601)` });
    else if (a.getTime() > now.getTime() + 5 * 60_000) issues.push({ path: 'arrivalAt', code: 'date.future', message: 'the arrival time is in the future' });
    else arrival = a;
  }
  if (issuedOk && vnDate(arrival) < f.dateIssued) issues.push({ path: 'arrivalAt', code: 'date.beforeIssue', message: 'it cannot arrive before it was issued' });
  if (checkDate(f.deadline, 'deadline', issues) && f.deadline! < vnDate(arrival)) {
    issues.push({ path: 'deadline', code: 'deadline.beforeArrival', message: 'the deadline is before the arrival date' });
  }
  failOn(issues);
  const parsed = (p as { ok: true; value: ParsedNotation }).value;
  return { parsed, typeCode: f.typeCode ?? parsed.typeCode, arrival };
}
