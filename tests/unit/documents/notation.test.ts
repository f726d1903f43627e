import { describe, expect, it } from 'vitest';
import { buildNotation, padNumber, parseNotation, printed } from '../../../core/documents/notation';
import { parseInstant, toVnIso, vnYear } from '../../../core/documents/time';

const ok = (s: string) => {
  const r = parseNotation(s);
  if (!r.ok) throw new Error(`${s}: ${r.issue.message}`);
  return r.value;
};

describe('reading a printed number and notation', () => {
  it('reads type, issuer and unit the way Decree 30 prints them', () => {
    expect(ok('15/KH-UBND')).toMatchObject({ number: 15, numberText: '15', typeCode: 'KH', issuerShort: 'UBND', unitCode: '', notation: 'KH-UBND' });
    expect(ok('123/UBND-VX')).toMatchObject({ number: 123, typeCode: 'CV', issuerShort: 'UBND', unitCode: 'VX' });
    expect(ok('05/QĐ-UBND-VP')).toMatchObject({ number: 5, numberText: '05', typeCode: 'QĐ', issuerShort: 'UBND', unitCode: 'VP' });
    expect(ok('22/TTr-STTTT')).toMatchObject({ typeCode: 'TTr', issuerShort: 'STTTT' });
    expect(ok('43/2011/NĐ-CP')).toMatchObject({ number: 43, year: 2011, typeCode: 'NĐ', issuerShort: 'CP' });
    expect(ok('689/QĐ-TTg')).toMatchObject({ typeCode: 'QĐ', issuerShort: 'TTg' });
    expect(ok('30c/NQ-CP')).toMatchObject({ numberText: '30c', number: 30, typeCode: 'NQ' });
  });

  it('accepts the "Số:" prefix and stray spaces, and prints the normal form', () => {
    expect(printed(ok('Số: 1296 / QĐ - UBND'))).toBe('1296/QĐ-UBND');
    expect(printed(ok('43/2011/NĐ-CP'))).toBe('43/2011/NĐ-CP');
  });

  it('refuses what is not a number/notation', () => {
    for (const bad of ['', 'QĐ-UBND', '12/', '/QĐ-UBND', '12/QĐ--UBND', 'abc/QĐ-UBND', '0/QĐ-UBND', `1/${'A'.repeat(31)}`]) {
      const r = parseNotation(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.issue).toMatchObject({ path: 'numberNotation', code: 'notation.format' });
    }
  });

  it('builds outgoing notations with and without the type part and the unit', () => {
    expect(buildNotation('QĐ', 'UBND')).toBe('QĐ-UBND');
    expect(buildNotation('KH', 'UBND', 'VP')).toBe('KH-UBND-VP');
    expect(buildNotation('CV', 'UBND', 'VX')).toBe('UBND-VX');
    expect(padNumber(5, 2)).toBe('05');
    expect(padNumber(123, 2)).toBe('123');
    expect(padNumber(7, 1)).toBe('7');
  });
});

describe('Vietnam time for registers', () => {
  it('puts 00:30 on 1 January in Hà Nội in the new year', () => {
    expect(vnYear(new Date('2026-12-31T17:30:00Z'))).toBe(2027);
    expect(vnYear(new Date('2026-12-31T16:59:59Z'))).toBe(2026);
    expect(toVnIso(new Date('2026-12-31T17:30:00Z'))).toBe('2027-01-01T00:30:00+07:00');
  });

  it('reads a time without offset as Vietnam time and refuses impossible dates', () => {
    expect(parseInstant('2026-03-10 08:15')!.toISOString()).toBe('2026-03-10T01:15:00.000Z');
    expect(parseInstant('2026-03-10')!.toISOString()).toBe('2026-03-09T17:00:00.000Z');
    expect(parseInstant('2026-02-30T08:00:00+07:00')).toBeNull();
    expect(parseInstant('hôm qua')).toBeNull();
  });
});
