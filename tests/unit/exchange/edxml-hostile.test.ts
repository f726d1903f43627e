import { describe, expect, it } from 'vitest';
import { DEFAULT_XML_LIMITS, buildEdxml, parseEdxml } from '../../../core/exchange/edxml';
import { sampleDocument, tinyPdf } from './fixtures';

function refusalOf(input: string | Uint8Array, limits: typeof DEFAULT_XML_LIMITS): string {
  try {
    parseEdxml(input, limits);
  } catch (e) {
    const err = e as { code: string; details?: { reason?: string }; message: string };
    expect(err.details?.reason).toBe(err.code);
    expect(err.message.length).toBeGreaterThan(10);
    return err.code;
  }
  throw new Error('the package was accepted');
}

/** The reason a package is refused for; read from text and from bytes (as received), it must agree. */
function refusal(input: string | Uint8Array, limits = DEFAULT_XML_LIMITS): string {
  const code = refusalOf(input, limits);
  if (typeof input === 'string') expect(refusalOf(Buffer.from(input, 'utf8'), limits)).toBe(code);
  return code;
}

const good = () => buildEdxml(sampleDocument());

describe('hostile edXML is refused with a specific reason', () => {
  it('billion laughs (entity expansion) → EDXML_DTD_FORBIDDEN', () => {
    const lol = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`)].join('');
    expect(refusal(`<?xml version="1.0"?><!DOCTYPE lolz [${lol}]><lolz>&lol9;</lolz>`)).toBe('EDXML_DTD_FORBIDDEN');
  });

  it('external entity (XXE) reading a local file → EDXML_DTD_FORBIDDEN', () => {
    const xxe = good().replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE export [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>').replace('V/v triển khai', '&xxe;');
    expect(refusal(xxe)).toBe('EDXML_DTD_FORBIDDEN');
  });

  it('an undeclared entity reference → EDXML_ENTITY_FORBIDDEN', () => {
    expect(refusal(good().replace('V/v triển khai', '&xxe;'))).toBe('EDXML_ENTITY_FORBIDDEN');
  });

  it('deep nesting → EDXML_TOO_DEEP', () => {
    const depth = 5000;
    expect(refusal(`${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}`)).toBe('EDXML_TOO_DEEP');
  });

  it('an element flood → EDXML_TOO_MANY_ELEMENTS', () => {
    expect(refusal(`<r>${'<x/>'.repeat(DEFAULT_XML_LIMITS.maxElements + 1)}</r>`)).toBe('EDXML_TOO_MANY_ELEMENTS');
  });

  it('a huge attribute value → EDXML_ATTRIBUTE_TOO_LONG', () => {
    expect(refusal(good().replace('version="1.0">', `version="${'A'.repeat(1_000_000)}">`))).toBe('EDXML_ATTRIBUTE_TOO_LONG');
  });

  it('too many attachments → EDXML_TOO_MANY_ATTACHMENTS', () => {
    const many = Array.from({ length: DEFAULT_XML_LIMITS.maxAttachments + 1 }, (_, i) => ({ contentId: `a${i}`, name: `p${i}.pdf`, mimeType: 'application/pdf', bytes: tinyPdf(String(i)), sha256: '' }));
    expect(refusal(buildEdxml(sampleDocument({ attachments: many })))).toBe('EDXML_TOO_MANY_ATTACHMENTS');
  });

  it('a package larger than the size limit → EDXML_TOO_LARGE', () => {
    expect(refusal(good(), { ...DEFAULT_XML_LIMITS, maxBytes: 1000 })).toBe('EDXML_TOO_LARGE');
  });

  it('the wrong namespace → EDXML_WRONG_NAMESPACE', () => {
    expect(refusal(good().replaceAll('http://www.mic.gov.vn/TBT/QCVN_102_2016', 'http://example.org/not-edxml'))).toBe('EDXML_WRONG_NAMESPACE');
    expect(refusal('<?xml version="1.0"?><html><body>hello</body></html>')).toBe('EDXML_WRONG_NAMESPACE');
  });

  it('a truncated file, an empty file, an undeclared prefix and a prototype-polluting name → EDXML_MALFORMED', () => {
    const xml = good();
    expect(refusal(xml.slice(0, Math.floor(xml.length / 2)))).toBe('EDXML_MALFORMED');
    expect(refusal(xml.slice(0, xml.lastIndexOf('</export>')))).toBe('EDXML_MALFORMED');
    expect(refusal('')).toBe('EDXML_MALFORMED');
    expect(refusal('<a:b>x</a:b>')).toBe('EDXML_MALFORMED');
    expect(refusal('<r><__proto__><polluted>1</polluted></__proto__></r>')).toBe('EDXML_MALFORMED');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('TCVN3 bytes, TCVN3 shown as Latin-1, UTF-16 and a declared legacy encoding → EDXML_ENCODING', () => {
    const tcvn3Subject = 'Céng hoµ x· héi chñ nghÜa ViÖt Nam'; // "Cộng hòa xã hội chủ nghĩa Việt Nam" in TCVN3 read as Latin-1
    const asTcvn3Bytes = Buffer.from(good().replace('V/v triển khai kế hoạch chuyển đổi số năm 2027', tcvn3Subject).replace(/[^\x00-\xff]/g, '?'), 'latin1');
    expect(refusal(asTcvn3Bytes)).toBe('EDXML_ENCODING');
    expect(refusal(good().replace('V/v triển khai kế hoạch chuyển đổi số năm 2027', tcvn3Subject))).toBe('EDXML_ENCODING');
    expect(refusal(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(good(), 'utf16le')]))).toBe('EDXML_ENCODING');
    expect(refusal(Buffer.from(good(), 'utf16le'))).toBe('EDXML_ENCODING');
    expect(refusal(good().replace('encoding="UTF-8"', 'encoding="windows-1258"'))).toBe('EDXML_ENCODING');
  });

  it('an attachment altered in transit → EDXML_ATTACHMENT_MISMATCH; a listed one that is absent → EDXML_ATTACHMENT_MISSING', () => {
    const xml = good();
    expect(refusal(xml.replace('JVBERi0xLjQK', 'JVBERi0xLjUK'))).toBe('EDXML_ATTACHMENT_MISMATCH');
    expect(refusal(xml.replace('ContentId="att-1"', 'ContentId="att-2"'))).toBe('EDXML_ATTACHMENT_MISSING');
  });

  it('agency codes that could escape a path or a query → EDXML_AGENCY_CODE', () => {
    for (const bad of ['../../etc', "1' OR '1'='1", 'h17.03', '']) {
      const xml = good().replace('<edXML:OrganId>000.00.00.H17</edXML:OrganId>', `<edXML:OrganId>${bad.replace(/'/g, '&apos;')}</edXML:OrganId>`);
      expect(refusal(xml)).toBe(bad === '' ? 'EDXML_MISSING_FIELD' : 'EDXML_AGENCY_CODE');
    }
  });

  it('a bad date or priority → EDXML_INVALID_FIELD', () => {
    expect(refusal(good().replace('2026/11/20</edXML:PromulgationDate>', '2026/02/30</edXML:PromulgationDate>'))).toBe('EDXML_INVALID_FIELD');
    expect(refusal(good().replace('<edXML:Priority>1</edXML:Priority>', '<edXML:Priority>9</edXML:Priority>'))).toBe('EDXML_INVALID_FIELD');
  });
});

describe('damaged packages', () => {
  it('any cut, insertion or deletion gives a parsed package or an EDXML_* refusal, never a crash', async () => {
    const fc = (await import('fast-check')).default;
    const xml = good();
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat({ max: xml.length }) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat({ max: xml.length }), text: fc.constantFrom('<', '>', '&', '"', '</x>', '<x>', '<!--', ']]>', '&#0;', '&#xD800;', 'xmlns:edXML=""', '\u0000', 'é'.normalize('NFD')) }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat({ max: xml.length }), len: fc.integer({ min: 1, max: 40 }) }),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => {
        let s = xml;
        for (const m of ms) {
          const at = Math.min(m.at, s.length);
          s = m.kind === 'cut' ? s.slice(0, at) : m.kind === 'insert' ? s.slice(0, at) + m.text + s.slice(at) : s.slice(0, at) + s.slice(at + m.len);
        }
        try {
          parseEdxml(s);
        } catch (e) {
          expect((e as { code?: string }).code ?? String(e)).toMatch(/^EDXML_/);
        }
      }),
      { numRuns: 400 },
    );
  });
});
