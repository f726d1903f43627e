import type { ModuleDefinition } from '../types';
import { SigningPage } from './SigningPage';

// Signing itself happens on the outgoing document page (SignActions, SignaturePanel); the sidebar
// page shows the tokens plugged in, the agency's signing settings and the trust store.
export const signingModule: ModuleDefinition = {
  id: 'signing',
  titleKey: 'modules.signing.title',
  descriptionKey: 'modules.signing.description',
  anyOf: ['signing.sign', 'signing.seal', 'signing.verify'],
  Page: SigningPage,
};
export { SignActions } from './SignActions';
export { SignaturePanel } from './SignaturePanel';
