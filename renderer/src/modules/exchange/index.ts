import './exchange.css';
import type { ModuleDefinition } from '../types';
import { ExchangePage, IntakeBadge } from './ExchangePage';

// Liên thông: the intake of received packages, the outbox and quarantine. The release dialog's
// recipient picker and a document's exchange timeline live here too and are used by documents/.

export const exchangeModule: ModuleDefinition = {
  id: 'exchange',
  titleKey: 'exchange.module.title',
  descriptionKey: 'exchange.module.description',
  anyOf: ['exchange.receive', 'exchange.send'],
  Page: ExchangePage,
  Badge: IntakeBadge,
};

export { ExchangeTimeline } from './ExchangeTimeline';
export { RecipientPicker, type AgencyRecipient } from './RecipientPicker';
