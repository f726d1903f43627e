// A minimal DER TLV reader. asn1js decodes every nested value (certificates included), which
// costs about a millisecond per signature; the verifier only needs to find a few elements and
// hand their raw bytes on, so it walks the outer structure itself.

export interface Tlv {
  /** First identifier byte (class, constructed bit, low tag number). */
  tag: number;
  start: number;
  valueStart: number;
  end: number;
}

export class DerError extends Error {
  /** True when the input is legal BER that DER forbids (indefinite lengths): worth a BER parse. */
  constructor(message: string, readonly ber = false) {
    super(message);
  }
}

export function readTlv(buf: Uint8Array, pos: number, limit = buf.length): Tlv {
  if (pos + 2 > limit) throw new DerError('truncated');
  const tag = buf[pos]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not used here');
  let p = pos + 1;
  let len = buf[p++]!;
  if (len === 0x80) throw new DerError('indefinite length', true);
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n > 4 || p + n > limit) throw new DerError('bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p++]!;
  }
  const end = p + len;
  if (end > limit) throw new DerError('value runs past its container');
  return { tag, start: pos, valueStart: p, end };
}

export function children(buf: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let p = parent.valueStart;
  while (p < parent.end) {
    const t = readTlv(buf, p, parent.end);
    out.push(t);
    p = t.end;
  }
  return out;
}

export function oidString(buf: Uint8Array, t: Tlv): string {
  const parts: number[] = [];
  let v = 0;
  for (let i = t.valueStart; i < t.end; i++) {
    const b = buf[i]!;
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** UTCTime / GeneralizedTime at `t` (seconds precision). */
export function derTime(buf: Uint8Array, t: Tlv): Date | undefined {
  if (t.tag !== 0x17 && t.tag !== 0x18) return undefined;
  const s = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('latin1', t.valueStart, t.end);
  const m = t.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(s) : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?Z$/.exec(s);
  if (!m) return undefined;
  let y = Number(m[1]);
  if (t.tag === 0x17) y += y < 50 ? 2000 : 1900;
  return new Date(Date.UTC(y, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
}
