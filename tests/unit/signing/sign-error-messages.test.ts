import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SIGNING_ERROR_MESSAGES } from '../../../core/signing/errorMessages';
import { catalogues } from '../../../shared/i18n/index';

const SIGNING_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../core/signing');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'verify' ? [] : sourceFiles(full);
    return e.name.endsWith('.ts') && e.name !== 'errorMessages.ts' ? [full] : [];
  });
}

describe('signing error messages', () => {
  it('has a Vietnamese and an English text for every code the signing code throws', () => {
    const thrown = new Set<string>();
    for (const file of sourceFiles(SIGNING_DIR)) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/new AppError\(\s*'([A-Z_]+)'/g)) thrown.add(m[1]!);
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/AppError\('((?:SIG|PDF)_[A-Z_]+)'/g)) thrown.add(m[1]!);
    }
    // App-wide codes (also thrown by the signing service) have their texts in the shared catalogue.
    const appWide = (code: string) => code in (catalogues.vi.errors as Record<string, string>) && code in (catalogues.en.errors as Record<string, string>) && !code.startsWith('SIG_') && code !== 'PDF_ENCRYPTED';
    const generic = new Set(['VALIDATION', 'INTERNAL', 'FILE_CORRUPT', 'FILE_TOO_LARGE', 'NOT_FOUND', ...[...thrown].filter(appWide)]);
    const specific = [...thrown].filter((c) => !generic.has(c)).sort();
    expect(specific.length).toBeGreaterThan(15);
    expect(Object.keys(SIGNING_ERROR_MESSAGES).sort()).toEqual(specific);
    for (const { vi, en } of Object.values(SIGNING_ERROR_MESSAGES)) {
      expect(vi.length).toBeGreaterThan(10);
      expect(en.length).toBeGreaterThan(10);
    }
  });
});
