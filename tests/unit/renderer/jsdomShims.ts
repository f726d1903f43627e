// jsdom has no geometry interfaces, and pdf.js (imported by the documents pages for their viewer)
// builds a DOMMatrix when its module loads. These tests never render a PDF; an identity matrix
// class is enough for the import to succeed.
if (typeof globalThis.DOMMatrix === 'undefined') {
  (globalThis as Record<string, unknown>).DOMMatrix = class {
    a = 1; b = 0; c = 0; d = 1; e = 0; f = 0;
  };
}

export {};
