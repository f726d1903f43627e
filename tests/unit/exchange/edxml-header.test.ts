// parseEdxmlHeader: what the axis reads to route a package. Same reader and header checks as
// parseEdxml; the attachments' bytes are left to the receiving agency.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEdxml, buildStatusEdxml, parseEdxml, parseEdxmlHeader } from '../../../core/exchange/edxml';
import { exchangeDocument } from './arbitraries';
import { sampleDocument, sampleStatus } from './fixtures';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

describe('parseEdxmlHeader', () => {
  it('reads the same header as the full reader, for any document', () => {
    fc.assert(
      fc.property(exchangeDocument, (doc) => {
        const xml = buildEdxml(doc);
        const full = parseEdxml(xml);
        const head = parseEdxmlHeader(xml);
        expect(full.kind).toBe('document');
        if (full.kind !== 'document' || head.kind !== 'document') return;
        const { attachments: _, ...header } = full.document;
        expect(head.document).toEqual(header);
        expect('attachments' in head.document).toBe(false);
      }),
      { numRuns: 60 },
    );
    const status = buildStatusEdxml(sampleStatus());
    expect(parseEdxmlHeader(status)).toEqual(parseEdxml(status));
  });

  it('leaves the attachment bytes unread: a hash that lies is the receiver’s catch, not the router’s', () => {
    const lying = buildEdxml(sampleDocument()).replace(/<edXML:Sha256>[0-9a-f]{64}<\/edXML:Sha256>/, `<edXML:Sha256>${'0'.repeat(64)}</edXML:Sha256>`);
    expect(codeOf(() => parseEdxml(lying))).toBe('EDXML_ATTACHMENT_MISMATCH');
    expect(codeOf(() => parseEdxmlHeader(lying))).toBeUndefined();
  });

  it('still refuses what no router should pass on', () => {
    const good = buildEdxml(sampleDocument());
    expect(codeOf(() => parseEdxmlHeader('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>'))).toBe('EDXML_DTD_FORBIDDEN');
    // The manifest names an attachment the package does not carry.
    const missing = good.replace(/ContentId="[^"]+"/, 'ContentId="somewhere-else"');
    expect(missing).not.toBe(good);
    expect(codeOf(() => parseEdxmlHeader(missing))).toBe('EDXML_ATTACHMENT_MISSING');
    expect(codeOf(() => parseEdxmlHeader(good.replace(/<edXML:From>[\s\S]*?<\/edXML:From>/, '')))).toBe('EDXML_MISSING_FIELD');
    expect(codeOf(() => parseEdxmlHeader(good.slice(0, good.length / 2)))).toMatch(/^EDXML_/);
  });
});
