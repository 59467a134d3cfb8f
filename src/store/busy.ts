/** Turns SQLite's "database is locked" into a typed error the caller can retry without blocking. */
import type { Database, Transaction } from 'better-sqlite3';
import { StoreBusyError } from '../core/errors.ts';

/** SQLITE_BUSY and its extended codes (BUSY_SNAPSHOT, BUSY_RECOVERY, BUSY_TIMEOUT). */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

function rethrow(err: unknown): never {
  if (isBusy(err) && !(err instanceof StoreBusyError)) {
    throw new StoreBusyError('The database is busy: another process is writing to it. Try again in a moment.', { cause: err });
  }
  throw err;
}

/**
 * Runs `fn` in an IMMEDIATE transaction: the write lock is taken (and waited for, up to busy_timeout)
 * before anything is read. A deferred transaction that reads first and writes later cannot wait for
 * the lock: if another connection committed meanwhile, SQLite fails the upgrade at once
 * (SQLITE_BUSY_SNAPSHOT), whatever busy_timeout says. Nested calls become savepoints.
 */
export function immediate<T>(db: Database, fn: () => T): T {
  try {
    return db.transaction(fn).immediate();
  } catch (err) {
    rethrow(err);
  }
}

/**
 * Wraps every function of a store (one level of nested objects deep, as the Store port is laid out) so
 * a lock held by another connection surfaces as StoreBusyError instead of a raw SqliteError.
 */
export function mapBusyErrors<T extends object>(store: T): T {
  const wrap = (fn: (...a: unknown[]) => unknown) =>
    function (this: unknown, ...args: unknown[]) {
      try {
        return fn.apply(this, args);
      } catch (err) {
        rethrow(err);
      }
    };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(store)) {
    if (typeof value === 'function') out[key] = wrap(value as (...a: unknown[]) => unknown);
    else if (value && typeof value === 'object') out[key] = mapBusyErrors(value as object);
    else out[key] = value;
  }
  return out as T;
}

/** A better-sqlite3 transaction function that always runs as BEGIN IMMEDIATE (see `immediate`). */
export function asImmediate<A extends unknown[], R>(tx: Transaction<(...args: A) => R>): (...args: A) => R {
  return (...args) => tx.immediate(...args);
}
