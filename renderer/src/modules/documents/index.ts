import './documents.css';
import type { ModuleDefinition } from '../types';
import { InboxBadge } from './InboxPage';
import { IncomingPage } from './IncomingPage';
import { OutgoingPage } from './OutgoingPage';

// The documents modules. Each routes inside its prefix: `/` the register, `/inbox` work to do,
// `/search` full-text search, `/new` registration or a new draft, `/doc/<id>` one document.

export const incomingModule: ModuleDefinition = {
  id: 'incoming',
  titleKey: 'modules.incoming.title',
  descriptionKey: 'modules.incoming.description',
  anyOf: ['documents.read'],
  Page: IncomingPage,
  Badge: InboxBadge,
};

export const outgoingModule: ModuleDefinition = {
  id: 'outgoing',
  titleKey: 'modules.outgoing.title',
  descriptionKey: 'modules.outgoing.description',
  anyOf: ['documents.read', 'documents.draft'],
  Page: OutgoingPage,
};
