import { placeholderModule } from '../EmptyModule';

// Placeholder until the meetings pages land: replace with this module's own definition (a Page that
// routes within #/meetings/...).
export const meetingsModule = placeholderModule('meetings', ['meetings.manage', 'meetings.attend']);
