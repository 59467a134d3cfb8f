/** Opens the SQLite file with the pragmas Stepwise relies on, refusing files it must not touch. */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreBusyError, StoreError } from '../core/errors.ts';
import { immediate, isBusy } from './busy.ts';
import { markerPath, readMarker, writeMarker } from './history-marker.ts';
import { checkNotNewer, migrate } from './migrate.ts';

/** How to open. */
export interface OpenOptions {
  /** Start even on a file that looks reset (STEPWISE_ALLOW_EMPTY_DB=1). */
  allowEmpty?: boolean;
  /**
   * How long a statement waits for another connection's write lock once the database is open.
   * better-sqlite3 waits synchronously, freezing the event loop, so a bot wants tens of ms here and
   * retries a StoreBusyError asynchronously. Start-up itself always waits up to STARTUP_BUSY_MS.
   */
  busyTimeoutMs?: number;
  /** FULL (the default) makes each commit durable on power loss; NORMAL may lose the last commits. */
  synchronous?: 'FULL' | 'NORMAL';
}

/** Start-up may wait this long for another process (a migration, a rebuild, a backup) to let go. */
export const STARTUP_BUSY_MS = 5000;

/** Opens (creating the folder if needed) and migrates the database at `path` (or ':memory:'). */
export function openDatabase(path: string, options: OpenOptions = {}): Database.Database {
  const onDisk = path !== ':memory:';
  // A missing file is refused before SQLite creates an empty one in its place.
  if (onDisk && !options.allowEmpty && !existsSync(path) && readMarkerOrExplain(path)?.history) throw looksReset(path);
  let db: Database.Database;
  try {
    if (onDisk) mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
  } catch (err) {
    throw new StoreError(`Cannot open the database at ${path}: ${(err as Error).message}. Check STEPWISE_DB and the folder's permissions.`);
  }
  try {
    prepare(db, path, options);
    return db;
  } catch (err) {
    db.close();
    throw explain(err, path);
  }
}

