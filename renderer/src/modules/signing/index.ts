import { placeholderModule } from '../EmptyModule';

// The signing work happens on the outgoing document page (SignActions, SignaturePanel); this
// sidebar entry stays a placeholder until a page of its own (batch signing, verify a file) lands.
export const signingModule = placeholderModule('signing', ['signing.sign', 'signing.seal', 'signing.verify']);
export { SignActions } from './SignActions';
export { SignaturePanel } from './SignaturePanel';
