/** The async Store port over the synchronous better-sqlite3 store. */
import type { Database } from 'better-sqlite3';
import type { SyncStore } from './sync-port.ts';
import { TransactionOverError, type AsyncStore, type StoreQueries } from './async-port.ts';
import { StoreBusyError } from '../core/errors.ts';
import { isBusy } from './busy.ts';
import { createSqliteStore } from './index.ts';
import { closeSync } from 'node:fs';
import { BACKGROUND_CALLS, startBackground, type BackgroundOptions } from './background.ts';
import { openShm } from './wal-backlog.ts';

/** `PRAGMA synchronous` levels. */
const NORMAL = 1;
const FULL = 2;

/** How the async store runs. */
export interface AsyncSqliteOptions {
  /**
   * Runs the calls of BACKGROUND_CALLS, the WAL checkpoints and the main connection's fsyncs on a
   * background thread with its own connection (a file on disk only), so they never hold up the event
   * loop; see background-thread.ts. The running bot's store has it; tests and tools that open a file
   * briefly do without. `start` is for tests that watch the thread.
   */
  background?: Pick<BackgroundOptions, 'onProblem'> & Partial<BackgroundOptions> & { start?: typeof startBackground };
}

type AnyFn = (...args: unknown[]) => unknown;
type Groups = Record<string, Record<string, AnyFn>>;

