import type { z } from 'zod';
import type { Permission } from '../permissions';

/**
 * One API method: its input and output schemas and who may call it.
 * - `auth: 'none'`   callable without a session (login, first-run setup, status)
 * - `auth: 'session'` any logged-in, unlocked user
 * - `permission`     additionally requires this permission (checked in the core)
 */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  auth: 'none' | 'session';
  permission?: Permission;
  /** Method changes state (shown in docs; audit entries are written by the services). */
  mutates: boolean;
  summary: string;
}

export function method<I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>): MethodSpec<I, O> {
  return spec;
}
