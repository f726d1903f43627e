// Reading files the user picked into what the API takes (base64) and their SHA-256 (duplicate check).

export interface PickedFile {
  fileName: string;
  contentBase64: string;
  sha256: string;
  size: number;
  /** Named .pdf but without a PDF header. */
  notAPdf: boolean;
}

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(bin);
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function readBytes(file: Blob): Promise<Uint8Array> {
  if (typeof file.arrayBuffer === 'function') return new Uint8Array(await file.arrayBuffer());
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(new Uint8Array(r.result as ArrayBuffer));
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsArrayBuffer(file);
  });
}

export async function pickFile(file: File): Promise<PickedFile> {
  const bytes = await readBytes(file);
  const head = String.fromCharCode(...bytes.subarray(0, 1024));
  const isPdfName = file.name.toLowerCase().endsWith('.pdf');
  return { fileName: file.name, contentBase64: toBase64(bytes), sha256: await sha256Hex(bytes), size: bytes.byteLength, notAPdf: isPdfName && !head.includes('%PDF-') };
}
