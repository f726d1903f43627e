import type { z } from 'zod';
import type { MethodSpec } from './define';
import { foundationMethods } from './foundation';
import { documentsMethods } from './documents';
import { exchangeMethods } from './exchange';
import { searchMethods } from './search';
import { signingMethods } from './signing';

// The one API contract. Each domain adds its methods in its own file and spreads them here.
// Transports (Electron IPC, HTTP, direct calls) and the renderer's client are all typed from it.
export const contract = {
  ...foundationMethods,
  ...documentsMethods,
  ...exchangeMethods,
  ...searchMethods,
  ...signingMethods,
} satisfies Record<string, MethodSpec>;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
/** What a caller may send (defaults not yet applied). */
export type Input<M extends MethodName> = z.input<Contract[M]['input']>;
/** What a handler receives (after validation and defaults). */
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type Output<M extends MethodName> = z.output<Contract[M]['output']>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** Events pushed from the core to every connected UI (IPC or SSE). */
export type AppEvent =
  | { type: 'sync.state'; state: 'offline' | 'online' | 'syncing' | 'error' | 'disabled'; queued: number; detail: string }
  | { type: 'changed'; subject: string; id?: string }
  | { type: 'session.locked' };
