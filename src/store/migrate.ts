/** Runs pending migrations, each in its own transaction, tracking the version in PRAGMA user_version. */
import type { Database } from 'better-sqlite3';
import { immediate } from './busy.ts';
import { MIGRATIONS, type Migration } from './migrations/index.ts';
import { newerSchemaError } from './newer-schema.ts';

/** The schema version this code writes. */
// The highest version, not the count: versions are reserved per piece of work and may land out of order.
export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

const versionOf = (db: Database) => db.pragma('user_version', { simple: true }) as number;

/** Refuses (changing nothing) a database written by a newer Stepwise. Only reads. */
export function checkNotNewer(db: Database, latest = SCHEMA_VERSION): number {
  const current = versionOf(db);
  if (current > latest) throw newerSchemaError(current, latest);
  return current;
}

/** Brings `db` up to date; refuses a database written by a newer Stepwise. Returns versions applied. */
export function migrate(db: Database, migrations: Migration[] = MIGRATIONS): number[] {
  const current = checkNotNewer(db, Math.max(0, ...migrations.map((m) => m.version)));
  const applied: number[] = [];
  for (const m of migrations.slice(current)) {
    // IMMEDIATE, so a second process starting while another writes waits for the lock (busy_timeout)
    // instead of failing; once it has the lock it re-reads the version, as the other process may
    // have applied this very step meanwhile.
    const ran = immediate(db, () => {
      if (versionOf(db) >= m.version) return false;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
      return true;
    });
    if (ran) applied.push(m.version);
  }
  return applied;
}
