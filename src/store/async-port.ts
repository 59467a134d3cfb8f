/** The async Store port as the engines see it (the port itself lives in src/core/ports.ts). */
import type { Store, StoreQueries } from '../core/ports.ts';

export type { StoreQueries };
/** Persistence for the core, on SQLite or PostgreSQL: the core's Store port. */
export type AsyncStore = Store;

/** Thrown when a transaction's `tx` is used after the transaction ended (a stray, late await). */
export class TransactionOverError extends Error {
  override name = 'TransactionOverError';
  constructor() {
    super('This transaction is over: its writes would land outside it. Use the store, not `tx`, after it ends.');
  }
}
