// Base64 decoding straight from a package's bytes. Node decodes Base64 only from a string, and
// making a string of a 140 KB payload costs more than decoding it; this also checks the text as
// it goes (Node's decoder skips what it does not understand).

const INVALID = 255;
const SPACE = 254;
const PAD = 253;

const VALUE = new Uint8Array(256).fill(INVALID);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => (VALUE[c.charCodeAt(0)] = i));
for (const c of [0x20, 0x09, 0x0a, 0x0d]) VALUE[c] = SPACE;
VALUE[0x3d] = PAD;

/**
 * Decodes Base64 text given as ASCII bytes; white space (lines of any length) is skipped. Returns
 * undefined unless the text is valid Base64: only the alphabet, a length that is a multiple of
 * four, and at most two "=" at the very end.
 */
export function decodeBase64Ascii(text: Uint8Array): Uint8Array | undefined {
  const out = Buffer.allocUnsafe(Math.ceil(text.length / 4) * 3);
  let o = 0;
  let acc = 0;
  let held = 0;
  let i = 0;
  const len = text.length;
  // Whole groups of four data characters while they last (the common case: one unbroken line)…
  for (const whole = len - 3; i < whole; i += 4) {
    const a = VALUE[text[i]!]!;
    const b = VALUE[text[i + 1]!]!;
    const c = VALUE[text[i + 2]!]!;
    const d = VALUE[text[i + 3]!]!;
    if ((a | b | c | d) > 63) break;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >>> 16;
    out[o++] = (v >>> 8) & 0xff;
    out[o++] = v & 0xff;
  }
  // …then one character at a time from the first line break, padding or stray byte.
  for (; i < len; i++) {
    const v = VALUE[text[i]!]!;
    if (v < 64) {
      acc = (acc << 6) | v;
      if (++held === 4) {
        out[o++] = acc >>> 16;
        out[o++] = (acc >>> 8) & 0xff;
        out[o++] = acc & 0xff;
        acc = 0;
        held = 0;
      }
    } else if (v === PAD) break;
    else if (v !== SPACE) return undefined;
  }
  // Padding: "=" completes the last group of four and nothing but white space may follow it.
  let pads = 0;
  for (; i < len; i++) {
    const v = VALUE[text[i]!]!;
    if (v === PAD) pads++;
    else if (v !== SPACE) return undefined;
  }
  if (pads > 2 || (held + pads) % 4 !== 0 || (pads > 0 && held + pads !== 4)) return undefined;
  if (held === 2) out[o++] = acc >>> 4;
  else if (held === 3) {
    out[o++] = acc >>> 10;
    out[o++] = (acc >>> 2) & 0xff;
  } else if (held === 1) return undefined;
  return new Uint8Array(out.buffer, out.byteOffset, o);
}
