// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { Suspense } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, expect, test } from 'vitest';
import { createI18n } from '../../../renderer/src/i18n';
import { lazyPage } from '../../../renderer/src/modules/lazyPage';

afterEach(cleanup);

test('a lazy module page shows the loading line, then the page once its chunk has loaded', async () => {
  const Page = lazyPage(() => import('../../../renderer/src/modules/dossiers/index').then((m) => ({ DossiersPage: m.dossiersModule.Page })), 'DossiersPage');
  render(
    <I18nextProvider i18n={createI18n('vi')}>
      <Suspense fallback={<p>Đang tải…</p>}>
        <Page subpath="/" />
      </Suspense>
    </I18nextProvider>,
  );
  expect(screen.getByText('Đang tải…')).toBeTruthy();
  expect(await screen.findByRole('heading', { level: 1, name: 'Hồ sơ công việc' })).toBeTruthy();
});
