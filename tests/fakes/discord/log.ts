/** Options for EventLog.waitFor(). */
export interface WaitOptions<T> {
  /** Resolve with the n-th match (1-based). Default 1. */
  nth?: number;
  /** Only consider entries at index >= since (take `log.entries.length` before acting). */
  since?: number;
  /** Extra filter, e.g. on the request body. */
  where?: (entry: T) => boolean;
  /** Reject after this long. Default 5000 ms. */
  timeoutMs?: number;
}

interface Waiter<T> {
  match: (entry: T, index: number) => boolean;
  nth: number;
  seen: number;
  resolve: (entry: T) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Append-only log whose waiters resolve the moment a matching entry is pushed,
 * so tests await real events instead of sleeping.
 */
export class EventLog<T> {
  /** Every entry in arrival order. */
  readonly entries: T[] = [];
  private waiters = new Set<Waiter<T>>();

  constructor(private readonly describe: (entry: T) => string) {}

  /** Records an entry and wakes any waiter it completes. */
  push(entry: T): void {
    const index = this.entries.push(entry) - 1;
    for (const waiter of this.waiters) {
      if (!waiter.match(entry, index)) continue;
      waiter.seen += 1;
      if (waiter.seen >= waiter.nth) this.settle(waiter, () => waiter.resolve(entry));
    }
  }

  /** Resolves with the nth entry matching `match` (already logged or future), or rejects on timeout. */
  waitFor(match: (entry: T) => boolean, what: string, options: WaitOptions<T> = {}): Promise<T> {
    const { nth = 1, since = 0, where, timeoutMs = 5000 } = options;
    const full = (entry: T, index: number): boolean => index >= since && match(entry) && (!where || where(entry));
    const existing = this.entries.filter((e, i) => full(e, i));
    if (existing.length >= nth) return Promise.resolve(existing[nth - 1] as T);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        match: full,
        nth,
        seen: existing.length,
        resolve,
        reject,
        timer: setTimeout(() => {
          const recent = this.entries.slice(-15).map(this.describe).join('\n  ');
          this.settle(waiter, () =>
            reject(new Error(`fake discord: timed out after ${timeoutMs} ms waiting for ${what} (#${nth}); recent:\n  ${recent}`)),
          );
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Rejects all pending waiters (used on close so no test hangs on a dead fake). */
  rejectAll(reason: string): void {
    for (const waiter of this.waiters) this.settle(waiter, () => waiter.reject(new Error(reason)));
  }

  private settle(waiter: Waiter<T>, fn: () => void): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
    fn();
  }
}
