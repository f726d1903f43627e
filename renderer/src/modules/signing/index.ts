import { placeholderModule } from '../EmptyModule';

// Placeholder until the signing pages land: replace with this module's own definition (a Page that
// routes within #/signing/...).
export const signingModule = placeholderModule('signing', ['signing.sign', 'signing.seal', 'signing.verify']);
