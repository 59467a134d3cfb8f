/** Options for waiting on a recorded entry. */
export interface WaitOptions {
  /** Give up after this long (default 2000 ms); the error lists what did arrive. */
  timeoutMs?: number;
  /** Only consider entries with index >= since (e.g. `fake.calls.length` taken before an action). */
  since?: number;
}

interface Waiter<T> {
  match: (entry: T) => boolean;
  since: number;
  resolve: (entry: T) => void;
}

/**
 * An append-only log whose waiters resolve the moment a matching entry is appended,
 * so tests never sleep. Entries already present (at or after `since`) match immediately.
 */
export class Recorder<T> {
  readonly entries: T[] = [];
  private readonly waiters = new Set<Waiter<T>>();
  private readonly describe: (entry: T) => string;

  /** `describe` renders an entry for the timeout message. */
  constructor(describe: (entry: T) => string) {
    this.describe = describe;
  }

  /** Appends an entry and wakes every waiter it satisfies. */
  push(entry: T): void {
    this.entries.push(entry);
    const index = this.entries.length - 1;
    for (const waiter of this.waiters) {
      if (index >= waiter.since && waiter.match(entry)) {
        this.waiters.delete(waiter);
        waiter.resolve(entry);
      }
    }
  }

  /** Resolves with the first entry (at or after `since`) that matches, waiting if none has arrived yet. */
  waitFor(match: (entry: T) => boolean, label: string, options: WaitOptions = {}): Promise<T> {
    const since = options.since ?? 0;
    const timeoutMs = options.timeoutMs ?? 2000;
    const existing = this.entries.slice(since).find(match);
    if (existing !== undefined) return Promise.resolve(existing);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.entries.slice(since).map(this.describe).join(', ') || 'nothing';
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${label}; received: ${seen}`));
      }, timeoutMs);
      const waiter: Waiter<T> = {
        match,
        since,
        resolve: (entry) => {
          clearTimeout(timer);
          resolve(entry);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Forgets all entries (pending waiters keep waiting for new ones). */
  clear(): void {
    this.entries.length = 0;
  }
}
