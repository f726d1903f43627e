import type { ComponentType } from 'react';
import type { Permission } from '../../../shared/permissions';

export type ModuleId = 'incoming' | 'outgoing' | 'signing' | 'dossiers' | 'meetings' | 'reports' | 'admin' | 'exchange';

/**
 * One sidebar module. Each lives in renderer/src/modules/<id>/index.ts(x) and exports its
 * definition; registry.ts lists them in sidebar order. A module routes inside its own prefix
 * (`#/<id>/...`): its Page receives the rest of the path.
 */
export interface ModuleDefinition {
  id: ModuleId;
  /** i18n keys: `modules.<id>.title` / `.description`. */
  titleKey: string;
  descriptionKey: string;
  /** Shown when the user has any of these permissions (the core enforces them anyway). */
  anyOf: readonly Permission[];
  Page: ComponentType<{ subpath: string }>;
  /** Optional count shown on the sidebar entry (e.g. work waiting). */
  Badge?: ComponentType;
}

export function canSee(m: ModuleDefinition, permissions: ReadonlySet<Permission>): boolean {
  return m.anyOf.some((p) => permissions.has(p));
}
