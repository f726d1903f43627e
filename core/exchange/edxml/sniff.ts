// Declared content types in field packages are unreliable (a "PDF" that is a ZIP has been seen),
// so the type we keep comes from the bytes whenever the bytes say something.

function startsWith(bytes: Uint8Array, magic: number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  return magic.every((b, i) => bytes[at + i] === b);
}

function ascii(s: string): number[] {
  return [...s].map((c) => c.charCodeAt(0));
}

function containsAscii(bytes: Uint8Array, s: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(s, 0, 'latin1') >= 0;
}

const OOXML: [string, string][] = [
  ['word/', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['xl/', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['ppt/', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
];

/** The type the bytes prove, or undefined when they match no known signature. */
export function sniffMimeType(bytes: Uint8Array, name = ''): string | undefined {
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    // ODF stores its type uncompressed as the first entry; OOXML is recognised by its part folders.
    if (startsWith(bytes, ascii('mimetype'), 30)) {
      const m = /^mimetype(application\/vnd\.oasis\.opendocument\.[a-z.]+)/.exec(Buffer.from(bytes.subarray(30, 100)).toString('latin1'));
      if (m) return m[1];
    }
    if (containsAscii(bytes, '[Content_Types].xml')) {
      for (const [folder, type] of OOXML) if (containsAscii(bytes, folder)) return type;
    }
    return 'application/zip';
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // Legacy Office: the container does not say which program; the file name is the best hint.
    const ext = name.toLowerCase().split('.').pop();
    if (ext === 'xls') return 'application/vnd.ms-excel';
    if (ext === 'ppt') return 'application/vnd.ms-powerpoint';
    return 'application/msword';
  }
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'image/tiff';
  if (startsWith(bytes, ascii('Rar!\x1a\x07'))) return 'application/vnd.rar';
  if (startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return 'application/x-7z-compressed';
  if (startsWith(bytes, ascii('{\\rtf'))) return 'application/rtf';
  if (startsWith(bytes, ascii('<?xml'))) return 'application/xml';
  return undefined;
}

/** The MIME type to record: sniffed, else the declared one, else octet-stream. */
export function effectiveMimeType(bytes: Uint8Array, name: string, declared: string | undefined): string {
  return sniffMimeType(bytes, name) ?? (declared && /^[\w.+-]+\/[\w.+-]+$/.test(declared) ? declared.toLowerCase() : 'application/octet-stream');
}
