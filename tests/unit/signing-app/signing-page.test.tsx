// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { ADMIN_PASSWORD, initAgency, openCore } from '../../support/core';
import { testPki } from '../../support/pki/index';
import { logInThroughUi, renderApp } from '../renderer/harness';

// The Ký số page in the real renderer over a real core: the administrator sees that nothing is
// trusted yet, sets the agency's PKCS#11 library path and adds a root certificate.

describe('Ký số page', () => {
  test('the administrator saves the PKCS#11 path and adds a root certificate; the empty trust store is explained first', async () => {
    const core = openCore();
    await initAgency(core);
    window.location.hash = '#/signing';
    renderApp(core);
    await logInThroughUi('admin', ADMIN_PASSWORD, fireEvent);
    await screen.findByRole('heading', { level: 2, name: 'Chứng thư gốc tin cậy' });
    await screen.findByText(/Chưa có chứng thư gốc nào/);

    const path = screen.getByLabelText('Đường dẫn thư viện PKCS#11 của thiết bị ký số') as HTMLInputElement;
    await waitFor(() => expect(path.value).toBe('/usr/lib/softhsm/libsofthsm2.so'));
    fireEvent.change(path, { target: { value: '/usr/lib/vnpt-ca/libvnpt.so' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu cài đặt' }));
    await screen.findByText('Đã lưu cài đặt ký số.');
    expect((await core.asSystem('t')('signing.settings.get', {})).pkcs11Module).toBe('/usr/lib/vnpt-ca/libvnpt.so');

    const root = new File([testPki().rootCertPem], 'root.pem', { type: 'application/x-pem-file' });
    fireEvent.change(screen.getByLabelText('Thêm chứng thư gốc (.cer, .crt, .pem)'), { target: { files: [root] } });
    await screen.findByText('Đã thêm 1 chứng thư gốc.');
    const list = screen.getByRole('heading', { level: 2, name: 'Chứng thư gốc tin cậy' }).parentElement!;
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(screen.queryByText(/Chưa có chứng thư gốc nào/)).toBeNull();
  });
});
