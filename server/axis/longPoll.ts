// Held listings (GET /v1/edocs/received?wait=): a caller with nothing waiting is answered when a
// package for one of its agencies has been committed, when its wait runs out, when it goes away,
// or when the axis closes — whichever comes first.

export type WaitEnd = 'delivered' | 'timeout' | 'gone' | 'closed';

interface Waiter {
  organs: readonly string[];
  end: (why: WaitEnd) => void;
}

export class DeliveryWaits {
  private readonly byOrgan = new Map<string, Set<Waiter>>();
  private closed = false;
  /** Held now, and how held requests ended (for /admin/stats). */
  readonly counters = { held: 0, delivered: 0, timedOut: 0, gone: 0, closed: 0 };

  constructor(
    /** More held requests than this are answered at once instead (each holds a connection). */
    private readonly maxHeld: number,
  ) {}

  /**
   * Waits up to `ms` for a delivery to one of `organs`. `connection` is the request's response:
   * its early close (the caller gave up) ends the wait. Resolves at once with 'timeout' when the
   * axis holds too many already, and with 'closed' once the axis is closing.
   */
  wait(organs: readonly string[], ms: number, connection: { once(event: 'close', fn: () => void): unknown; off(event: 'close', fn: () => void): unknown }): Promise<WaitEnd> {
    if (this.closed) return Promise.resolve('closed');
    if (this.counters.held >= this.maxHeld || organs.length === 0) return Promise.resolve('timeout');
    return new Promise((resolve) => {
      const onClose = () => waiter.end('gone');
      const timer = setTimeout(() => waiter.end('timeout'), ms);
      let ended = false;
      const waiter: Waiter = {
        organs,
        end: (why) => {
          if (ended) return;
          ended = true;
          clearTimeout(timer);
          connection.off('close', onClose);
          for (const o of organs) {
            const set = this.byOrgan.get(o);
            set?.delete(waiter);
            if (set?.size === 0) this.byOrgan.delete(o);
          }
          this.counters.held--;
          this.counters[why === 'timeout' ? 'timedOut' : why]++;
          resolve(why);
        },
      };
      this.counters.held++;
      for (const o of organs) {
        let set = this.byOrgan.get(o);
        if (!set) this.byOrgan.set(o, (set = new Set()));
        set.add(waiter);
      }
      connection.once('close', onClose);
    });
  }

  /** Packages for these agencies are committed (and on disk): wake whoever waits for them. */
  delivered(organs: Iterable<string>): void {
    const woken = new Set<Waiter>();
    for (const o of organs) for (const w of this.byOrgan.get(o) ?? []) woken.add(w);
    for (const w of woken) w.end('delivered');
  }

  /** The axis is closing: every held request ends now, and none is held from here on. */
  closeAll(): void {
    this.closed = true;
    const all = new Set<Waiter>();
    for (const set of this.byOrgan.values()) for (const w of set) all.add(w);
    for (const w of all) w.end('closed');
  }
}
