// The strict XML reader behind the edXML parser: well-formed documents read as written, anything
// else refused with a position. fast-xml-parser's validator (the reader it replaced) serves as an
// independent oracle: what we accept, it must accept too.
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { parseSafeXml, textOf } from '../../../core/exchange/edxml/safeXml';
import { XmlSyntaxError, positionOf, readXml } from '../../../core/exchange/edxml/xmlReader';

function refusedAt(xml: string): { line: number; col: number; message: string } {
  try {
    readXml(xml);
  } catch (e) {
    if (!(e instanceof XmlSyntaxError)) throw e;
    return { ...positionOf(xml, e.at), message: e.message };
  }
  throw new Error(`accepted: ${xml}`);
}

describe('the XML reader', () => {
  it('reads elements, attributes in either quotes, CDATA, comments, instructions and Vietnamese names', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<!-- đầu --><?app x?>
<vb:gốc xmlns:vb="urn:x" a='1 > 0' b="&quot;q&quot;">
  <Tên>Công văn &amp; phụ lục</Tên><rỗng/><c><![CDATA[<b>&amp;</b>]]></c>
</vb:gốc>
<!-- cuối -->`;
    const root = readXml(xml);
    expect(root.name).toBe('vb:gốc');
    expect(root.attrs).toEqual([['xmlns:vb', 'urn:x'], ['a', '1 > 0'], ['b', '&quot;q&quot;']]);
    const elements = root.children.filter((c) => 'name' in c);
    expect(elements.map((c) => 'name' in c && c.name)).toEqual(['Tên', 'rỗng', 'c']);
    expect(elements[2]).toEqual({ name: 'c', attrs: [], children: [{ text: '<b>&amp;</b>', cdata: true }] });
    const tree = parseSafeXml(xml);
    expect(tree.ns).toBe('urn:x');
    expect(tree.attrs.find((a) => a.local === 'b')!.value).toBe('"q"');
    expect(textOf(tree.children.find((c) => typeof c !== 'string' && c.local === 'Tên') as never)).toBe('Công văn & phụ lục');
  });

  it('refuses what is not well formed, saying where', () => {
    const cases: [string, string][] = [
      ['<a><b></a>', 'does not match'],
      ['<a><b>', 'never closed'],
      ['<a x=1/>', 'must be quoted'],
      ['<a x="1" x="2"/>', 'appears twice'],
      ['<a x/>', 'expected "="'],
      ['<a x="<"/>', '"<" in the value'],
      ['<a/><b/>', 'second root'],
      ['<a/>text', 'text after the root'],
      ['text<a/>', 'text before the root'],
      ['<1a/>', 'element name'],
      ['<a>x]]>y</a>', '"]]>" in text'],
      ['<a><!-- x -- y --></a>', '"--" inside a comment'],
      ['<a/><?xml version="1.0"?>', 'XML declaration'],
      ['<a><!-- open</a>', 'unterminated comment'],
      ['<a><![CDATA[open</a>', 'unterminated CDATA'],
      ['<a><!ELEMENT a ANY></a>', 'markup declaration'],
      ['<a x="1"y="2"/>', 'separated by white space'],
      ['<a', 'unterminated start tag'],
      ['', 'no root element'],
      ['<r><__proto__/></r>', 'refused'],
    ];
    for (const [xml, why] of cases) expect(refusedAt(xml).message, xml).toContain(why);
    expect(refusedAt('<a>\n  <b>\n</a>')).toMatchObject({ line: 3, col: 1 });
  });

  it('never accepts, with the pre-scan, what the fast-xml-parser validator refuses (random damage to a real document)', () => {
    const good = '<?xml version="1.0"?><r xmlns:e="urn:e"><e:h a="1" b=\'2\'><t>x &amp; y</t><u/></e:h><![CDATA[z<]]><!-- c --></r>';
    const piece = fc.constantFrom('<', '>', '/', '"', "'", '=', ' ', '!', '?', '-', '[', ']', 'a', ':', '&', 'CDATA', '<!--', '-->', '</r>', '<x>');
    const edit = fc.tuple(fc.nat({ max: good.length }), fc.nat({ max: 4 }), fc.array(piece, { maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        let xml = good;
        for (const [at, cut, insert] of edits) xml = xml.slice(0, Math.min(at, xml.length)) + insert.join('') + xml.slice(Math.min(at, xml.length) + cut);
        // The reader with the pre-scan in front of it (references are the pre-scan's job).
        let accepted = true;
        try {
          parseSafeXml(xml);
        } catch (e) {
          expect((e as { code?: string }).code, String(e)).toMatch(/^EDXML_/);
          accepted = false;
        }
        if (accepted) expect(XMLValidator.validate(xml), xml).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
