/** Runs pending migrations, each in its own transaction, tracking the version in PRAGMA user_version. */
import type { Database } from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations/index.ts';
import { newerSchemaError } from './newer-schema.ts';

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings `db` up to date; refuses a database written by a newer Stepwise. Returns versions applied. */
export function migrate(db: Database, migrations: Migration[] = MIGRATIONS): number[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  if (current > latest) throw newerSchemaError(current, latest);
  const applied: number[] = [];
  for (const m of migrations.slice(current)) {
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
    applied.push(m.version);
  }
  return applied;
}
