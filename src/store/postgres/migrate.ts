/** Runs pending PostgreSQL migrations, each in its own transaction, tracking the version in a table. */
import type { Pool, PoolClient } from 'pg';
import { newerSchemaError } from '../newer-schema.ts';
import { PG_MIGRATIONS, type PgMigration } from './migrations/index.ts';

/** The schema version this code writes on PostgreSQL (equal to SQLite's SCHEMA_VERSION). */
export const PG_SCHEMA_VERSION = Math.max(...PG_MIGRATIONS.map((m) => m.version));

// Several instances may start at once against one database: the advisory lock (per schema) makes
// them take turns, and each re-reads the version under the lock before applying a step.
const LOCK = `SELECT pg_advisory_xact_lock(hashtext('stepwise.migrate.' || current_schema()))`;
// One row holding the version: PostgreSQL has no PRAGMA user_version.
const VERSION_TABLE = `CREATE TABLE IF NOT EXISTS stepwise_schema (
  one BOOLEAN PRIMARY KEY DEFAULT true CHECK (one), version INTEGER NOT NULL)`;

async function inTransaction<T>(client: PoolClient, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const value = await fn();
    await client.query('COMMIT');
    return value;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** The schema version of the database on `client` (0 when it has none yet). */
export async function pgSchemaVersion(client: Pick<PoolClient, 'query'>): Promise<number> {
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('stepwise_schema')::text AS t`);
  if (!exists.rows[0]?.t) return 0;
  const row = await client.query<{ version: number }>('SELECT version FROM stepwise_schema');
  return row.rows[0]?.version ?? 0;
}

/** Brings the database up to date; refuses one written by a newer Stepwise. Returns versions applied. */
export async function migratePostgres(pool: Pool, migrations: PgMigration[] = PG_MIGRATIONS): Promise<number[]> {
  const latest = Math.max(0, ...migrations.map((m) => m.version));
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    // Checked before anything is created, so a refused database is left exactly as it was.
    const found = await pgSchemaVersion(client);
    if (found > latest) throw newerSchemaError(found, latest);
    for (const m of migrations) {
      await inTransaction(client, async () => {
        await client.query(LOCK);
        await client.query(VERSION_TABLE);
        const current = await pgSchemaVersion(client);
        if (current > latest) throw newerSchemaError(current, latest);
        if (current >= m.version) return;
        await m.up(client);
        await client.query('INSERT INTO stepwise_schema (version) VALUES ($1) ON CONFLICT (one) DO UPDATE SET version = excluded.version', [m.version]);
        applied.push(m.version);
      });
    }
  } finally {
    client.release();
  }
  return applied;
}
