/** Opens the SQLite file with the pragmas Stepwise relies on. */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError } from '../core/errors.ts';
import { migrate } from './migrate.ts';

/** Opens (creating the folder if needed) and migrates the database at `path` (or ':memory:'). */
export function openDatabase(path: string): Database.Database {
  let db: Database.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
    // WAL lets readers (leaderboards) run while an answer is written; busy_timeout lets a second
    // process wait for the lock instead of failing at once.
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
  } catch (err) {
    throw new StoreError(`Cannot open the database at ${path}: ${(err as Error).message}. Check STEPWISE_DB and the folder's permissions.`);
  }
  try {
    migrate(db);
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    throw new StoreError(`Cannot prepare the database at ${path}: ${(err as Error).message}. Check that the file is writable.`);
  }
  return db;
}
