import type { Core } from '../app';
import type { Handler } from './dispatch';
import type { searchMethods } from '../../shared/api/search';
import { SearchService } from '../documents/search/index';

type SearchHandlers = { [M in keyof typeof searchMethods]: Handler<M> };

const services = new WeakMap<Core, SearchService>();

/**
 * The search service of a Core, created with the Core's handlers: it subscribes to document
 * changes (DocumentIndexer), catches up on documents and attachments not yet indexed shortly after
 * the profile opens, and stops its extraction worker when the Core closes.
 */
export function searchServiceOf(core: Core): SearchService {
  let s = services.get(core);
  if (!s) {
    const service = new SearchService(core.db, core.blobs, core.audit, core.now);
    services.set(core, service);
    core.documentListeners.push(service);
    const timer = setTimeout(() => {
      if (core.db.open) service.catchUp();
    }, 1000);
    timer.unref();
    core.onClose(() => {
      clearTimeout(timer);
      void service.close();
    });
    s = service;
  }
  return s;
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
