import type { PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

// pdf.js runs its parser in a module worker loaded from our own origin, which the CSP allows
// ("worker-src 'self' blob:; script-src 'self'"). Eval-based font code and WebAssembly decoders are
// turned off because the CSP forbids both; pdf.js then uses its plain JavaScript paths.
// pdf.js itself is a chunk of its own, fetched the first time a PDF is opened, so it does not weigh
// on the start of the app: nothing here or in the viewer imports it statically.

type PdfJs = typeof import('pdfjs-dist');
let pdfjs: Promise<PdfJs> | null = null;

/** pdf.js, loaded and pointed at its worker on first use. */
export function loadPdfjs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist').then(
    (m) => {
      m.GlobalWorkerOptions.workerSrc = workerUrl;
      return m;
    },
    (e: unknown) => {
      pdfjs = null; // a failed chunk load is tried again next time
      throw e;
    },
  );
  return pdfjs;
}

export interface LoadedPdf {
  doc: PDFDocumentProxy;
  destroy(): void;
}

export class PdfLoadError extends Error {
  constructor(
    readonly kind: 'encrypted' | 'corrupt',
    message: string,
  ) {
    super(message);
  }
}

/** Opens PDF bytes; encrypted files (password) and unreadable ones fail with a PdfLoadError. */
export async function loadPdf(bytes: Uint8Array): Promise<LoadedPdf> {
  const { getDocument } = await loadPdfjs();
  // pdf.js takes ownership of the buffer it is given; keep the caller's copy intact.
  const task = getDocument({ data: bytes.slice(), isEvalSupported: false, useWasm: false, enableXfa: false, stopAtErrors: false });
  try {
    const doc = await task.promise;
    return { doc, destroy: () => void task.destroy() };
  } catch (e) {
    void task.destroy();
    const name = (e as { name?: string }).name;
    if (name === 'PasswordException') throw new PdfLoadError('encrypted', (e as Error).message);
    throw new PdfLoadError('corrupt', (e as Error).message);
  }
}

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
