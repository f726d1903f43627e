import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { en } from '../../../shared/i18n/en';
import { exchangeEn } from '../../../shared/i18n/exchange.en';
import { exchangeVi } from '../../../shared/i18n/exchange.vi';
import { vi } from '../../../shared/i18n/vi';
import { REPO_ROOT } from '../../support/webapp';

// Every error code the exchange can raise (edXML reader, axis stub and client, sync) has a sentence
// in Vietnamese and in English that says what to do, found by reading the sources themselves so a
// new code without text fails here.

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [p] : [];
  });
}

function raisedCodes(): string[] {
  const files = [...sources(path.join(REPO_ROOT, 'core', 'exchange')), ...sources(path.join(REPO_ROOT, 'server', 'axis')), path.join(REPO_ROOT, 'core', 'api', 'exchangeHandlers.ts')];
  const codes = new Set<string>();
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    // A code is a quoted string ('AXIS_UNREACHABLE') or the head of a stored reason (`EXCHANGE_UNREADABLE: …`).
    for (const m of text.matchAll(/['"`]((?:EDXML|AXIS|EXCHANGE)_[A-Z_]+)(?:['"]|:)/g)) codes.add(m[1]!);
  }
  return [...codes].sort();
}

describe('exchange error texts', () => {
  test('every EDXML_, AXIS_ and EXCHANGE_ code in the sources has Vietnamese and English text, also in the shared error catalogue', () => {
    const codes = raisedCodes();
    expect(codes.length).toBeGreaterThan(30);
    const missing = (catalogue: Record<string, string>) => codes.filter((c) => !catalogue[c]?.trim());
    expect(missing(exchangeVi.errors)).toEqual([]);
    expect(missing(exchangeEn.errors)).toEqual([]);
    expect(missing(vi.errors as Record<string, string>)).toEqual([]);
    expect(missing(en.errors as Record<string, string>)).toEqual([]);
  });

  test('the Vietnamese and English exchange texts are different sentences (nothing left untranslated)', () => {
    const leaves = (o: object, prefix = ''): [string, string][] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v as object, `${prefix}${k}.`)));
    const english = new Map(leaves(exchangeEn));
    const same = leaves(exchangeVi).filter(([k, v]) => english.get(k) === v && /[a-zà-ỹ]{4,}/i.test(v) && !/^\{\{/.test(v));
    expect(same).toEqual([]);
  });
});
