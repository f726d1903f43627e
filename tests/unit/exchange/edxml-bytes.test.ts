// The package as bytes: what the sender stores and the axis and the receiver read. The byte paths
// (payload set aside before decoding, Base64 decoded from the bytes, the axis trace header spliced
// in) must agree with the text paths on every package, good or bad.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEdxml, buildEdxmlBytes, normalizeExchangeDocument, parseEdxml, parseEdxmlDocument, type ExchangeDocument } from '../../../core/exchange/edxml';
import { decodeBase64Ascii } from '../../../core/exchange/edxml/base64';
import { appendAxisTraceHeader } from '../../../server/axis/trace';
import { exchangeDocument } from './arbitraries';
import { sampleDocument, tinyPdf } from './fixtures';

/** A real PDF head and trailer around incompressible filler: a payload far above the set-aside size. */
function bigPdf(size: number): Uint8Array {
  const head = Buffer.from(tinyPdf());
  return new Uint8Array(Buffer.concat([head, randomBytes(size)]));
}

function withPayload(size: number, over: Partial<ExchangeDocument> = {}): ExchangeDocument {
  return sampleDocument({ attachments: [{ contentId: 'att-1', name: 'Công văn số 12.pdf', mimeType: 'application/pdf', bytes: bigPdf(size), sha256: '' }], ...over });
}

