import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { createClient } from './api';
import { App } from './app/App';
import { createI18n } from './i18n';
import './styles.css';

// createClient first: it takes the launch token out of the URL fragment before routing reads it.
const client = createClient();
const i18n = createI18n();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App client={client} />
    </I18nextProvider>
  </StrictMode>,
);
