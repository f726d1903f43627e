import { placeholderModule } from '../EmptyModule';

// Placeholder until the outgoing pages land: replace with this module's own definition (a Page that
// routes within #/outgoing/...).
export const outgoingModule = placeholderModule('outgoing', ['documents.read', 'documents.draft']);
