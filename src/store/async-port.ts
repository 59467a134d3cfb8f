/**
 * The asynchronous Store port, derived from the synchronous `Store` so that a method added there
 * appears here (and must be implemented by both engines) without anyone editing this file.
 */
import type { Store } from '../core/ports.ts';

/** Every method of `T` (and of its nested groups) returning a promise of what it returned. */
export type Promisified<T> = {
  [K in keyof T]: T[K] extends (...a: infer A) => infer R ? (...a: A) => Promise<Awaited<R>> : Promisified<T[K]>;
};

/** The query groups (drops, answers, boards…), as seen inside and outside a transaction. */
export type StoreQueries = Promisified<Omit<Store, 'transaction'>>;

/** Persistence for the core, on SQLite or PostgreSQL. */
export interface AsyncStore extends StoreQueries {
  /** Runs fn in one transaction; its reads and writes go through `tx`; all land or none. */
  transaction<T>(fn: (tx: StoreQueries) => Promise<T>): Promise<T>;
  /** Waits for an open transaction, then releases the connection(s). */
  close(): Promise<void>;
}


/** Thrown when a transaction's `tx` is used after the transaction ended (a stray, late await). */
export class TransactionOverError extends Error {
  override name = 'TransactionOverError';
  constructor() {
    super('This transaction is over: its writes would land outside it. Use the store, not `tx`, after it ends.');
  }
}
