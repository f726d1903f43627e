// Independent checkers used by signing tests: pdfsig (poppler/NSS), openssl cms, mutool text.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './samplePdf';
import { testPki } from './index';

export interface PdfsigSignature {
  field: string;
  signer: string;
  signatureValid: boolean;
  certificateTrusted: boolean;
  totalDocumentSigned: boolean;
  subFilter: string;
  raw: string;
}

/** Run pdfsig against the test NSS database and parse its text (its exit code means nothing). */
export function pdfsig(bytes: Uint8Array): PdfsigSignature[] {
  const dir = tempDir('vanthu-pdfsig-');
  const file = path.join(dir, 'doc.pdf');
  fs.writeFileSync(file, bytes);
  let out = '';
  try {
    out = execFileSync('pdfsig', ['-nssdir', `sql:${testPki().nssDir}`, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out
    .split(/^Signature #\d+:$/m)
    .slice(1)
    .map((block) => ({
      field: /Signature Field Name: (.*)/.exec(block)?.[1]?.trim() ?? '',
      signer: /Signer Certificate Common Name: (.*)/.exec(block)?.[1]?.trim() ?? '',
      signatureValid: /Signature Validation: Signature is Valid\./.test(block),
      certificateTrusted: /Certificate Validation: Certificate is Trusted\./.test(block),
      totalDocumentSigned: /Total document signed/.test(block) && !/Not total document signed/.test(block),
      subFilter: /Signature Type: (.*)/.exec(block)?.[1]?.trim() ?? '',
      raw: block,
    }));
}

/** Text of a page including annotation appearances, as MuPDF renders it. */
export function mutoolText(bytes: Uint8Array, page = 1): string {
  const dir = tempDir('vanthu-mutool-');
  const file = path.join(dir, 'doc.pdf');
  fs.writeFileSync(file, bytes);
  try {
    return execFileSync('mutool', ['draw', '-F', 'txt', file, String(page)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Render a page to PNG with pdftoppm and return the file path (kept until process exit). */
export function renderPage(bytes: Uint8Array, page = 1, dpi = 60): string {
  const dir = tempDir('vanthu-render-');
  const file = path.join(dir, 'doc.pdf');
  fs.writeFileSync(file, bytes);
  execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file, path.join(dir, 'page')]);
  return path.join(dir, 'page.png');
}

/** Every signature's /ByteRange and decoded /Contents, in file order. */
export function extractSignatures(bytes: Uint8Array): Array<{ byteRange: number[]; cms: Buffer; signedContent: Buffer }> {
  const text = Buffer.from(bytes).toString('latin1');
  const result = [];
  for (const m of text.matchAll(/\/ByteRange \[([\d ]+)\]/g)) {
    const [a, b, c, d] = m[1]!.trim().split(/ +/).map(Number) as [number, number, number, number];
    const hex = text.slice(a + b + 1, c - 1);
    const signedContent = Buffer.concat([Buffer.from(bytes.subarray(a, a + b)), Buffer.from(bytes.subarray(c, c + d))]);
    result.push({ byteRange: [a, b, c, d], cms: derPrefix(Buffer.from(hex, 'hex')), signedContent });
  }
  return result;
}

/** The DER object at the start of a zero-padded buffer. */
function derPrefix(buf: Buffer): Buffer {
  if (buf[0] !== 0x30) return buf;
  const first = buf[1]!;
  if (first < 0x80) return buf.subarray(0, 2 + first);
  const n = first & 0x7f;
  const length = buf.readUIntBE(2, n);
  return buf.subarray(0, 2 + n + length);
}

/** openssl cms -verify of one extracted signature against the test root; returns openssl's verdict. */
export function opensslVerify(signature: { cms: Buffer; signedContent: Buffer }): { ok: boolean; output: string } {
  const dir = tempDir('vanthu-cms-');
  fs.writeFileSync(path.join(dir, 'sig.der'), signature.cms);
  fs.writeFileSync(path.join(dir, 'content.bin'), signature.signedContent);
  try {
    execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'sig.der', '-content', 'content.bin', '-CAfile', testPki().rootCertFile,
      '-purpose', 'any', '-out', '/dev/null'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, output: '' };
  } catch (e) {
    return { ok: false, output: String((e as { stderr?: Buffer }).stderr ?? '') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface Raster {
  width: number;
  height: number;
  /** RGB triplets, row-major from the top-left. */
  pixels: Buffer;
  dpi: number;
  pageHeightPt: number;
}

/** Render a page to raw RGB (PPM via pdftoppm) for pixel checks. */
export function renderRaster(bytes: Uint8Array, page = 1, dpi = 60, pageHeightPt = 841.89): Raster {
  const dir = tempDir('vanthu-raster-');
  const file = path.join(dir, 'doc.pdf');
  fs.writeFileSync(file, bytes);
  execFileSync('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file, path.join(dir, 'page')]);
  const ppm = fs.readFileSync(path.join(dir, 'page.ppm'));
  fs.rmSync(dir, { recursive: true, force: true });
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.toString('latin1', 0, 40))!;
  return { width: Number(header[1]), height: Number(header[2]), pixels: ppm.subarray(header[0].length), dpi, pageHeightPt };
}

/** Count pixels in a page-space rectangle (points, origin bottom-left) matching `test`. */
export function countPixels(r: Raster, box: { x: number; y: number; width: number; height: number }, test: (rgb: [number, number, number]) => boolean): number {
  const s = r.dpi / 72;
  const x0 = Math.max(0, Math.floor(box.x * s));
  const x1 = Math.min(r.width, Math.ceil((box.x + box.width) * s));
  const y0 = Math.max(0, Math.floor((r.pageHeightPt - box.y - box.height) * s));
  const y1 = Math.min(r.height, Math.ceil((r.pageHeightPt - box.y) * s));
  let n = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const i = (y * r.width + x) * 3;
      if (test([r.pixels[i]!, r.pixels[i + 1]!, r.pixels[i + 2]!])) n++;
    }
  return n;
}

export const isBlue = ([r, g, b]: [number, number, number]) => b > 150 && r < 100 && g < 120;
export const isRed = ([r, g, b]: [number, number, number]) => r > 150 && g < 90 && b < 90;

/** pdffonts output lines for a page's fonts (annotation appearances included). */
export function pdffonts(bytes: Uint8Array): string {
  const dir = tempDir('vanthu-fonts-');
  const file = path.join(dir, 'doc.pdf');
  fs.writeFileSync(file, bytes);
  try {
    return execFileSync('pdffonts', [file], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
