// Sample PDFs for signing tests, generated on the fly (no binary fixtures).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFName, StandardFonts, rgb } from 'pdf-lib';

export interface SamplePdfOptions {
  pages?: number;
  /** 'table' = classic xref table; 'stream' = xref stream + object streams (pdf-lib's default). */
  xref?: 'table' | 'stream';
  /** Text lines drawn on page 1, top to bottom (WinAnsi only). */
  lines?: string[];
  /** Extra bytes of filler content (an uncompressed stream) to reach a target size. */
  padBytes?: number;
}

export async function samplePdf(options: SamplePdfOptions = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle('Sample document');
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const pages = options.pages ?? 1;
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595.28, 841.89]);
    page.drawText(`Page ${i + 1}`, { x: 50, y: 800, size: 12, font });
    if (i === 0) {
      let y = 760;
      for (const line of options.lines ?? ['QUYET DINH', 'Ve viec thu nghiem ky so', 'CHU TICH']) {
        page.drawText(line, { x: 320, y, size: 12, font, color: rgb(0, 0, 0) });
        y -= 20;
      }
    }
  }
  if (options.padBytes) {
    const filler = doc.context.stream(Buffer.alloc(options.padBytes, 0x20).toString('latin1'));
    doc.catalog.set(PDFName.of('Filler'), doc.context.register(filler));
  }
  return doc.save({ useObjectStreams: (options.xref ?? 'table') === 'stream' });
}

/** A fresh temporary directory removed at process exit. */
export function tempDir(prefix = 'vanthu-sign-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Run `qpdf --check`; returns its exit code and text (0 = no problems at all). */
export function qpdfCheck(bytes: Uint8Array): { code: number; output: string } {
  const dir = tempDir('vanthu-qpdf-');
  const file = path.join(dir, 'check.pdf');
  fs.writeFileSync(file, bytes);
  try {
    const output = execFileSync('qpdf', ['--check', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: 0, output };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, output: `${err.stdout}${err.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Rewrite a PDF through qpdf with extra arguments (e.g. encryption, object streams). */
export function qpdfTransform(bytes: Uint8Array, args: string[]): Uint8Array {
  const dir = tempDir('vanthu-qpdf-');
  const input = path.join(dir, 'in.pdf');
  const output = path.join(dir, 'out.pdf');
  fs.writeFileSync(input, bytes);
  execFileSync('qpdf', [...args, input, output], { stdio: 'ignore' });
  const out = new Uint8Array(fs.readFileSync(output));
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}
