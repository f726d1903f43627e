// fast-check generators for ExchangeDocument, with Vietnamese text in NFC and NFD, XML-special
// characters, and a re-serializer that writes a parsed package back with shuffled children and
// different prefixes, as other senders' systems do.
import fc from 'fast-check';
import type { ExchangeDocument, ExchangeOrgan } from '../../../core/exchange/edxml';
import { childElements, textOf, type XmlElement } from '../../../core/exchange/edxml/safeXml';

const VIETNAMESE = 'aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵĐĂÂÊÔƠƯỦỌ';
// Whole letters, each in NFC or NFD (base letter plus combining marks), as real NFD text has them.
const letters = [...VIETNAMESE].flatMap((c) => [c, c.normalize('NFD')]);
const CHARS = [...letters, ...'ABCXYZ0123456789', ' ', ' ', ',', '.', '/', '-', '<', '>', '&', '"', "'", '\n', '\t', '📄', ']]>', '&amp;'];

export const text = fc.array(fc.constantFrom(...CHARS), { maxLength: 30 }).map((a) => a.join(''));
export const nonEmptyText = fc.tuple(fc.constantFrom(...letters), text).map(([a, b]) => a + b);
export const optText = fc.option(text, { nil: undefined });

export const agencyCode = fc.oneof(
  fc.constantFrom('000.00.00.G22', 'H01.151', '28.22.H17', 'H01.151.04', '01.02.G22', '000.00.00.H17'),
  fc.array(fc.stringMatching(/^[0-9A-Z]{1,5}$/), { minLength: 1, maxLength: 4 }).map((g) => g.join('.')),
);

const dayMs = 86_400_000;
export const isoDate = fc.integer({ min: 10_957, max: 47_481 }).map((d) => new Date(d * dayMs).toISOString().slice(0, 10));
export const isoTimestamp = fc.integer({ min: 946_684_800, max: 4_102_444_799 }).map((s) => new Date(s * 1000).toISOString());

const organ: fc.Arbitrary<ExchangeOrgan> = fc.record({
  organId: agencyCode,
  organName: text,
  organAdd: optText,
  email: optText,
  telephone: optText,
  fax: optText,
  website: optText,
});

const magic = fc.constantFrom(
  Buffer.from('%PDF-1.7\n'),
  Buffer.from([0x50, 0x4b, 0x03, 0x04]),
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(0),
);

const attachments = fc
  .array(fc.record({ name: nonEmptyText, head: magic, tail: fc.uint8Array({ maxLength: 300 }), description: optText, declared: fc.constantFrom('application/pdf', 'application/octet-stream') }), { maxLength: 3 })
  .map((list) =>
    list.map((a, i) => ({
      contentId: `att-${i}@vanthu`,
      name: a.name,
      mimeType: a.declared,
      bytes: new Uint8Array(Buffer.concat([a.head, a.tail])),
      sha256: '',
      description: a.description,
    })),
  );

const earlier = fc.record({ documentId: nonEmptyText, organIds: fc.array(agencyCode, { maxLength: 3 }), changedFields: fc.array(text, { maxLength: 3 }) });

export const exchangeDocument: fc.Arbitrary<ExchangeDocument> = fc.record({
  from: organ,
  to: fc.array(organ, { minLength: 1, maxLength: 4 }),
  documentId: fc.oneof(nonEmptyText, fc.uuid()),
  code: fc.record({ codeNumber: text, codeNotation: text }),
  promulgationInfo: fc.record({ place: text, promulgationDate: isoDate }),
  documentType: fc.record({ type: fc.nat({ max: 40 }), typeName: text }),
  subject: nonEmptyText,
  content: optText,
  signerInfo: fc.record({ competence: optText, position: optText, fullName: text }),
  dueDate: fc.option(isoDate, { nil: undefined }),
  toPlaces: fc.array(text, { maxLength: 3 }),
  otherInfo: fc.record({
    priority: fc.constantFrom(0, 1, 2, 3, 4) as fc.Arbitrary<0 | 1 | 2 | 3 | 4>,
    sphereOfPromulgation: optText,
    typerNotation: optText,
    promulgationAmount: fc.option(fc.nat({ max: 1000 }), { nil: undefined }),
    pageAmount: fc.option(fc.nat({ max: 1000 }), { nil: undefined }),
    appendixes: fc.array(text, { maxLength: 3 }),
  }),
  responseFor: fc.array(fc.record({ organId: agencyCode, code: text, promulgationDate: fc.option(isoDate, { nil: undefined }), documentId: nonEmptyText }), { maxLength: 2 }),
  steeringType: fc.option(fc.nat({ max: 2 }), { nil: undefined }),
  traceHeaders: fc.array(fc.record({ organId: agencyCode, timestamp: isoTimestamp }), { maxLength: 3 }),
  business: fc.record({
    docType: fc.constantFrom(0, 1, 2, 3) as fc.Arbitrary<0 | 1 | 2 | 3>,
    reason: optText,
    paper: fc.option(fc.nat({ max: 1 }), { nil: undefined }),
    staffInfo: fc.option(fc.record({ department: optText, staff: optText, mobile: optText, email: optText }), { nil: undefined }),
    documentInfo: fc.option(fc.array(earlier, { maxLength: 2 }), { nil: undefined }),
  }),
  attachments,
});

function escape(s: string, attr: boolean): string {
  const out = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
  return attr ? out.replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;') : out;
}

/**
 * Writes a parsed tree back out with children shuffled (keeping the relative order of same-named
 * siblings, which carries meaning) and each element's namespace spelled either as the default
 * namespace or through the given prefix.
 */
export function reserialize(root: XmlElement, rnd: () => number, prefix: string): string {
  const ns = root.ns!;
  const write = (el: XmlElement, isRoot: boolean): string => {
    const usePrefix = el.ns === ns && rnd() < 0.5;
    const name = el.ns === ns ? (usePrefix ? `${prefix}:${el.local}` : el.local) : el.local;
    const decl = isRoot ? ` xmlns="${ns}" xmlns:${prefix}="${ns}"` : '';
    const attrs = el.attrs.map((a) => ` ${a.ns === ns ? `${prefix}:` : ''}${a.local}="${escape(a.value, true)}"`).join('');
    const elements = childElements(el);
    if (elements.length === 0) return `<${name}${decl}${attrs}>${escape(textOf(el), false)}</${name}>`;
    // Group by local name, then interleave groups in a random order.
    const groups = new Map<string, XmlElement[]>();
    for (const c of elements) groups.set(c.local, [...(groups.get(c.local) ?? []), c]);
    const order = [...groups.keys()].sort(() => rnd() - 0.5);
    const body = order.flatMap((k) => groups.get(k)!).map((c) => write(c, false)).join('\n');
    return `<${name}${decl}${attrs}>\n${body}\n</${name}>`;
  };
  return `<?xml version="1.0" encoding="utf-8"?>\n${write(root, true)}`;
}
