import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/api/errors';
import type { AuditLog } from '../../audit/index';
import type { SearchFiltersInput } from '../../../shared/api/search';
import type { SearchSort } from './searcher';

type SearchFilters = SearchFiltersInput;

// Saved searches belong to one user (owner = the actor's label, e.g. user:lan) and are only
// listed, run or deleted by that user.

export interface SavedSearch {
  id: number;
  name: string;
  query: string;
  filters: SearchFilters;
  sort: SearchSort;
  createdAt: string;
}

interface Row {
  id: number;
  name: string;
  query: string;
  filters_json: string;
  sort: string;
  created_at: string;
}

const MAX_PER_USER = 100;

function view(r: Row): SavedSearch {
  return { id: r.id, name: r.name, query: r.query, filters: JSON.parse(r.filters_json) as SearchFilters, sort: r.sort as SearchSort, createdAt: r.created_at };
}

export class SavedSearches {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  list(owner: string): SavedSearch[] {
    return (this.db.prepare('SELECT id, name, query, filters_json, sort, created_at FROM saved_searches WHERE owner = ? ORDER BY name COLLATE NOCASE, id').all(owner) as Row[]).map(view);
  }

  /** Saves under a name; saving again under the same name replaces that search. */
  save(owner: string, s: { name: string; query: string; filters: SearchFilters; sort: SearchSort }): SavedSearch {
    return this.db.transaction(() => {
      const existing = this.db.prepare('SELECT id FROM saved_searches WHERE owner = ? AND name = ?').pluck().get(owner, s.name) as number | undefined;
      const filters = JSON.stringify(s.filters);
      if (existing !== undefined) {
        this.db.prepare('UPDATE saved_searches SET query = ?, filters_json = ?, sort = ? WHERE id = ?').run(s.query, filters, s.sort, existing);
        this.audit.record({ actor: owner, action: 'search.saved.update', subjectType: 'saved_search', subjectId: existing, after: s });
        return view(this.db.prepare('SELECT * FROM saved_searches WHERE id = ?').get(existing) as Row);
      }
      const count = this.db.prepare('SELECT count(*) FROM saved_searches WHERE owner = ?').pluck().get(owner) as number;
      if (count >= MAX_PER_USER) throw new AppError('CONFLICT', `You already have ${MAX_PER_USER} saved searches; delete one first.`);
      const r = this.db
        .prepare('INSERT INTO saved_searches(owner, name, query, filters_json, sort, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(owner, s.name, s.query, filters, s.sort, this.now().toISOString());
      this.audit.record({ actor: owner, action: 'search.saved.create', subjectType: 'saved_search', subjectId: Number(r.lastInsertRowid), after: s });
      return view(this.db.prepare('SELECT * FROM saved_searches WHERE id = ?').get(r.lastInsertRowid) as Row);
    })();
  }

  delete(owner: string, id: number): void {
    this.db.transaction(() => {
      const r = this.db.prepare('DELETE FROM saved_searches WHERE id = ? AND owner = ?').run(id, owner);
      if (r.changes === 0) throw new AppError('NOT_FOUND', 'There is no saved search with this id among yours; refresh the list.');
      this.audit.record({ actor: owner, action: 'search.saved.delete', subjectType: 'saved_search', subjectId: id });
    })();
  }
}
