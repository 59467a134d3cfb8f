/** Where a query runs: anywhere on the pool, or on one transaction's connection. */
import type { Pool, PoolClient, QueryResult } from 'pg';
import { TransactionOverError } from '../async-port.ts';

/** What the query files see: named (prepared once per connection) statements, and atomic groups. */
export interface Db {
  query<R extends object = Record<string, unknown>>(name: string | undefined, text: string, values?: unknown[]): Promise<QueryResult<R>>;
  /**
   * A write whose result nobody reads (a name remembered, a review card stored). In a transaction it is
   * sent without waiting for its reply: the server runs it after the statements sent before it and
   * before those sent after, so nothing can tell, and on a pipelining pool its round trip is shared
   * with the next statement's. The transaction waits for it before COMMIT, and its failure is the
   * transaction's (later statements of the aborted transaction fail with it too). Outside a
   * transaction it is awaited like `query`.
   */
  write(name: string, text: string, values: unknown[]): Promise<void>;
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
    write: async (name, text, values) => void (await pool.query({ name, text, values })),
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

/** Statements sent on a transaction's connection whose replies the transaction still owes its callers. */
interface Unanswered {
  /** BEGIN and the writes sent without waiting; all must succeed before COMMIT. */
  sent: Promise<unknown>[];
  /** The first of them that failed: every later statement of the transaction fails because of it. */
  failed?: unknown;
}

/** Statements on one connection while `isOpen()`; afterwards they are refused, never run outside it. */
function clientDb(client: PoolClient, isOpen: () => boolean, owed: Unanswered): Db {
  // A statement refused because an earlier unawaited one aborted the transaction reports that one's error.
  const cause = (error: unknown) => Promise.reject(owed.failed ?? error);
  const db: Db = {
    query: (name, text, values) => (isOpen() ? client.query({ name, text, values }).catch(cause) : Promise.reject(new TransactionOverError())),
    write(name, text, values) {
      if (!isOpen()) return Promise.reject(new TransactionOverError());
      owe(owed, client.query({ name, text, values }));
      return Promise.resolve();
    },
    atomic: (fn) => (isOpen() ? fn(db) : Promise.reject(new TransactionOverError())),
    inTransaction: true,
  };
  return db;
}

/** Owes `reply`: noted, its failure kept as the transaction's, and never an unhandled rejection meanwhile. */
function owe(owed: Unanswered, reply: Promise<unknown>): void {
  const noted = reply.catch((error: unknown) => {
    owed.failed ??= error;
    throw error;
  });
  noted.catch(() => {});
  owed.sent.push(noted);
}

/** Waits for every unawaited statement; the first failure is thrown. */
async function settle(owed: Unanswered): Promise<void> {
  const results = await Promise.allSettled(owed.sent);
  const failure = results.find((r) => r.status === 'rejected');
  if (failure) throw owed.failed ?? failure.reason;
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
  // BEGIN is sent without waiting too: the first statement goes with it. A connection that cannot begin
  // fails every statement after it, and the transaction with them.
  const owed: Unanswered = { sent: [] };
  try {
    owe(owed, client.query('BEGIN'));
    let value: T;
    try {
      value = await fn(clientDb(client, () => open, owed));
    } finally {
      // Closed before COMMIT/ROLLBACK is sent: a late call through `tx` is refused, not run after it.
      open = false;
    }
    // COMMIT goes right behind the last unawaited write. If one of them failed, the server has aborted
    // the transaction and answers COMMIT with ROLLBACK (not an error): that is never taken for a commit.
    const committed = client.query('COMMIT');
    committed.catch(() => {});
    await settle(owed);
    if ((await committed).command !== 'COMMIT') throw new Error('PostgreSQL rolled the transaction back at COMMIT');
    return value;
  } catch (error) {
    // Every reply still owed arrives before the ROLLBACK's (their failures are this error's), then the connection is clean.
    await Promise.allSettled(owed.sent);
    await client.query('ROLLBACK').catch((e: Error) => (broken = e));
    throw error;
  } finally {
    // A connection that could not roll back is discarded rather than handed to the next caller.
    client.release(broken);
  }
}
