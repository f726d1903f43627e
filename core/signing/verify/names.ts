import { children, oidString, readTlv, type Tlv } from './der';

// X.500 distinguished-name matching as RFC 5280 §7.1 asks: two names match when they have the
// same RDNs in the same order, each RDN the same set of attribute type/value pairs, and string
// values compare after normalisation (case folded, leading/trailing spaces removed, inner runs of
// spaces collapsed), whatever string type encodes them. A CA that writes its name as UTF8String
// in its certificate and as PrintableString in its CRL is still the same issuer.

const STRING_TAGS = new Map<number, (bytes: Buffer) => string>([
  [0x0c, (b) => b.toString('utf8')], // UTF8String
  [0x13, (b) => b.toString('latin1')], // PrintableString
  [0x14, (b) => b.toString('latin1')], // TeletexString (treated as Latin-1, as most software does)
  [0x16, (b) => b.toString('latin1')], // IA5String
  [0x1a, (b) => b.toString('latin1')], // VisibleString
  [0x1e, (b) => Buffer.from(b).swap16().toString('utf16le')], // BMPString (UTF-16BE)
  [0x1c, (b) => decodeUtf32be(b)], // UniversalString
]);

function decodeUtf32be(b: Buffer): string {
  let s = '';
  for (let i = 0; i + 3 < b.length; i += 4) s += String.fromCodePoint(b.readUInt32BE(i));
  return s;
}

/** The comparison form of a string value: NFKC, case folded, spaces trimmed and collapsed. */
export function normaliseNameString(value: string): string {
  return value.normalize('NFKC').toUpperCase().toLowerCase().replace(/\s+/g, ' ').trim();
}

/** One attribute value in comparable form: normalised text for strings, hex of the TLV otherwise. */
function valueKey(buf: Buffer, value: Tlv): string {
  const decode = STRING_TAGS.get(value.tag);
  if (decode) {
    if (value.tag === 0x1e && (value.end - value.valueStart) % 2 !== 0) return `bad:${buf.toString('hex', value.start, value.end)}`;
    return `s:${normaliseNameString(decode(buf.subarray(value.valueStart, value.end)))}`;
  }
  return `x:${buf.toString('hex', value.start, value.end)}`;
}

/** RDNs of a Name as sorted lists of `oid=value` keys, or undefined when it is not a Name. */
function rdnKeys(der: Uint8Array): string[][] | undefined {
  const buf = Buffer.from(der.buffer, der.byteOffset, der.byteLength);
  try {
    const name = readTlv(buf, 0);
    if (name.tag !== 0x30 || name.end !== buf.length) return undefined;
    return children(buf, name).map((rdn) => {
      if (rdn.tag !== 0x31) throw new Error('RDN is not a SET');
      return children(buf, rdn)
        .map((atv) => {
          const [type, value] = children(buf, atv);
          if (!type || type.tag !== 0x06 || !value) throw new Error('bad attribute');
          return `${oidString(buf, type)}=${valueKey(buf, value)}`;
        })
        .sort();
    });
  } catch {
    return undefined;
  }
}

/** Whether two DER-encoded Names denote the same entity (RFC 5280 §7.1). */
export function namesMatch(a: Uint8Array, b: Uint8Array): boolean {
  if (Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))) return true;
  const ka = rdnKeys(a);
  const kb = rdnKeys(b);
  if (!ka || !kb || ka.length !== kb.length) return false;
  return ka.every((rdn, i) => rdn.length === kb[i]!.length && rdn.every((key, j) => key === kb[i]![j]));
}
