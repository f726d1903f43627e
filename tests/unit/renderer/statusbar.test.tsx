// @vitest-environment jsdom
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { ADMIN_PASSWORD, initAgency, openCore } from '../../support/core';
import { logInThroughUi, renderApp } from './harness';

describe('status bar', () => {
  test('shows the exchange state from system.status, follows live sync.state events, and shows the app version', async () => {
    const core = openCore();
    await initAgency(core);
    renderApp(core);
    await logInThroughUi('admin', ADMIN_PASSWORD, fireEvent);
    const bar = await screen.findByRole('contentinfo', { name: 'Trạng thái' });
    expect(within(bar).getByRole('status').textContent).toBe('Chưa cấu hình liên thông');
    expect(bar.textContent).toMatch(/Phiên bản \d+\.\d+\.\d+/);

    core.emit({ type: 'sync.state', state: 'syncing', queued: 3, detail: '' });
    expect(await within(bar).findByText('Đang đồng bộ')).toBeTruthy();
    expect(within(bar).getByText('· 3 gói chờ gửi')).toBeTruthy();
    core.emit({ type: 'sync.state', state: 'offline', queued: 0, detail: 'axis unreachable' });
    expect(await within(bar).findByText('Mất kết nối trục liên thông')).toBeTruthy();
  });
});
