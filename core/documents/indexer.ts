/**
 * Told after every committed change to a document (register, update, workflow step, attachment),
 * so full-text search can (re)index it. Called outside the transaction, after commit; a listener
 * that throws does not undo the change.
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
