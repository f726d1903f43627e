import { describe, expect, it } from 'vitest';
import { isValidAgencyCode } from '../../../core/exchange/edxml';
import { dateFromWire, looksLikeLegacyVietnamese, timestampFromWire, timestampToWire } from '../../../core/exchange/edxml/text';

describe('edXML field rules', () => {
  it('accepts the agency code forms seen in real traffic and nothing that could escape a path or query', () => {
    for (const ok of ['000.00.00.G22', '000.00.00.H17', 'H01.151', 'H01.151.04', '28.22.H17', '01.02.G22', 'VDXP']) expect(isValidAgencyCode(ok), ok).toBe(true);
    for (const bad of ['', 'h01.151', 'H01..151', 'H01.151.', '.H01', 'H01 151', '../H01', 'H01/151', "H01'--", 'Ư01.151', '123456.1']) expect(isValidAgencyCode(bad), bad).toBe(false);
  });

  it('reads wire dates and Vietnam-time timestamps, refusing impossible ones', () => {
    expect(dateFromWire('2015/09/30', 'd')).toBe('2015-09-30');
    expect(() => dateFromWire('2015/02/29', 'd')).toThrow(expect.objectContaining({ code: 'EDXML_INVALID_FIELD' }));
    expect(() => dateFromWire('30/09/2015', 'd')).toThrow(expect.objectContaining({ code: 'EDXML_INVALID_FIELD' }));
    expect(timestampFromWire('2026/01/01 00:30:00', 't')).toBe('2026-01-01T00:30:00+07:00');
    expect(() => timestampFromWire('2026/01/01 24:00:00', 't')).toThrow(expect.objectContaining({ code: 'EDXML_INVALID_FIELD' }));
    // 17:30 UTC on New Year's Eve is already 1 January in Vietnam.
    expect(timestampToWire('2025-12-31T17:30:00Z', 't')).toBe('2026/01/01 00:30:00');
  });

  it('recognises TCVN3/VNI text shown as Latin-1 but not real Vietnamese or ordinary accents', () => {
    expect(looksLikeLegacyVietnamese('Céng hoµ x· héi chñ nghÜa ViÖt Nam')).toBe(true); // TCVN3
    expect(looksLikeLegacyVietnamese('Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam')).toBe(true); // VNI
    expect(looksLikeLegacyVietnamese('Cộng hòa xã hội chủ nghĩa Việt Nam')).toBe(false);
    expect(looksLikeLegacyVietnamese('Nguyễn Thị Ánh — số 12°')).toBe(false);
    expect(looksLikeLegacyVietnamese('Müller')).toBe(false);
  });
});
