import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { signingPurposes } from '../../../shared/api/signing';
import { catalogues, type Language } from '../../../shared/i18n/index';
import { REPO_ROOT } from '../../support/webapp';

// Every code the core can send to a person has words in Vietnamese and English. The codes are read
// from the sources themselves (as they are written: `new AppError('CODE'`, `code: 'field.reason'`,
// schema messages, attachment warnings, audit actions), so a new code without text fails here
// instead of reaching a clerk as "VALIDATION: pages.invalid".

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.(ts|mjs)$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [p] : [];
  });
}

const read = (f: string) => fs.readFileSync(f, 'utf8');
const under = (...dirs: string[]) => dirs.flatMap((d) => sources(path.join(REPO_ROOT, d)));
const LANGS: Language[] = ['vi', 'en'];

function at(o: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);
}

function collect(files: string[], pattern: RegExp): string[] {
  const out = new Set<string>();
  for (const f of files) for (const m of read(f).matchAll(pattern)) out.add(m[1]!);
  return [...out].sort();
}

/** `code` has no text in a language under any of `prefixes` → `lang prefix…code`. */
function missing(codes: string[], prefixes: string[]): string[] {
  return LANGS.flatMap((lang) => codes.filter((c) => !prefixes.some((p) => String(at(catalogues[lang], `${p}.${c}`) ?? '').trim() !== '')).map((c) => `${lang} ${c}`));
}

describe('every code the core can emit has Vietnamese and English text', () => {
  test('error codes (new AppError(...)) anywhere in the core, the shared API and the server', () => {
    const codes = collect(under('core', 'shared', 'server'), /AppError\(\s*['"]([A-Z][A-Z0-9_]+)['"]/g);
    expect(codes).toEqual(expect.arrayContaining(['CONFLICT', 'DUPLICATE', 'FILE_MISSING', 'FORWARD_LIMIT', 'INVALID_STATE']));
    expect(missing(codes, ['errors'])).toEqual([]);
  });

  test('field codes of the documents (core checks, the CSV importer and the shared schemas) read in words on the documents pages', () => {
    const core = collect(under('core/documents').concat(path.join(REPO_ROOT, 'core/api/documentsHandlers.ts')), /\bcode: '([a-z][a-zA-Z]*(?:\.[a-zA-Z_]+)*)'/g);
    const schemas = collect(['documents.ts', 'search.ts', 'schemas.ts'].map((f) => path.join(REPO_ROOT, 'shared/api', f)), /message: '([a-zA-Z.]+)'/g);
    const codes = [...new Set([...core, ...schemas])];
    expect(codes).toEqual(expect.arrayContaining(['urgency.unknown', 'confidentiality.unknown', 'pages.invalid', 'notation.format', 'date.invalid']));
    // The documents pages look a code up in their own catalogue first, then in the shared one.
    expect(missing(codes, ['docs.fieldErrors', 'fieldErrors'])).toEqual([]);
  });

  test('field codes of the other modules (identity, exchange, signing) have text in the shared catalogue', () => {
    const files = under('core').filter((f) => !f.includes(`${path.sep}documents${path.sep}`));
    const codes = collect(files, /\bcode: '([a-z][a-zA-Z]*(?:\.[a-zA-Z_]+)*)'/g);
    expect(codes.length).toBeGreaterThan(3);
    expect(missing(codes, ['fieldErrors'])).toEqual([]);
  });

  test('attachment warnings and extraction failures (pdf.unreadable, extract.unsupported …) are explained beside the file', () => {
    const codes = collect(under('core/documents'), /(?:warning|reason): '([a-z]+\.[a-zA-Z]+)'/g);
    expect(codes).toEqual(expect.arrayContaining(['pdf.corrupt', 'pdf.encrypted', 'pdf.noText', 'pdf.unreadable', 'extract.unsupported']));
    expect(missing(codes, ['docs.attach.warning'])).toEqual([]);
  });

  test('every step recorded on a document has a name in its timeline', () => {
    const docs = under('core/documents');
    const actions = collect(docs, /record\(actor, '([a-zA-Z]+\.[a-zA-Z]+)'/g);
    // Written with a variable part: a note or a draft comment, each signing purpose, and the
    // sender's revoking, updating or replacing a document received through the axis.
    actions.push('document.note', 'document.comment', ...signingPurposes.map((p) => `signing.${p}`), 'exchange.revoked', 'exchange.updated', 'exchange.replaced');
    // Other modules write on a document's timeline too (the exchange's sends and status notices).
    for (const f of under('core/exchange', 'core/signing')) for (const m of read(f).matchAll(/action: '([a-z]+\.[a-zA-Z]+)', subjectType: 'document'/g)) actions.push(m[1]!);
    expect(actions).toEqual(expect.arrayContaining(['document.registerIncoming', 'document.reassign', 'outgoing.release', 'exchange.send']));
    expect(missing([...new Set(actions)].sort(), ['docs.timeline.actions'])).toEqual([]);
  });
});
