// @vitest-environment jsdom
import './jsdomShims';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, expect, test } from 'vitest';
import { startWebServer } from '../../../server/web/server';
import { ApiClient, httpTransport } from '../../../shared/api/client';
import { App } from '../../../renderer/src/app/App';
import { createI18n } from '../../../renderer/src/i18n';
import { initAgency, openCore } from '../../support/core';

afterEach(cleanup);

test('when the core cannot be reached at start the UI says so, and “Thử lại” gets through once it is back', async () => {
  const core = openCore();
  await initAgency(core);
  const token = 'unreachable-test-token';
  const first = await startWebServer({ core, staticDir: '/nonexistent', token });
  const { url, port } = first;
  await first.close(); // nothing listens on the port now

  render(
    <I18nextProvider i18n={createI18n('vi')}>
      <App client={new ApiClient(httpTransport(url, token))} statusPollMs={60_000} />
    </I18nextProvider>,
  );
  expect(await screen.findByRole('heading', { name: 'Không kết nối được VanThu' })).toBeTruthy();

  const again = await startWebServer({ core, staticDir: '/nonexistent', token, port });
  try {
    fireEvent.click(screen.getByRole('button', { name: 'Thử lại' }));
    expect(await screen.findByRole('heading', { name: 'Đăng nhập' })).toBeTruthy();
    expect(screen.getByText('Ủy ban nhân dân tỉnh Thử Nghiệm')).toBeTruthy();
  } finally {
    await again.close();
  }
});
