/**
 * Told after every committed change to a document (register, update, workflow step, attachment),
 * so full-text search can (re)index it. Called after the change has committed, inside one batch
 * transaction for all documents of that change set (an import chunk is one set), so a listener's
 * own db.transaction() nests as a savepoint and the set costs one commit. A listener that throws
 * does not undo the change or stop the other listeners.
 */
export interface DocumentIndexer {
  documentChanged(id: number): void;
}

export function notifyDocumentChanged(listeners: readonly DocumentIndexer[], ids: Iterable<number>): void {
  for (const id of ids) {
    for (const l of listeners) {
      try {
        l.documentChanged(id);
      } catch {
        /* indexing is best-effort; the search worker re-scans pending documents */
      }
    }
  }
}
