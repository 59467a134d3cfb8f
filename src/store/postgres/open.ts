/** Opens a PostgreSQL pool with the settings Stepwise relies on, and migrates the database. */
import pg from 'pg';
import { StoreError } from '../../core/errors.ts';
import { migratePostgres } from './migrate.ts';

/** Options for `openPostgres`. */
export interface PostgresOptions {
  /** Schema to work in (search_path); tests give each suite its own. Default: the server's default. */
  schema?: string;
  /** Connections in the pool. Default 10. */
  max?: number;
  /** Run pending migrations (default true); db:copy and tests may open without. */
  migrate?: boolean;
}

const INT8 = 20;
const NUMERIC = 1700;
// BIGINT (ms times, ids, COUNT, SUM) arrives as a string by default; Stepwise's values fit a double.
// Set per pool, not on pg's global types, so nothing else in the process changes.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

/** The URL without its password, safe to show in a message or a log line. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the PostgreSQL URL (unparseable)';
  }
}

/** Creates the pool for `url`; no connection is made yet. */
export function createPool(url: string, options: PostgresOptions = {}): pg.Pool {
  if (options.schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.schema)) {
    throw new StoreError(`The schema name "${options.schema}" is not a plain identifier.`);
  }
  return new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    types,
    // Inside a transaction the group commit's writes are sent back to back instead of one per round trip.
    pipeline: true,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
}

/** Opens and (by default) migrates the database at `url`; a refused or unreachable one is a StoreError. */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<pg.Pool> {
  const pool = createPool(url, options);
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  try {
    if (options.migrate !== false) await migratePostgres(pool);
    else await pool.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => {});
    if (err instanceof StoreError) throw err;
    throw new StoreError(`Cannot prepare the PostgreSQL database at ${redactUrl(url)}: ${(err as Error).message}. Check STEPWISE_DB and that the server is running.`);
  }
  return pool;
}
