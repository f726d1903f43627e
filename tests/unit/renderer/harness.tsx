import './jsdomShims';
import { cleanup, configure, render, screen, type RenderResult } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach } from 'vitest';
import type { Core } from '../../../core/app';
import { ApiClient, type Transport } from '../../../shared/api/client';
import { isAppError } from '../../../shared/api/errors';
import type { Language } from '../../../shared/i18n/index';
import { App } from '../../../renderer/src/app/App';
import { createI18n } from '../../../renderer/src/i18n';

// Component tests run the real UI against a real Core in the same process: the transport calls
// core.call exactly as the web server and Electron IPC do, minus the wire.

// Logins hash with scrypt and jsdom is slow on two busy cores: allow more than the default 1 s.
configure({ asyncUtilTimeout: 8_000 });

afterEach(() => {
  cleanup();
  localStorage.clear();
  sessionStorage.clear();
  window.location.hash = '';
});

export function directTransport(core: Core): Transport {
  return {
    async call(method, input, sessionToken) {
      try {
        return { ok: true, result: await core.call(method, input, { sessionToken }) };
      } catch (e) {
        if (isAppError(e)) return { ok: false, error: e.toPayload() };
        throw e;
      }
    },
    subscribe: (onEvent) => core.events.on(onEvent),
  };
}

export function renderApp(core: Core, opts: { language?: Language } = {}): RenderResult & { client: ApiClient } {
  return renderAppOn(directTransport(core), opts);
}

/** Renders the app on a given transport (e.g. one that logs or alters calls on their way to the core). */
export function renderAppOn(transport: Transport, opts: { language?: Language } = {}): RenderResult & { client: ApiClient } {
  const client = new ApiClient(transport);
  const i18n = createI18n(opts.language);
  const result = render(
    <I18nextProvider i18n={i18n}>
      <App client={client} statusPollMs={60_000} />
    </I18nextProvider>,
  );
  return Object.assign(result, { client });
}

/** Fills in the login form and submits it. */
export async function logInThroughUi(username: string, password: string, fire: typeof import('@testing-library/react').fireEvent): Promise<void> {
  await screen.findByRole('heading', { name: 'Đăng nhập' });
  fire.change(screen.getByLabelText('Tên đăng nhập'), { target: { value: username } });
  fire.change(screen.getByLabelText('Mật khẩu'), { target: { value: password } });
  fire.click(screen.getByRole('button', { name: 'Đăng nhập' }));
}
