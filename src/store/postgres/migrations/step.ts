/** What a PostgreSQL schema step is, and the helper for a step that is plain SQL. */
import type { PoolClient } from 'pg';

/** Applies one schema version; runs inside the migration's transaction on `client`. */
export type PgStep = (client: PoolClient) => Promise<void>;

/** A step that is one SQL script (PostgreSQL runs DDL inside the transaction, so it all lands or none). */
export function sqlStep(sql: string): PgStep {
  return async (client) => {
    await client.query(sql);
  };
}
