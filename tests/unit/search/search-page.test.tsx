// @vitest-environment jsdom
import '../renderer/jsdomShims';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { I18nextProvider } from 'react-i18next';
import { generateInto } from '../../../bench/data';
import { ApiClient } from '../../../shared/api/client';
import { App } from '../../../renderer/src/app/App';
import { createI18n } from '../../../renderer/src/i18n';
import { addUser, initAgency, login, openCore, USER_PASSWORD } from '../../support/core';
import { directTransport, logInThroughUi } from '../renderer/harness';

// The search page over the real core: words plus a date range give only documents dated inside
// it, newest first, with the same total the core counts exactly.

describe('search page', () => {
  test('a date range (from / to) narrows the results to documents dated inside it', async () => {
    const core = openCore();
    try {
      await initAgency(core);
      await addUser(core, 'vanthu', ['clerk']);
      generateInto(core, { docs: 3000, withBody: false, seed: 5 });
      const token = await login(core, 'vanthu');
      const filters = { dateFrom: '2024-03-01', dateTo: '2024-06-30' };
      const { total: expected } = (await core.call('search.countExact', { query: 'kế hoạch', filters }, { sessionToken: token })) as { total: number };
      expect(expected).toBeGreaterThan(0);

      render(
        <I18nextProvider i18n={createI18n('vi')}>
          <App client={new ApiClient(directTransport(core))} statusPollMs={60_000} />
        </I18nextProvider>,
      );
      await logInThroughUi('vanthu', USER_PASSWORD, fireEvent);
      await waitFor(() => expect(screen.queryByRole('heading', { name: 'Đăng nhập' })).toBeNull(), { timeout: 15_000 });
      window.location.hash = '#/incoming/search';
      const box = await screen.findByRole('searchbox', {}, { timeout: 15_000 });
      fireEvent.change(screen.getByLabelText('Từ ngày'), { target: { value: filters.dateFrom } });
      fireEvent.change(screen.getByLabelText('Đến ngày'), { target: { value: filters.dateTo } });
      fireEvent.change(box, { target: { value: 'kế hoạch' } });
      fireEvent.change(screen.getByLabelText('Sắp xếp'), { target: { value: 'date_desc' } });
      fireEvent.click(screen.getByRole('button', { name: 'Tìm' }));

      await waitFor(() => expect(document.querySelector('.search-total')?.textContent).toContain(`${expected.toLocaleString('vi-VN')} kết quả`), { timeout: 15_000 });
      expect(document.querySelector('.search-total')?.textContent).not.toContain('Khoảng');
      const hits = [...document.querySelectorAll<HTMLElement>('.search-hit')];
      expect(hits.length).toBe(Math.min(20, expected));
      // Dates shown as dd/mm/yyyy: every one inside the range, newest first.
      const dates = hits.map((h) => {
        const m = /(\d{2})\/(\d{2})\/(\d{4})/.exec(h.querySelector('.search-hit__meta')!.textContent!)!;
        return `${m[3]}-${m[2]}-${m[1]}`;
      });
      for (const d of dates) expect(d >= filters.dateFrom && d <= filters.dateTo, d).toBe(true);
      expect([...dates].sort().reverse()).toEqual(dates);
    } finally {
      core.close();
    }
  }, 120_000);
});
