/**
 * The SQLite engine's own, synchronous shape of the Store port: better-sqlite3 is synchronous, and
 * src/store/sqlite-async.ts turns this into the async port the core sees. Derived from the port, so a
 * method added there must be added here too.
 */
import type { StoreQueries } from '../core/ports.ts';

/** Every method of `T` (and of its nested groups) returning what its promise resolved to. */
export type Syncified<T> = {
  [K in keyof T]: T[K] extends (...a: infer A) => Promise<infer R> ? (...a: A) => R : Syncified<T[K]>;
};

/** The query groups, synchronous. */
export type SyncQueries = Syncified<StoreQueries>;

/** The synchronous SQLite store. */
export interface SyncStore extends SyncQueries {
  /** Runs `fn` in one (IMMEDIATE) transaction: all of its writes land, or none. */
  transaction<T>(fn: () => T): T;
}
