import { adminModule } from './admin/index';
import { dossiersModule } from './dossiers/index';
import { exchangeModule } from './exchange/index';
import { incomingModule } from './incoming/index';
import { meetingsModule } from './meetings/index';
import { outgoingModule } from './outgoing/index';
import { reportsModule } from './reports/index';
import { signingModule } from './signing/index';
import { canSee, type ModuleDefinition } from './types';
import type { Permission } from '../../../shared/permissions';

/** Sidebar order; Alt+<position> opens the module (numbers stay the same for every role). */
export const MODULES: readonly ModuleDefinition[] = [
  incomingModule,
  outgoingModule,
  signingModule,
  dossiersModule,
  meetingsModule,
  reportsModule,
  adminModule,
  // Last, so the Alt+<n> numbers of the modules before it stay as they were.
  exchangeModule,
];

export function visibleModules(permissions: ReadonlySet<Permission>): ModuleDefinition[] {
  return MODULES.filter((m) => canSee(m, permissions));
}

export function shortcutOf(m: ModuleDefinition): number {
  return MODULES.indexOf(m) + 1;
}
