import { describe, expect, test } from 'vitest';
import { ERROR_CODES } from '../../../shared/api/errors';
import { catalogues } from '../../../shared/i18n/index';

function leaves(o: unknown, prefix = ''): string[] {
  if (typeof o === 'string') return [prefix];
  return Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

function at(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);
}

describe('message catalogues', () => {
  test('Vietnamese and English have exactly the same keys, and neither leaves out a text the other has', () => {
    const vi = leaves(catalogues.vi).sort();
    expect(leaves(catalogues.en).sort()).toEqual(vi);
    // A key may be deliberately blank (nothing to show), but then in both languages.
    for (const k of vi) expect(String(at(catalogues.vi, k)).trim() === '', k).toBe(String(at(catalogues.en, k)).trim() === '');
  });

  test('every AppError code has a message in both languages', () => {
    for (const code of [...ERROR_CODES, 'OFFLINE']) {
      expect(typeof at(catalogues.vi, `errors.${code}`), `vi errors.${code}`).toBe('string');
      expect(typeof at(catalogues.en, `errors.${code}`), `en errors.${code}`).toBe('string');
    }
  });

  test('every field-error code the shared schemas use has a message', async () => {
    const src = await import('node:fs').then((fs) => fs.readFileSync(new URL('../../../shared/api/schemas.ts', import.meta.url), 'utf8') + fs.readFileSync(new URL('../../../shared/api/foundation.ts', import.meta.url), 'utf8'));
    const codes = [...src.matchAll(/message: '([a-zA-Z.]+)'/g)].map((m) => m[1]!);
    expect(codes.length).toBeGreaterThan(5);
    for (const code of new Set(codes)) expect(typeof at(catalogues.vi, `fieldErrors.${code}`), `fieldErrors.${code}`).toBe('string');
  });

  test('Vietnamese text is written with its diacritics (not stripped to ASCII)', () => {
    expect(at(catalogues.vi, 'modules.incoming.title')).toBe('Văn bản đến');
    expect(at(catalogues.vi, 'errors.LOGIN_FAILED')).toMatch(/Sai tên đăng nhập hoặc mật khẩu/);
  });
});

describe('error messages for people', () => {
  test('a code without its own message still says what happened, with the code for support', async () => {
    const { default: i18next } = await import('i18next');
    const { AppError } = await import('../../../shared/api/errors');
    const { errorMessage } = await import('../../../renderer/src/ui/errors');
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'vi', resources: { vi: { translation: catalogues.vi } }, showSupportNotice: false });
    expect(errorMessage(i18n.t, 'vi', new AppError('AXIS_REFUSED', 'The axis refused the package.'))).toBe('Đã xảy ra lỗi (AXIS_REFUSED): The axis refused the package.');
    expect(errorMessage(i18n.t, 'vi', new AppError('CONFLICT', 'This is the last active administrator.'))).toBe('Không thực hiện được vì xung đột với dữ liệu hiện có: This is the last active administrator.');
    expect(errorMessage(i18n.t, 'vi', new Error('boom'))).toMatch(/^Lỗi nội bộ\./);
    const tooLarge = new AppError('FILE_TOO_LARGE', 'x', { details: { fileName: 'bao-cao.pdf', size: 600 * 1024, limit: 512 * 1024 } });
    expect(errorMessage(i18n.t, 'vi', tooLarge)).toBe('Tệp bao-cao.pdf (600 KB) vượt giới hạn đính kèm 512 KB. Hãy nén hoặc tách tệp, hoặc đề nghị quản trị viên nâng giới hạn.');
  });
});
