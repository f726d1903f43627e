// A disk flush that callers share: one runs at a time, and a caller arriving while one runs waits
// for the next, which starts when it ends and covers everything written before that. So many
// writers of one moment pay for one or two flushes, and nobody is answered by a flush that began
// before their own write. Used by the segment log and by the WAL flusher.
export class SharedFlush {
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  /** `start` flushes what has been written so far (it decides what that is when it is called). */
  constructor(private readonly start: () => Promise<void>) {}

  /** Resolves once a flush that started after this call has finished. */
  request(): Promise<void> {
    if (!this.running) {
      this.running = this.start().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.next ??= this.running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.next = undefined;
        return this.request();
      });
    return this.next;
  }
}
