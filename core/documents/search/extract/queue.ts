import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

// Hands PDF files to one worker thread, one at a time, and resolves when each is done. The worker
// starts on first use and is terminated by close(); while idle it does not keep the process alive.

export interface ExtractionOutcome {
  ok: boolean;
  text?: string;
  pages: number;
  /** i18n key shown to the user when extraction failed: pdf.encrypted, pdf.corrupt, pdf.noText, pdf.unreadable. */
  reason?: string;
  message?: string;
  ms: number;
}

interface Job {
  id: number;
  file: string;
  resolve(o: ExtractionOutcome): void;
}

// Written exactly so for scripts/build.mjs, which bundles the worker and rewrites this expression.
const WORKER_URL = new URL('./pdfTextWorker.mjs', import.meta.url);

/**
 * Where the worker script is. Under vitest's jsdom environment `new URL(…, import.meta.url)` is
 * rewritten to an http://localhost address (as for a browser asset), which a worker thread cannot
 * load: then the script is found beside this module's own file.
 */
export function workerScript(): string | URL {
  if (WORKER_URL.protocol === 'file:') return fileURLToPath(WORKER_URL.href);
  const self = String(import.meta.url);
  if (self.startsWith('file:')) return path.join(path.dirname(fileURLToPath(self)), 'pdfTextWorker.mjs');
  return WORKER_URL;
}

/** Log line when the worker cannot run at all (text stays unsearchable, the attachment is marked failed). */
function logWorkerFailure(message: string): void {
  console.warn(`[search] PDF text extraction is unavailable: ${message}. Attachments are marked failed (extraction_error) and can be re-queued.`);
}

export class PdfTextExtractor {
  private worker: Worker | null = null;
  private readonly waiting: Job[] = [];
  private current: Job | null = null;
  private nextId = 1;
  private closed = false;

  extract(file: string): Promise<ExtractionOutcome> {
    if (this.closed) return Promise.resolve({ ok: false, pages: 0, reason: 'pdf.unreadable', message: 'extraction stopped', ms: 0 });
    return new Promise((resolve) => {
      this.waiting.push({ id: this.nextId++, file, resolve });
      this.pump();
    });
  }

  get busy(): boolean {
    return this.current !== null || this.waiting.length > 0;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    // execArgv: [] so a TypeScript loader of the parent (tsx) is not needed by this plain-JS worker.
    const w = new Worker(workerScript(), { execArgv: [] });
    w.on('message', (msg: ExtractionOutcome & { id: number }) => {
      const job = this.current;
      if (!job || job.id !== msg.id) return;
      this.current = null;
      job.resolve(msg);
      this.pump();
    });
    w.on('error', (err) => {
      logWorkerFailure(`the worker crashed (${err.message})`);
      this.failCurrent(`extraction worker crashed: ${err.message}`);
    });
    w.on('exit', () => {
      this.worker = null;
      this.failCurrent('extraction worker stopped');
    });
    this.worker = w;
    return w;
  }

  private failCurrent(message: string): void {
    const job = this.current;
    this.current = null;
    if (job) job.resolve({ ok: false, pages: 0, reason: 'pdf.unreadable', message, ms: 0 });
    if (!this.closed) this.pump();
  }

  private pump(): void {
    if (this.current || this.closed) {
      this.updateRef();
      return;
    }
    const job = this.waiting.shift();
    if (job) {
      this.current = job;
      try {
        this.ensureWorker().postMessage({ id: job.id, file: job.file });
      } catch (e) {
        // A host that cannot start worker threads: this file fails, the next one tries again.
        const message = e instanceof Error ? e.message : String(e);
        logWorkerFailure(`the worker did not start (${message})`);
        this.worker = null;
        this.current = null;
        job.resolve({ ok: false, pages: 0, reason: 'pdf.unreadable', message: `extraction worker did not start: ${message}`, ms: 0 });
        queueMicrotask(() => this.pump());
        return;
      }
    }
    this.updateRef();
  }

  /** Keep the process alive only while there is work. */
  private updateRef(): void {
    if (!this.worker) return;
    if (this.busy) this.worker.ref();
    else this.worker.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const j of this.waiting.splice(0)) j.resolve({ ok: false, pages: 0, reason: 'pdf.unreadable', message: 'extraction stopped', ms: 0 });
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}
