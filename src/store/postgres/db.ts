/** Where a query runs: anywhere on the pool, or on one transaction's connection. */
import type { Pool, PoolClient, QueryResult } from 'pg';
import { TransactionOverError } from '../async-port.ts';

/** What the query files see: named (prepared once per connection) statements, and atomic groups. */
export interface Db {
  query<R extends object = Record<string, unknown>>(name: string | undefined, text: string, values?: unknown[]): Promise<QueryResult<R>>;
  /** Runs fn in one transaction: a new one on the pool, or the one already open here. */
  atomic<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** True inside a caller's transaction: a failed statement there aborts the caller's whole transaction. */
  readonly inTransaction: boolean;
}

/** deadlock_detected and serialization_failure: the server rolled the transaction back; running it again is safe. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

/**
 * Statements straight on the pool: each call on whichever connection is free. A store method's own
 * transaction (a close, a claim, a rebuild) is run again when the server picked it to break a deadlock:
 * a close locks the drop and then streaks, while an answer batch may hold a streak and wait for that
 * drop. Such a method only touches the database, so its retry is the same work; SQLite, one writer at
 * a time, never fails it this way.
 */
export function poolDb(pool: Pool): Db {
  const db: Db = {
    query: (name, text, values) => pool.query({ name, text, values }),
    async atomic(fn) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await withTransaction(pool, fn);
        } catch (error) {
          if (attempt === ATTEMPTS || !RETRYABLE.has(String((error as { code?: unknown }).code))) throw error;
        }
      }
    },
    inTransaction: false,
  };
  return db;
}

/** Statements on one connection while `isOpen()`; afterwards they are refused, never run outside it. */
function clientDb(client: PoolClient, isOpen: () => boolean): Db {
  const db: Db = {
    query: (name, text, values) => (isOpen() ? client.query({ name, text, values }) : Promise.reject(new TransactionOverError())),
    atomic: (fn) => (isOpen() ? fn(db) : Promise.reject(new TransactionOverError())),
    inTransaction: true,
  };
  return db;
}

/**
 * BEGIN … COMMIT on one pooled connection. On any failure the whole transaction rolls back, so a
 * caller (the group commit) can replay its writes one by one. READ COMMITTED, PostgreSQL's default:
 * each statement sees what others committed before it, which is what the first-wins inserts rely on.
 */
export async function withTransaction<T>(pool: Pool, fn: (db: Db) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let open = true;
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    let value: T;
    try {
      value = await fn(clientDb(client, () => open));
    } finally {
      // Closed before COMMIT/ROLLBACK is sent: a late call through `tx` is refused, not run after it.
      open = false;
    }
    await client.query('COMMIT');
    return value;
  } catch (error) {
    await client.query('ROLLBACK').catch((e: Error) => (broken = e));
    throw error;
  } finally {
    // A connection that could not roll back is discarded rather than handed to the next caller.
    client.release(broken);
  }
}
