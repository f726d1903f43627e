import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/api/errors';
import type { FileInput } from '../../shared/api/documents';
import type { BlobStore } from '../storage/blobs';

// Attachment files: size limit checked before anything is copied, bytes kept in the
// content-addressed blob store, and a quick look at PDFs so a damaged, encrypted or scanned file
// is still accepted but flagged for the user (text extraction itself is the search worker's).

export interface StoredFile {
  sha256: string;
  size: number;
  fileName: string;
  mime: string;
  extraction: 'pending' | 'failed' | 'not_applicable';
  extractionError: string | null;
  warning: string | null;
}

const MIME_BY_EXT: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.xml': 'application/xml',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.odt': 'application/vnd.oasis.opendocument.text',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.zip': 'application/zip',
};
const EXTRACTABLE = new Set(['application/pdf', 'text/plain', 'application/xml', MIME_BY_EXT['.docx'], MIME_BY_EXT['.odt']]);

function tooLarge(fileName: string, size: number, limit: number): AppError {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return new AppError('FILE_TOO_LARGE', `${fileName} is ${mb(size)}; the attachment limit is ${mb(limit)} (${limit} bytes). Compress or split the file, or ask an administrator to raise the limit.`, {
    details: { size, limit, fileName },
  });
}

export function sniffMime(fileName: string, head: Uint8Array): string {
  const start = Buffer.from(head.subarray(0, 1024)).toString('latin1');
  if (start.includes('%PDF-')) return 'application/pdf';
  return MIME_BY_EXT[path.extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

/** Flags PDFs whose text cannot be extracted. The checks are cheap byte scans, not a full parse. */
export function inspectPdf(bytes: Uint8Array): { warning: string | null; error: string | null } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const head = buf.subarray(0, 1024).toString('latin1');
  const tail = buf.subarray(Math.max(0, buf.length - 2048)).toString('latin1');
  if (!head.includes('%PDF-') || !tail.includes('%%EOF') || (!buf.includes('trailer') && !buf.includes('/XRef'))) {
    return { warning: 'pdf.corrupt', error: 'not a complete PDF (missing header, trailer or %%EOF)' };
  }
  if (buf.includes('/Encrypt')) return { warning: 'pdf.encrypted', error: 'the PDF is encrypted' };
  // A page with text uses a font, and every font dictionary names its /BaseFont (an empty /Font
  // resource dictionary is common on scans). Fonts can hide inside compressed object streams, so
  // only call it textless when there are none.
  if (!buf.includes('/BaseFont') && !buf.includes('/ObjStm')) return { warning: 'pdf.noText', error: 'no text layer (a scan?)' };
  return { warning: null, error: null };
}

function describe(fileName: string, bytes: Uint8Array, sha256: string): StoredFile {
  const mime = sniffMime(fileName, bytes);
  let extraction: StoredFile['extraction'] = EXTRACTABLE.has(mime) ? 'pending' : 'not_applicable';
  let warning: string | null = null;
  let extractionError: string | null = null;
  if (mime === 'application/pdf' || path.extname(fileName).toLowerCase() === '.pdf') {
    const r = inspectPdf(bytes);
    if (r.warning) {
      warning = r.warning;
      extractionError = r.error;
      extraction = 'failed';
    }
  }
  return { sha256, size: bytes.byteLength, fileName, mime: mime === 'application/octet-stream' && warning ? 'application/pdf' : mime, extraction, extractionError, warning };
}

/** Decoded size of base64 text, known before decoding it. */
export function base64Size(b64: string): number {
  // Stripping whitespace copies the whole text (1.4 MB for a 1 MB file): only when there is some.
  const clean = /\s/.test(b64) ? b64.replace(/\s+/g, '') : b64;
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - pad;
}

export function storeInput(blobs: BlobStore, file: FileInput, limit: number): StoredFile {
  if ('contentBase64' in file) {
    const size = base64Size(file.contentBase64);
    if (size > limit) throw tooLarge(file.fileName, size, limit);
    const bytes = Buffer.from(file.contentBase64, 'base64');
    const { sha256 } = blobs.put(bytes);
    return describe(file.fileName, bytes, sha256);
  }
  const bytes = blobs.get(file.sha256); // also checks the stored copy is intact
  if (bytes.byteLength > limit) throw tooLarge(file.fileName, bytes.byteLength, limit);
  return describe(file.fileName, bytes, file.sha256);
}

/** Stores a file from disk; refuses an oversized one before copying a byte. */
export function storePath(blobs: BlobStore, source: string, limit: number, fileName = path.basename(source)): StoredFile {
  const size = fs.statSync(source).size;
  if (size > limit) throw tooLarge(fileName, size, limit);
  const { sha256 } = blobs.putFile(source, limit);
  return describe(fileName, blobs.get(sha256), sha256);
}
