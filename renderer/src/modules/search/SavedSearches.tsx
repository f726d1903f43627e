import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/api/contract';
import type { SearchFiltersInput } from '../../../../shared/api/search';
import { useApp } from '../../app/context';
import { docErrorMessage } from '../documents/format';

type Saved = Output<'search.saved.list'>['searches'][number];
type Sort = 'date_desc' | 'date_asc' | 'relevance';

/** The user's saved searches: run one, delete one, or save the current search under a name. */
export function SavedSearches({ current, onRun }: { current: { query: string; filters: SearchFiltersInput; sort: Sort }; onRun: (s: { query: string; filters: SearchFiltersInput; sort: Sort }) => void }) {
  const { t, i18n } = useTranslation();
  const { call } = useApp();
  const [list, setList] = useState<Saved[]>([]);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => call('search.saved.list', {}).then((r) => setList(r.searches), (e: unknown) => setError(docErrorMessage(t, i18n.language, e))), [call, t, i18n.language]);
  useEffect(() => {
    void load();
  }, [load]);

  async function save() {
    if (!name.trim()) return;
    try {
      await call('search.saved.save', { name: name.trim(), query: current.query, filters: current.filters, sort: current.sort });
      setName('');
      setError(null);
      await load();
    } catch (e) {
      setError(docErrorMessage(t, i18n.language, e));
    }
  }

  return (
    <aside className="search-saved" aria-labelledby="saved-title">
      <h2 id="saved-title">{t('docs.search.saved')}</h2>
      {list.length === 0 && <p className="muted">{t('docs.search.noSaved')}</p>}
      <ul>
        {list.map((s) => (
          <li key={s.id}>
            <button type="button" className="search-saved__run" onClick={() => onRun({ query: s.query, filters: s.filters, sort: s.sort })} title={t('docs.search.run')}>
              {s.name}
              {s.query && <span className="muted"> — {s.query}</span>}
            </button>
            <button
              type="button"
              className="btn btn--ghost btn--small"
              aria-label={t('docs.search.deleteNamed', { name: s.name })}
              onClick={() => void call('search.saved.delete', { id: s.id }).then(load, (e: unknown) => setError(docErrorMessage(t, i18n.language, e)))}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
      <form
        className="search-saved__form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label htmlFor="saved-name">{t('docs.search.saveName')}</label>
        <input id="saved-name" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="btn btn--small" disabled={!name.trim()}>
          {t('docs.search.save')}
        </button>
      </form>
      {error && <p className="field__error">{error}</p>}
    </aside>
  );
}
