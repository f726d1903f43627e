import { placeholderModule } from '../EmptyModule';

// Placeholder until the dossiers pages land: replace with this module's own definition (a Page that
// routes within #/dossiers/...).
export const dossiersModule = placeholderModule('dossiers', ['dossiers.manage']);
