/** Picks the engine from STEPWISE_DB: a postgres:// URL is PostgreSQL, anything else a SQLite file. */
import type { Logger, Store } from '../core/ports.ts';
import { openDatabase } from './open.ts';
import { createAsyncSqliteStore } from './sqlite-async.ts';

/** True for a `postgres://` or `postgresql://` URL. */
export const isPostgresUrl = (s: string): boolean => /^postgres(ql)?:\/\//i.test(s);

/** How long the answer path's SQLite connection waits for another process's lock before retrying later. */
const RUNNING_BUSY_MS = 50;

/**
 * Opens, checks and migrates the store at `db`. With `log` (the running bot), a SQLite store runs its
 * heavier calls and WAL checkpoints on a background thread (see background-thread.ts) and logs if
 * that thread stops.
 */
export async function openStore(db: string, options: { allowEmpty?: boolean; log?: Logger } = {}): Promise<Store> {
  if (isPostgresUrl(db)) {
    // Loaded only when asked for: a SQLite install never needs pg's code.
    const { openPostgres, createPostgresStore } = await import('./postgres/index.ts');
    return createPostgresStore(await openPostgres(db));
  }
  // A lock held by another process makes writes fail fast with StoreBusyError, which the write batcher
  // and the sweep retry later, instead of freezing the event loop for seconds.
  const { log, ...open } = options;
  const background = log && { onProblem: (event: string, reason: string) => log.error(event, { reason }) };
  return createAsyncSqliteStore(openDatabase(db, { ...open, busyTimeoutMs: RUNNING_BUSY_MS }), background ? { background } : {});
}
