/**
 * Told about every change to a document (register, update, workflow step, attachment), so
 * full-text search can (re)index it. Called at the end of the change's own transaction, inside a
 * savepoint around all documents of that change set (an import chunk is one set): the change and
 * its indexing commit together, once, and a listener's own db.transaction() nests. A listener that
 * throws does not undo the change or stop the other listeners; work a listener starts
 * asynchronously runs after the commit.
 */
export interface DocumentIndexer {
  documentChanged(id: number): void;
  /** Optional: the whole change set at once instead of documentChanged per id (one pass per import chunk). */
  documentsChanged?(ids: readonly number[]): void;
}

export function notifyDocumentChanged(listeners: readonly DocumentIndexer[], ids: Iterable<number>): void {
  const all = [...ids];
  for (const l of listeners) {
    if (l.documentsChanged) bestEffort(() => l.documentsChanged?.(all));
    else for (const id of all) bestEffort(() => l.documentChanged(id));
  }
}

function bestEffort(indexing: () => void): void {
  try {
    indexing();
  } catch {
    /* indexing is best-effort; the search worker re-scans pending documents */
  }
}
