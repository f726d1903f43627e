import type { AppEvent } from '../shared/api/contract';

/** Core → UI notifications (sync state, data changed). Returns an unsubscribe function. */
export class EventHub {
  private readonly listeners = new Set<(e: AppEvent) => void>();

  on(listener: (e: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(e: AppEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch {
        /* a broken listener must not stop the others */
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
