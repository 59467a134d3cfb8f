/** Group commit: writes made in the same turn of the event loop share one transaction. */
import type { Store } from './ports.ts';

/** Runs `fn` later in this turn of the event loop (main passes `setImmediate`). */
export type Defer = (fn: () => void) => void;

/** Coalesces write closures into one transaction; each closure is its own savepoint. */
export interface WriteBatcher {
  /** Runs `fn` in the next batch; resolves with its result once the batch has committed. */
  run<T>(fn: () => T): Promise<T>;
}

/**
 * A commit costs the same for one answer or a hundred, so a burst of answers commits together.
 * A closure that throws rolls back only its own savepoint; the others still commit. Nobody is told
 * "done" before the commit: an answer that was acknowledged is on disk.
 */
export function createWriteBatcher(store: Pick<Store, 'transaction'>, defer: Defer = (fn) => setTimeout(fn, 0)): WriteBatcher {
  let queue: { fn: () => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];

  function flush(): void {
    const batch = queue;
    queue = [];
    const results: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      store.transaction(() => {
        for (const item of batch) {
          try {
            results.push({ ok: true, value: store.transaction(item.fn) });
          } catch (error) {
            results.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const r = results[i]!;
      if (r.ok) item.resolve(r.value);
      else item.reject(r.error);
    });
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
