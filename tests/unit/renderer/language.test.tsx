// @vitest-environment jsdom
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { LANGUAGE_KEY } from '../../../renderer/src/i18n';
import { ADMIN_PASSWORD, initAgency, openCore } from '../../support/core';
import { renderApp } from './harness';

describe('language switch', () => {
  test('switching to English changes every label, sets <html lang> and is remembered for the next start', async () => {
    const core = openCore();
    await initAgency(core);
    const first = renderApp(core);
    await screen.findByRole('heading', { name: 'Đăng nhập' });
    fireEvent.change(screen.getByLabelText('Ngôn ngữ'), { target: { value: 'en' } });
    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeTruthy();
    expect(screen.getByLabelText('Username')).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem(LANGUAGE_KEY)).toBe('en');
    first.unmount();

    // A new start (fresh i18n instance) reads the stored choice.
    renderApp(core);
    await screen.findByRole('heading', { name: 'Log in' });
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'admin' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: ADMIN_PASSWORD } });
    fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('navigation', { name: 'Modules' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Administration' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Lock screen' })).toBeTruthy();
  });

  test('errors read in the chosen language too', async () => {
    const core = openCore();
    await initAgency(core);
    renderApp(core, { language: 'en' });
    await screen.findByRole('heading', { name: 'Log in' });
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'admin' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'not-it-at-all' } });
    fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Wrong username or password/);
  });
});
