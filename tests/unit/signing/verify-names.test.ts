import { describe, expect, it } from 'vitest';
import * as asn1js from 'asn1js';
import { namesMatch } from '../../../core/signing/verify/names';

// RFC 5280 §7.1 name comparison, used to match a CRL to the certificate's issuer and a CMS signer
// identifier to its certificate.

type Str = 'utf8' | 'printable' | 'bmp';
type Rdn = Array<[string, string, Str?]>;

const OIDS: Record<string, string> = { C: '2.5.4.6', O: '2.5.4.10', CN: '2.5.4.3', OU: '2.5.4.11' };

function value(text: string, kind: Str = 'utf8') {
  if (kind === 'printable') return new asn1js.PrintableString({ value: text });
  if (kind === 'bmp') return new asn1js.BmpString({ value: text });
  return new asn1js.Utf8String({ value: text });
}

function name(rdns: Rdn[]): Uint8Array {
  return new Uint8Array(
    new asn1js.Sequence({
      value: rdns.map((rdn) => new asn1js.Set({ value: rdn.map(([t, v, k]) => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OIDS[t]! }), value(v, k)] })) })),
    }).toBER(),
  );
}

describe('distinguished names', () => {
  const base = name([[['C', 'VN', 'printable']], [['O', 'Ban Cơ yếu Chính phủ']], [['CN', 'Vietnam Government CA']]]);

  it('match across string types, letter case and runs of spaces', () => {
    expect(namesMatch(base, name([[['C', 'vn', 'printable']], [['O', '  ban cơ YẾU   chính phủ ', 'bmp']], [['CN', 'VIETNAM  GOVERNMENT CA', 'printable']]]))).toBe(true);
  });

  it('match a multi-valued RDN whatever the order of its values', () => {
    const a = name([[['O', 'A'], ['OU', 'B']], [['CN', 'X']]]);
    const b = name([[['OU', 'b', 'printable'], ['O', 'a', 'printable']], [['CN', 'x']]]);
    expect(namesMatch(a, b)).toBe(true);
  });

  it('do not match a different value, a missing or extra RDN, RDNs in another order, or something that is not a name', () => {
    expect(namesMatch(base, name([[['C', 'VN', 'printable']], [['O', 'Ban Cơ yếu Chính phủ']], [['CN', 'Vietnam Government CA 2']]]))).toBe(false);
    expect(namesMatch(base, name([[['C', 'VN', 'printable']], [['CN', 'Vietnam Government CA']]]))).toBe(false);
    expect(namesMatch(base, name([[['O', 'Ban Cơ yếu Chính phủ']], [['C', 'VN', 'printable']], [['CN', 'Vietnam Government CA']]]))).toBe(false);
    expect(namesMatch(name([[['O', 'A'], ['OU', 'B']]]), name([[['O', 'A']], [['OU', 'B']]]))).toBe(false);
    expect(namesMatch(base, Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01))).toBe(false);
  });
});