/** Calls a sync function, turning its result or throw into a settled promise. */
function settle(fn: AnyFn, args: unknown[]): Promise<unknown> {
  try {
    return Promise.resolve(fn(...args));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The query groups of the sync store, without its `transaction`. */
function groupsOf(sync: SyncStore): [string, Record<string, AnyFn>][] {
  return Object.entries(sync).filter(([group]) => group !== 'transaction') as [string, Record<string, AnyFn>][];
}

/** Builds the async groups once; `gate` decides how each call reaches the sync function. */
function wrapGroups(sync: SyncStore, gate: (fn: AnyFn, args: unknown[]) => Promise<unknown>): StoreQueries {
  const out: Groups = {};
  for (const [group, methods] of groupsOf(sync)) {
    const wrapped: Record<string, AnyFn> = {};
    for (const [name, fn] of Object.entries(methods)) wrapped[name] = (...args) => gate(fn, args);
    out[group] = wrapped;
  }
  return out as unknown as StoreQueries;
}

/** The transaction a `tx` group belongs to. */
const OWNER = Symbol('transaction');
type TxGroup = { [OWNER]: object };

/**
 * The `tx` side, built once: one prototype per group whose methods go through only while their
 * group's transaction is the open one. A transaction then costs one small object per group (its
 * token), not a closure per method.
 */
function txFactory(sync: SyncStore, isOpen: (token: object | undefined) => boolean): (token: object) => StoreQueries {
  const protos = groupsOf(sync).map(([group, methods]) => {
    const proto: Record<string, AnyFn> = {};
    for (const [name, fn] of Object.entries(methods)) {
      proto[name] = function (this: TxGroup | null | undefined, ...args: unknown[]) {
        // `this` is the group of one transaction's tx (a detached method has none, and is refused too).
        return isOpen(this?.[OWNER]) ? settle(fn, args) : Promise.reject(new TransactionOverError());
      };
    }
    return [group, proto] as const;
  });
  return (token) => {
    const tx: Record<string, TxGroup> = {};
    for (const [group, proto] of protos) {
      const g = Object.create(proto) as TxGroup;
      g[OWNER] = token;
      tx[group] = g;
    }
    return tx as unknown as StoreQueries;
  };
}

/**
 * better-sqlite3 is one connection, so a transaction that awaits would let any other caller's
 * statement run inside it. While a transaction is open, top-level calls wait for it to end; calls
 * through its `tx` go straight through. With no transaction open a call runs at once, so the
 * common path costs one resolved promise.
 */
export function createAsyncSqliteStore(db: Database, options: AsyncSqliteOptions = {}): AsyncStore {
  const sync = createSqliteStore(db);
  // The thread waits for another process's lock as long as this connection would (the main thread's
  // calls wait for the thread meanwhile, and a longer wait would only delay them), and commits as durably.
  const busyTimeoutMs = db.pragma('busy_timeout', { simple: true }) as number;
  const synchronous = db.pragma('synchronous', { simple: true }) as number;
  const start = options.background?.start ?? startBackground;
  // Closed only after this connection (see walBacklog).
  const shmFd = options.background && !db.memory ? openShm(db.name) : undefined;
  const background =
    options.background && !db.memory ? start(db.name, { busyTimeoutMs, synchronous, ...(shmFd !== undefined ? { shmFd } : {}), ...options.background, onProblem }) : undefined;
  // The thread checkpoints; a main-thread commit no longer runs one when the WAL passes 1,000 pages.
  if (background) db.pragma('wal_autocheckpoint = 0');
  // With FULL, each commit's fsync of the -wal (1 to 25 ms here, more on a busy disk) would hold up the
  // event loop. Instead the main connection commits without it, and the thread fsyncs the -wal before
  // the call that wrote resolves: nobody is told "recorded" sooner than with FULL, and the bot runs on.
  const syncOnThread = background !== undefined && synchronous >= FULL;
  if (syncOnThread) db.pragma(`synchronous = ${NORMAL}`);
  function onProblem(event: Parameters<BackgroundOptions['onProblem']>[0], reason: string): void {
    // Without the thread, commits checkpoint and fsync again as SQLite does by itself.
    if (event === 'store.background_stopped' && db.open) {
      db.pragma('wal_autocheckpoint = 1000');
      db.pragma(`synchronous = ${synchronous}`);
    }
    options.background!.onProblem(event, reason);
  }
  const totalChanges = db.prepare('SELECT total_changes()').pluck();
  let changesSeen = totalChanges.get() as number;
  /** Resolves to `value` once what this connection has committed so far is on disk (see syncOnThread). */
  function durable<T>(value: T): T | Promise<T> {
    // (Inside another caller's open transaction too: the fsync covers every commit already made.)
    if (!syncOnThread || !background.alive) return value;
    const now = totalChanges.get() as number;
    if (now === changesSeen) return value;
    changesSeen = now;
    return background.sync().then(
      () => value,
      // The thread stopped before it could: from now on commits fsync here; this one still must.
      () => (db.pragma('wal_checkpoint(PASSIVE)'), value),
    );
  }
  // Resolves when the open transaction ends; null when none is open.
  let held: Promise<void> | null = null;
  // The transaction currently allowed through `tx`; a new object per transaction.
  let current: object | null = null;

  async function afterTransactions(fn: AnyFn, args: unknown[]): Promise<unknown> {
    while (held) await held;
    return fn(...args);
  }
  const topLevel = wrapGroups(sync, (fn, args) => {
    const result = held ? afterTransactions(fn, args) : settle(fn, args);
    return syncOnThread ? result.then(durable) : result;
  });
  const txFor = txFactory(sync, (token) => current === token);

  /** Runs `fn` with every other call of this store waiting (asynchronously) until it ends. */
  async function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    while (held) await held;
    let release!: () => void;
    held = new Promise<void>((resolve) => (release = resolve));
    try {
      return await fn();
    } finally {
      held = null;
      release();
    }
  }

  /**
   * A store call on the background thread. The main connection stays out of the file meanwhile (its
   * calls wait, as for a transaction), so neither connection ever waits synchronously for the other's
   * lock. When the thread has stopped, the call runs here, as without it.
   */
  function onThread(group: string, method: string, fn: AnyFn, here: AnyFn): AnyFn {
    // The recount's keys function cannot be copied to the thread, which has the same one.
    const copyable = group === 'workspaces' && method === 'rebuildStep' ? (args: unknown[]) => [args[0], null, args[2]] : (args: unknown[]) => args;
    return (...args) => {
      if (!background?.alive) return here(...args);
      return exclusive(async () => {
        try {
          if (background.alive) return await background.call(group, method, copyable(args));
        } catch (err) {
          if (background.alive) throw err;
          // Stopped mid-call: the call committed whole or not at all. Only a recount slice is run
          // again here (it reads its cursor afresh); anything else reports the failure.
          if (method !== 'rebuildStep') throw err;
        }
        return fn(...args);
      });
    };
  }
  const routed: Groups = {};
  if (background) {
    for (const [group, methods] of Object.entries(BACKGROUND_CALLS)) {
      const syncGroup = (sync as unknown as Groups)[group]!;
      const mainGroup = (topLevel as unknown as Groups)[group]!;
      routed[group] = { ...mainGroup };
      // Without the thread, the call goes the main connection's way (`mainGroup`), as with no thread at all.
      for (const method of methods) routed[group]![method] = onThread(group, method, syncGroup[method]!, mainGroup[method]!);
    }
  }

  async function transaction<T>(fn: (tx: StoreQueries) => Promise<T>): Promise<T> {
    // Other calls go on while the commit is made durable.
    return durable(await exclusive(() => inTransaction(fn)));
  }

  async function inTransaction<T>(fn: (tx: StoreQueries) => Promise<T>): Promise<T> {
    const token = {};
    current = token;
    const tx = txFor(token);
    try {
      // IMMEDIATE takes the write lock now, so another process cannot make this one fail halfway.
      try {
        db.exec('BEGIN IMMEDIATE');
      } catch (err) {
        // Another process holds the write lock past busy_timeout: the caller retries later.
        if (isBusy(err)) throw new StoreBusyError('The database is busy: another process is writing to it. Try again in a moment.', { cause: err });
        throw err;
      }
      const value = await fn(tx);
      db.exec('COMMIT');
      return value;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    } finally {
      current = null;
    }
  }

  return {
    ...topLevel,
    ...(routed as unknown as Partial<StoreQueries>),
    transaction,
    async close() {
      while (held) await held;
      // First: the main connection, closed last, checkpoints the WAL and removes it.
      await background?.close();
      db.close();
      if (shmFd !== undefined) closeSync(shmFd);
    },
  };
}
