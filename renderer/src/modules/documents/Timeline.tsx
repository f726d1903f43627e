import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/api/contract';
import { useApp } from '../../app/context';
import { actorName, docErrorMessage, formatInstant, formatYmd } from './format';

export type TimelineEntry = Output<'documents.timeline'>['entries'][number];
type Entry = TimelineEntry;

/** What an entry says besides its action: the direction, reason, result, note or dossier. */
function detailText(detail: unknown, userName: (id: number) => string | undefined, deadlineLabel: string): string[] {
  if (!detail || typeof detail !== 'object') return [];
  const d = detail as Record<string, unknown>;
  const out: string[] = [];
  for (const k of ['direction', 'reason', 'result', 'note', 'comment', 'dossierRef', 'numberNotation']) {
    if (typeof d[k] === 'string' && d[k]) out.push(String(d[k]));
  }
  for (const k of ['leaderId', 'mainHandlerId', 'userId']) {
    if (typeof d[k] === 'number') {
      const n = userName(d[k] as number);
      if (n) out.push(`→ ${n}`);
    }
  }
  // A reassignment or a forward: from whom to whom.
  if (typeof d.from === 'number' && typeof d.to === 'number') {
    const from = userName(d.from);
    const to = userName(d.to);
    if (from && to) out.push(`${from} → ${to}`);
  }
  if (typeof d.deadline === 'string' && d.deadline) out.push(`${deadlineLabel}: ${formatYmd(d.deadline)}`);
  return out;
}

/** A document's recorded steps, loaded again whenever `refreshKey` changes. */
export function useTimeline(documentId: number, refreshKey: number): { entries: Entry[] | null; error: string | null } {
  const { t, i18n } = useTranslation();
  const { call } = useApp();
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    call('documents.timeline', { id: documentId }).then(
      (r) => live && setEntries(r.entries),
      (e: unknown) => live && setError(docErrorMessage(t, i18n.language, e)),
    );
    return () => {
      live = false;
    };
  }, [call, documentId, refreshKey, t, i18n.language]);
  return { entries, error };
}

/** Every recorded step on a document, oldest first: what was done, by whom and when. */
export function Timeline({ entries, error, names, userName }: { entries: Entry[] | null; error: string | null; names: ReadonlyMap<string, string>; userName: (id: number) => string | undefined }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="doc-section" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('docs.detail.timeline')}</h2>
      {error && <p className="field__error">{error}</p>}
      {entries && entries.length === 0 && <p className="muted">{t('docs.detail.noTimeline')}</p>}
      {entries && entries.length > 0 && (
        <ol className="doc-timeline" data-testid="timeline">
          {entries.map((e) => (
            <li key={e.seq} className="doc-timeline__item">
              <span className="doc-timeline__dot" aria-hidden="true" />
              <div>
                <div className="doc-timeline__head">
                  <strong>{t(`docs.timeline.actions.${e.action}`, { defaultValue: e.action })}</strong>
                  <span className="muted">
                    {actorName(e.actor, names)} · <time dateTime={e.at}>{formatInstant(e.at, i18n.language)}</time>
                  </span>
                </div>
                {detailText(e.detail, userName, t('docs.col.deadline')).map((line, i) => (
                  <p key={i} className="doc-timeline__detail">
                    {line}
                  </p>
                ))}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
