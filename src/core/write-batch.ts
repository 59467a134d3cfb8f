/** Group commit: writes made in the same turn of the event loop share one transaction. */
import type { Store } from './ports.ts';

/** Runs `fn` later in this turn of the event loop (main passes `setImmediate`). */
export type Defer = (fn: () => void) => void;

/** Coalesces write closures into one transaction. */
export interface WriteBatcher {
  /** Runs `fn` in the next batch; resolves with its result once the batch has committed. */
  run<T>(fn: () => T): Promise<T>;
}

/**
 * A commit costs the same for one answer or a hundred, so a burst of answers commits together.
 * If any write throws, the batch rolls back and each write is replayed alone, so the others still
 * commit. Nobody is told "done" before the commit: an answer that was acknowledged is on disk.
 * The closures must be safe to run twice after a rollback (they only touch the database).
 */
export function createWriteBatcher(store: Pick<Store, 'transaction'>, defer: Defer = (fn) => setTimeout(fn, 0)): WriteBatcher {
  let queue: { fn: () => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];

  function flush(): void {
    const batch = queue;
    queue = [];
    try {
      // The common case: every write succeeds, and the whole batch costs one commit.
      const values = store.transaction(() => batch.map((item) => item.fn()));
      batch.forEach((item, i) => item.resolve(values[i]));
      return;
    } catch {
      // Something failed and the batch rolled back: replay each write in its own transaction, so one
      // bad write cannot take the others down and each caller learns its own outcome.
    }
    for (const item of batch) {
      try {
        item.resolve(store.transaction(item.fn));
      } catch (error) {
        item.reject(error);
      }
    }
  }

  return {
    run<T>(fn: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
        if (queue.length === 1) defer(flush);
      });
    },
  };
}