function codeOf(input: string | Uint8Array): string {
  try {
    parseEdxml(input);
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'accepted';
}

/** The Base64 text of the first attachment, rewritten by `f` (e.g. wrapped in lines). */
function rewritePayload(xml: string, f: (b64: string) => string): string {
  return xml.replace(/(<Attachment [^>]*>)([A-Za-z0-9+/=]+)(<\/Attachment>)/, (_m, open: string, b64: string, close: string) => open + f(b64) + close);
}

describe('edXML packages as bytes', () => {
  it('builds the same package as bytes and as text, and reads it back the same from either', () => {
    fc.assert(
      fc.property(exchangeDocument, (doc) => {
        const text = buildEdxml(doc);
        const bytes = buildEdxmlBytes(doc);
        expect(bytes.equals(Buffer.from(text, 'utf8'))).toBe(true);
        expect(parseEdxml(bytes)).toEqual(parseEdxml(text));
      }),
      { numRuns: 60 },
    );
  });

  it('reads a 100 KB attachment from the bytes, wrapped or not, with the sender’s line endings', () => {
    const doc = normalizeExchangeDocument(withPayload(100 * 1024));
    const xml = buildEdxml(doc);
    const variants = [
      xml,
      rewritePayload(xml, (b) => b.replace(/.{76}/g, '$&\n')),
      rewritePayload(xml, (b) => b.replace(/.{64}/g, '$&\r\n')),
      rewritePayload(xml, (b) => `\n  ${b.replace(/.{76}/g, '$&\n  ')}\n`),
    ];
    for (const v of variants) {
      const { document } = parseEdxmlDocument(Buffer.from(v, 'utf8'));
      expect(Buffer.from(document.attachments[0]!.bytes).equals(Buffer.from(doc.attachments[0]!.bytes))).toBe(true);
      expect(document).toEqual(doc);
    }
  });

  it('refuses a damaged payload the same way from bytes and from text', () => {
    const xml = buildEdxml(withPayload(20 * 1024));
    const damaged = [
      rewritePayload(xml, (b) => `${b.slice(0, 5000)}*${b.slice(5001)}`), // a character outside Base64
      rewritePayload(xml, (b) => b.slice(0, -1)), // cut by one: length no longer a multiple of four
      rewritePayload(xml, (b) => `${b.slice(0, 4000)}==${b.slice(4002)}`), // padding in the middle
      rewritePayload(xml, (b) => `${b.slice(0, 4000)}A${b.slice(4001)}`), // one changed character: the hash no longer matches
    ];
    const codes = damaged.map((d) => codeOf(Buffer.from(d, 'utf8')));
    expect(codes).toEqual(['EDXML_INVALID_FIELD', 'EDXML_INVALID_FIELD', 'EDXML_INVALID_FIELD', 'EDXML_ATTACHMENT_MISMATCH']);
    expect(damaged.map(codeOf)).toEqual(codes);
  });

  it('keeps long Base64-like text inside comments and CDATA where it belongs', () => {
    const filler = 'QUJD'.repeat(1500);
    const doc = normalizeExchangeDocument(withPayload(10 * 1024));
    const xml = buildEdxml(doc);
    // A comment holding a ">" and then Base64-like text and a "<": nothing may leak out of it.
    const commented = xml.replace('<edXML:Subject>', `<!-- note > ${filler} <b --><edXML:Subject>`);
    expect(parseEdxmlDocument(Buffer.from(commented)).document).toEqual(doc);
    // The payload wrapped in CDATA.
    const cdata = rewritePayload(xml, (b) => `<![CDATA[${b}]]>`);
    expect(parseEdxmlDocument(Buffer.from(cdata)).document).toEqual(doc);
    // CDATA text with a ">" and a "<" around Base64-like text: the bytes between look like
    // character data, are set aside, and must come back inside the CDATA text.
    const subject = `x > ${filler} <y`;
    const inCdata = buildEdxml({ ...doc, subject: 'PLACEHOLDER' }).replace('PLACEHOLDER', `<![CDATA[${subject}]]>`);
    expect(parseEdxmlDocument(Buffer.from(inCdata)).document.subject).toBe(subject);
  });

  it('reports an error after a large payload at its real line, as the text path does', () => {
    const xml = rewritePayload(buildEdxml(withPayload(30 * 1024)), (b) => b.replace(/.{76}/g, '$&\n'));
    const broken = xml.replace('</export>', '<unclosed>\n</export>');
    const fromText = (() => { try { parseEdxml(broken); } catch (e) { return e as { details: { line: number } }; } })();
    const fromBytes = (() => { try { parseEdxml(Buffer.from(broken)); } catch (e) { return e as { details: { line: number } }; } })();
    expect(fromBytes!.details.line).toBeGreaterThan(400);
    expect(fromBytes!.details).toEqual(fromText!.details);
  });

  it('still reads a package that itself holds the private-use characters used as placeholders', () => {
    const doc = normalizeExchangeDocument(withPayload(8 * 1024, { content: 'ký hiệu \uE000 lạ \uE001\uE002' }));
    expect(parseEdxmlDocument(buildEdxmlBytes(doc)).document).toEqual(doc);
  });
});

describe('Base64 straight from ASCII bytes', () => {
  it('decodes what Node encodes, with or without line breaks, and nothing that is not Base64', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.constantFrom('', '\n', '\r\n', ' '), fc.integer({ min: 1, max: 90 }), (raw, eol, width) => {
        const b64 = Buffer.from(raw).toString('base64');
        const wrapped = eol ? b64.replace(new RegExp(`.{${width}}`, 'g'), `$&${eol}`) : b64;
        expect(Buffer.from(decodeBase64Ascii(Buffer.from(wrapped, 'latin1'))!).equals(Buffer.from(raw))).toBe(true);
      }),
      { numRuns: 300 },
    );
    for (const bad of ['QUJD*', 'QUJ', 'QU=D', 'QUJD=', 'Q===', 'QUJD\u00e9', 'QQ==QUJD', 'A']) {
      expect(decodeBase64Ascii(Buffer.from(bad, 'latin1'))).toBeUndefined();
    }
    expect(Buffer.from(decodeBase64Ascii(Buffer.from('QQ==\n'))!).toString()).toBe('A');
  });
});

describe('the axis trace header on bytes', () => {
  it('finds the trace list past a long header, splitting no character, and never adds a second list', () => {
    // A Vietnamese Content of ~30 KB pushes the trace list beyond the first look at the head.
    const content = 'Triển khai kế hoạch chuyển đổi số; '.repeat(900);
    const xml = buildEdxml(withPayload(50 * 1024, { content }));
    const { bytes, parsed } = appendAxisTraceHeader(Buffer.from(xml, 'utf8'), 'VDXP', '2026-11-20T03:00:00Z');
    const text = bytes.toString('utf8');
    expect(text.match(/<edXML:TraceHeaderList>/g)).toHaveLength(1);
    expect(parsed.kind === 'document' && parsed.document.content).toBe(content.trim());
    expect(parsed.kind === 'document' && parsed.document.traceHeaders.at(-1)!.organId).toBe('VDXP');
    // Everything but the inserted header is the sender's bytes.
    const inserted = /<edXML:TraceHeader><edXML:OrganId>VDXP<\/edXML:OrganId><edXML:Timestamp>[^<]*<\/edXML:Timestamp><\/edXML:TraceHeader>/;
    expect(text.replace(inserted, '')).toBe(xml);
  });
});
