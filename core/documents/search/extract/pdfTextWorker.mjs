// Worker thread: extracts the text of PDF files with pdf.js so the main thread (and the
// register action) never waits for it. Plain JavaScript so it starts without a TypeScript loader
// in every host (node, vitest, Electron). Messages in: { id, file }; out: { id, ok, text, pages,
// reason, message, ms }. Reasons: pdf.encrypted, pdf.corrupt, pdf.noText, pdf.unreadable.
import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';

const pdfjsPromise = import('pdfjs-dist/legacy/build/pdf.mjs');

/** Text of one page with line breaks where pdf.js reports them. */
async function pageText(page) {
  const content = await page.getTextContent();
  let out = '';
  for (const item of content.items) {
    if (typeof item.str !== 'string') continue;
    out += item.str;
    out += item.hasEOL ? '\n' : ' ';
  }
  return out.replace(/[ \t]+/g, ' ').trim();
}

async function extract(file) {
  const pdfjs = await pdfjsPromise;
  const data = new Uint8Array(fs.readFileSync(file));
  let doc;
  try {
    doc = await pdfjs.getDocument({ data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, stopAtErrors: false }).promise;
  } catch (e) {
    const name = e && e.name;
    if (name === 'PasswordException') return { ok: false, pages: 0, reason: 'pdf.encrypted', message: 'The PDF is password-protected; its text cannot be read.' };
    if (name === 'InvalidPDFException') return { ok: false, pages: 0, reason: 'pdf.corrupt', message: `The PDF is damaged: ${e.message}` };
    return { ok: false, pages: 0, reason: 'pdf.unreadable', message: `The PDF could not be read: ${(e && e.message) || e}` };
  }
  try {
    const parts = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      parts.push(await pageText(page));
      page.cleanup();
    }
    const text = parts.join('\n\n').normalize('NFC');
    if (!/[\p{L}\p{N}]/u.test(text)) {
      return { ok: false, pages: doc.numPages, reason: 'pdf.noText', message: 'The PDF has no text layer (a scan?); it cannot be found by its words.' };
    }
    return { ok: true, pages: doc.numPages, text };
  } catch (e) {
    return { ok: false, pages: doc.numPages, reason: 'pdf.corrupt', message: `The PDF is damaged: ${(e && e.message) || e}` };
  } finally {
    await doc.destroy();
  }
}

parentPort.on('message', async (msg) => {
  const t0 = performance.now();
  let result;
  try {
    result = await extract(msg.file);
  } catch (e) {
    result = { ok: false, pages: 0, reason: 'pdf.unreadable', message: String((e && e.message) || e) };
  }
  parentPort.postMessage({ id: msg.id, ms: performance.now() - t0, ...result });
});
