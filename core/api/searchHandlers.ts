import type { Core } from '../app';
import type { Handler } from './dispatch';
import type { searchMethods } from '../../shared/api/search';
import type { SearchService } from '../documents/search/index';

type SearchHandlers = { [M in keyof typeof searchMethods]: Handler<M> };

/** The search service of a Core (created and closed by the Core itself, see core/app.ts). */
export function searchServiceOf(core: Core): SearchService {
  return core.search;
}

export function searchHandlers(core: Core): SearchHandlers {
  const search = searchServiceOf(core);
  return {
    'search.query': (input, ctx) =>
      search.query(ctx.actor, { text: input.query, filters: input.filters, sort: input.sort, offset: input.offset, limit: input.limit }),
    'search.countExact': (input, ctx) => ({ total: search.countExact(ctx.actor, { text: input.query, filters: input.filters }) }),
    'search.saved.list': (_input, ctx) => ({ searches: search.saved.list(ctx.actor.label) }),
    'search.saved.save': (input, ctx) => {
      const saved = search.saved.save(ctx.actor.label, { name: input.name, query: input.query, filters: input.filters, sort: input.sort });
      core.emit({ type: 'changed', subject: 'savedSearches', id: String(saved.id) });
      return { search: saved };
    },
    'search.saved.delete': (input, ctx) => {
      search.saved.delete(ctx.actor.label, input.id);
      core.emit({ type: 'changed', subject: 'savedSearches', id: String(input.id) });
      return { ok: true as const };
    },
  };
}
