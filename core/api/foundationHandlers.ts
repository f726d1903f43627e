import { AppError } from '../../shared/api/errors';
import type { Core } from '../app';
import { APP_VERSION } from '../version';
import type { Handler } from './dispatch';
import type { foundationMethods } from '../../shared/api/foundation';

type FoundationHandlers = { [M in keyof typeof foundationMethods]: Handler<M> };

function needToken(token: string | undefined): string {
  if (!token) throw new AppError('UNAUTHENTICATED', 'Please log in.');
  return token;
}

export function foundationHandlers(core: Core): FoundationHandlers {
  const id = core.identity;
  return {
    'system.status': () => ({
      initialized: id.isInitialized(),
      agency: id.isInitialized() ? id.agency() : null,
      appVersion: APP_VERSION,
      schemaVersion: core.schemaVersion,
      sync: core.syncState(),
    }),
    'setup.initialize': async (input, ctx) => {
      const result = await id.initialize(input, ctx.actor.kind === 'system' ? ctx.actor.label : 'setup-wizard');
      core.emit({ type: 'changed', subject: 'agency' });
      return result;
    },
    'auth.login': (input) => id.login(input.username, input.password),
    'auth.logout': (_input, ctx) => {
      const token = needToken(ctx.sessionToken);
      id.logout(token, id.authenticate(token, { allowLocked: true }));
      return { ok: true as const };
    },
    'auth.me': (_input, ctx) => id.me(ctx.actor),
    'auth.lock': (_input, ctx) => {
      id.lock(needToken(ctx.sessionToken), ctx.actor);
      return { ok: true as const };
    },
    'auth.unlock': async (input, ctx) => {
      await id.unlock(ctx.sessionToken, input.password);
      return { ok: true as const };
    },
    'auth.changePassword': async (input, ctx) => {
      await id.changePassword(ctx.actor, input.currentPassword, input.newPassword);
      return { ok: true as const };
    },
    'users.list': (input) => ({ users: id.listUsers(input.includeDisabled) }),
    'users.create': async (input, ctx) => {
      const user = await id.createUser(input, ctx.actor);
      core.emit({ type: 'changed', subject: 'users', id: String(user.id) });
      return { user };
    },
    'users.update': async (input, ctx) => {
      const user = await id.updateUser(input, ctx.actor);
      core.emit({ type: 'changed', subject: 'users', id: String(user.id) });
      return { user };
    },
    'agency.get': () => ({ agency: id.agency(), units: id.units() }),
    'units.create': (input, ctx) => {
      const unit = id.createUnit(input.name, input.code, ctx.actor);
      core.emit({ type: 'changed', subject: 'units', id: String(unit.id) });
      return { unit };
    },
    'settings.getSecurity': () => id.security(),
    'settings.updateSecurity': (input, ctx) => id.updateSecurity(input, ctx.actor),
    'audit.list': (input) => core.audit.list(input.limit, input.offset, input.subjectType, input.subjectId),
    'audit.verify': () => core.audit.verify(),
  };
}
