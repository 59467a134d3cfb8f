/** Group commit: writes made in the same turn of the event loop share one transaction. */
import { StoreBusyError } from './errors.ts';
import type { Store, StoreQueries } from './ports.ts';

/** Runs `fn` later in this turn of the event loop (main passes `setImmediate`). */
export type Defer = (fn: () => void) => void;

/** One write of a batch: its reads and writes go through `tx`, the batch's transaction. */
export type Write<T> = (tx: StoreQueries) => Promise<T>;

/** Coalesces write closures into one transaction. */
export interface WriteBatcher {
  /** Runs `fn` in the next batch; resolves with its result once the batch has committed. */
  run<T>(fn: Write<T>): Promise<T>;
}

/** Retries of a batch that found the database locked by another process (waits 20 ms, 40 ms, … 2.5 s). */
const BUSY_RETRIES = 8;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A commit costs the same for one answer or a hundred, so a burst of answers commits together.
 * If any write throws, the batch rolls back and each write is replayed alone, so the others still
 * commit. Nobody is told "done" before the commit: an answer that was acknowledged is on disk.
 * When another process holds the database's write lock, the batch waits asynchronously and tries
 * again, so a held lock never freezes the event loop. The closures must be safe to run again after a
 * rollback (they only touch the database, through `tx`).
 */
export function createWriteBatcher(store: Pick<Store, 'transaction'>, defer: Defer = (fn) => setTimeout(fn, 0)): WriteBatcher {
  type Item = { fn: Write<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
  let queue: Item[] = [];
  // A batch is scheduled or in its transaction. One batch at a time: writes arriving meanwhile wait and
  // go in the next, as in a database's own group commit. Batches side by side (on PostgreSQL, one per
  // pooled connection) would update the same hot rows (per-option counts, weekly activity) in different
  // orders and deadlock each other; measured: a burst of 100 answers at a time fell to about 50/s.
  let active = false;

  async function withBusyRetry<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await work();
      } catch (err) {
        if (!(err instanceof StoreBusyError) || attempt >= BUSY_RETRIES) throw err;
        await wait(20 * 2 ** attempt);
      }
    }
  }

  async function flush(): Promise<void> {
    const batch = queue;
    queue = [];
    try {
      // The common case: every write succeeds, and the whole batch costs one commit.
      const values = await withBusyRetry(() =>
        store.transaction(async (tx) => {
          const out: unknown[] = [];
          for (const item of batch) out.push(await item.fn(tx));
          return out;
        }),
      );
      batch.forEach((item, i) => item.resolve(values[i]));
      return;
    } catch {
      // Something failed and the batch rolled back: replay each write in its own transaction, so one
      // bad write cannot take the others down and each caller learns its own outcome.
    }
    for (const item of batch) {
      try {
        item.resolve(await withBusyRetry(() => store.transaction(item.fn)));
      } catch (error) {
        item.reject(error);
      }
    }
  }

  /** Commits batch after batch until nothing is queued; flush() never throws (each write learns its own outcome). */
  async function drain(): Promise<void> {
    try {
      while (queue.length > 0) await flush();
    } finally {
      active = false;
    }
  }

  return {
    run<T>(fn: Write<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
        if (!active) {
          active = true;
          defer(() => void drain());
        }
      });
    },
  };
}
