import { Fragment, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_TYPES, type DocumentView } from '../../../../shared/api/documents';
import { useApp } from '../../app/context';
import type { TimelineEntry } from './Timeline';

// Links between documents, both ways: a correction and the released document it corrects, a reply
// and the incoming document it answers. The forward link is on the document (correctsId,
// replyToId); the way back is the step the core wrote into the older document's history when the
// newer one was drafted.

type Link = { kind: 'corrects' | 'correctedBy' | 'replyTo' | 'replies'; id: number };

function linksOf(doc: DocumentView, entries: TimelineEntry[] | null): Link[] {
  const out: Link[] = [];
  if (doc.correctsId !== null) out.push({ kind: 'corrects', id: doc.correctsId });
  if (doc.replyToId !== null) out.push({ kind: 'replyTo', id: doc.replyToId });
  for (const e of entries ?? []) {
    const d = (e.detail ?? {}) as Record<string, unknown>;
    if (e.action === 'document.correctionDrafted' && typeof d.correctionId === 'number') out.push({ kind: 'correctedBy', id: d.correctionId });
    if (e.action === 'document.replyDrafted' && typeof d.replyId === 'number') out.push({ kind: 'replies', id: d.replyId });
  }
  return out;
}

type Shown = { id: number; direction: string; title: string } | { id: number; hidden: true };

/** "Văn bản liên quan": each linked document by its type, number and subject, as a link. */
export function Related({ doc, entries }: { doc: DocumentView; entries: TimelineEntry[] | null }) {
  const { t } = useTranslation();
  const { call } = useApp();
  const links = linksOf(doc, entries);
  const key = links.map((l) => `${l.kind}:${l.id}`).join(',');
  const [shown, setShown] = useState<Map<number, Shown>>(new Map());

  useEffect(() => {
    let live = true;
    const ids = [...new Set(key ? key.split(',').map((k) => Number(k.split(':')[1])) : [])];
    void Promise.all(
      ids.map((id) =>
        call('documents.get', { id }).then(
          ({ document: d }): Shown => {
            const type = DOCUMENT_TYPES.find((x) => x.code === d.typeCode)?.name ?? d.typeCode;
            return { id, direction: d.direction, title: `${d.numberNotation ? `${type} ${d.numberNotation}` : type}: ${d.subject}` };
          },
          // A confidential one the reader may not see is named only by its number in the system.
          (): Shown => ({ id, hidden: true }),
        ),
      ),
    ).then((list) => live && setShown(new Map(list.map((s) => [s.id, s]))));
    return () => {
      live = false;
    };
  }, [call, key]);

  if (links.length === 0) return null;
  return (
    <section className="doc-section" aria-labelledby="related-title" data-testid="related">
      <h2 id="related-title">{t('docs.related.title')}</h2>
      <dl className="doc-meta">
        {links.map((l) => {
          const s = shown.get(l.id);
          return (
            <Fragment key={`${l.kind}-${l.id}`}>
              <dt>{t(`docs.related.${l.kind}`)}</dt>
              <dd>{!s ? '…' : 'hidden' in s ? t('docs.related.unavailable', { id: l.id }) : <a href={`#/${s.direction}/doc/${l.id}`}>{s.title}</a>}</dd>
            </Fragment>
          );
        })}
      </dl>
    </section>
  );
}
