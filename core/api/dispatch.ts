import type { z } from 'zod';
import { contract, isMethodName, type MethodName, type Output, type ParsedInput } from '../../shared/api/contract';
import { AppError, type FieldIssue } from '../../shared/api/errors';
import { requirePermission, type Actor, type CallContext } from './context';

export type Handler<M extends MethodName> = (input: ParsedInput<M>, ctx: CallContext) => Promise<Output<M>> | Output<M>;
export type HandlerMap = { [M in MethodName]: Handler<M> };

/** How a transport identifies the caller: a session token (UI) or a named system actor (CLI, tests). */
export type CallAuth = { sessionToken?: string } | { actor: Actor };

export interface Authenticator {
  authenticate(token: string | undefined): Actor;
}

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), code: i.message && /^[a-zA-Z.]+$/.test(i.message) ? i.message : i.code, message: i.message }));
}

/**
 * The single entry point every transport uses: validates the input against the contract, resolves
 * the caller, checks the method's permission, runs the handler and validates its output.
 */
export async function dispatch(handlers: HandlerMap, auth: Authenticator, method: string, rawInput: unknown, callAuth: CallAuth): Promise<unknown> {
  if (!isMethodName(method)) throw new AppError('UNKNOWN_METHOD', `There is no API method "${method}".`);
  const spec = contract[method];
  const parsed = spec.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const fields = zodIssues(parsed.error);
    throw new AppError('VALIDATION', `Invalid input for ${method}: ${fields.map((f) => `${f.path || '(input)'}: ${f.message}`).join('; ')}`, { fields });
  }
  let ctx: CallContext;
  if ('actor' in callAuth) ctx = { actor: callAuth.actor };
  else if (spec.auth === 'session') ctx = { actor: auth.authenticate(callAuth.sessionToken), sessionToken: callAuth.sessionToken };
  else ctx = { actor: anonymous, sessionToken: callAuth.sessionToken };
  if (spec.permission) requirePermission(ctx.actor, spec.permission);
  const handler = handlers[method] as (input: unknown, ctx: CallContext) => unknown;
  const result = await handler(parsed.data, ctx);
  const out = spec.output.safeParse(result);
  if (!out.success) {
    throw new AppError('INTERNAL', `The ${method} handler returned data that does not match the contract: ${out.error.message}`);
  }
  return out.data;
}

const anonymous: Actor = { kind: 'user', userId: null, username: 'anonymous', fullName: '', roles: [], unitId: null, label: 'anonymous' };