function prepare(db: Database.Database, path: string, options: OpenOptions): void {
  const onDisk = path !== ':memory:';
  // First, so every later step waits for another process's lock instead of failing.
  db.pragma(`busy_timeout = ${STARTUP_BUSY_MS}`);
  // Up to the WAL switch everything only reads: a file Stepwise refuses is left exactly as it was.
  const holdsHistory = inspect(db, path);
  const marker = onDisk ? readMarker(path) : undefined;
  if (marker?.history && !holdsHistory && !options.allowEmpty && !historyUnderLock(db, path)) throw looksReset(path);
  // WAL lets readers (leaderboards) run while an answer is written.
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  migrate(db);
  // A real write, now: a file this user cannot write opens fine (SQLite falls back to read-only), and
  // would otherwise fail only later, in the middle of an answer or the sweep.
  const id = claim(db);
  if (onDisk) {
    const kept = marker?.history === true && marker.database === id && !options.allowEmpty;
    writeMarker(path, { database: id, history: holdsHistory || kept });
    if (!holdsHistory && !kept) noteFirstHistory(db, path, id);
  }
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? STARTUP_BUSY_MS}`);
}

function looksReset(path: string): StoreError {
  return new StoreError(
    `The database at ${path} is missing or holds no answers, drops or schedules, but ${markerPath(path)} says it had history: ` +
      'the file looks reset (a deleted -wal file, a replaced or moved file). Stop here and restore a backup (README: "Backups and the database file"), ' +
      'or set STEPWISE_ALLOW_EMPTY_DB=1 to start over with this file. Nothing was changed.',
  );
}

function readMarkerOrExplain(path: string) {
  try {
    return readMarker(path);
  } catch (err) {
    throw explain(err, path);
  }
}

/** Refuses a newer or a foreign database without changing it; says whether it holds history. */
function inspect(db: Database.Database, path: string): boolean {
  const version = checkNotNewer(db);
  if (version === 0) {
    const names = db.prepare("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite%' ORDER BY name").pluck().all() as string[];
    if (names.length > 0) {
      const some = names.slice(0, 3).join(', ') + (names.length > 3 ? ', …' : '');
      throw new StoreError(
        `The file at ${path} is an SQLite database that Stepwise did not create (no Stepwise schema version; ${names.length} object(s) such as ${some}). ` +
          "Point STEPWISE_DB at a new file or at Stepwise's own database. Nothing was changed.",
      );
    }
    return false;
  }
  return db.prepare('SELECT EXISTS (SELECT 1 FROM drops) OR EXISTS (SELECT 1 FROM answers) OR EXISTS (SELECT 1 FROM schedules)').pluck().get() === 1;
}

/**
 * Looks again with the write lock held. Another process's first drop writes the marker from inside
 * its transaction, so between that write and its commit this process can read "marker: history,
 * file: none". Holding the lock waits for that commit. Taking it writes nothing to the file.
 */
function historyUnderLock(db: Database.Database, path: string): boolean {
  try {
    return immediate(db, () => inspect(db, path));
  } catch (err) {
    if (err instanceof StoreBusyError) throw err;
    return false; // A file that cannot even be locked for writing is no reason to trust it.
  }
}

/** Gives the database its id (once) and counts the open: a real write, so an unwritable file fails here. */
function claim(db: Database.Database): string {
  return immediate(db, () => {
    db.prepare("INSERT INTO meta (key, value) VALUES ('database_id', ?) ON CONFLICT (key) DO NOTHING").run(randomUUID());
    db.prepare("INSERT INTO meta (key, value) VALUES ('opens', '1') ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1").run();
    return db.prepare("SELECT value FROM meta WHERE key = 'database_id'").pluck().get() as string;
  });
}

/**
 * Flips the marker to "had history" the first time this connection adds a drop or a schedule, so a
 * database that got its first answers in this run (and never reached a checkpoint) is covered too.
 * Temporary triggers belong to this connection only and cost one function call per drop: every
 * connection that may add drops (the store's background thread too) needs its own.
 */
export function noteFirstHistory(db: Database.Database, path: string, id: string): void {
  let noted = false;
  db.function('stepwise_note_history', () => {
    if (noted) return null;
    noted = true;
    try {
      writeMarker(path, { database: id, history: true });
    } catch {
      // A marker that cannot be written must not fail the drop; start-up reports an unwritable folder.
    }
    return null;
  });
  db.exec(`
    CREATE TEMP TRIGGER stepwise_history_drops AFTER INSERT ON main.drops BEGIN SELECT stepwise_note_history(); END;
    CREATE TEMP TRIGGER stepwise_history_schedules AFTER INSERT ON main.schedules BEGIN SELECT stepwise_note_history(); END;
  `);
}

/** One line an operator can act on, for whatever went wrong while preparing the file. */
function explain(err: unknown, path: string): StoreError {
  if (err instanceof StoreBusyError || isBusy(err)) {
    return new StoreError(
      `The database at ${path} stayed locked by another process for more than ${STARTUP_BUSY_MS / 1000} s while starting ` +
        '(another Stepwise migrating or rebuilding, a backup, an open sqlite3 shell). Try again once it is done.',
    );
  }
  if (err instanceof StoreError) return err;
  const message = (err as Error).message;
  const code = String((err as { code?: unknown }).code ?? '');
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'EROFS' || code === 'EPERM') {
    const who = process.getuid ? ` (uid ${process.getuid()})` : '';
    return new StoreError(
      `The database at ${path} cannot be written by this user${who}: ${message}. ` +
        `Give it write access to the file and its folder (SQLite also creates ${path}-wal and ${path}-shm there).`,
    );
  }
  if (code === 'SQLITE_NOTADB') {
    return new StoreError(`The file at ${path} is not an SQLite database (${message}). Point STEPWISE_DB at Stepwise's database or a new file. Nothing was changed.`);
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return new StoreError(`The disk holding ${path} is full (${message}). Free some space and start again.`);
  }
  return new StoreError(`Cannot prepare the database at ${path}: ${message}. Check that the file is writable.`);
}
