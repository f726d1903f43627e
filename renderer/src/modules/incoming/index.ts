import { placeholderModule } from '../EmptyModule';

// Placeholder until the incoming pages land: replace with this module's own definition (a Page that
// routes within #/incoming/...).
export const incomingModule = placeholderModule('incoming', ['documents.read']);
