import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/core/errors.ts';
import { createSqliteStore, openDatabase, SCHEMA_VERSION } from '../../src/store/index.ts';
import { markerPath, readMarker, writeMarker } from '../../src/store/history-marker.ts';
import { holdWriteLock } from './other-process.ts';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-open-'));
  path = join(dir, 'stepwise.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Every file in the folder whose name starts with the database's, with its bytes. */
function snapshot(p: string) {
  return ['', '-wal', '-shm', '-journal', '.history.json'].map((s) => [s, existsSync(p + s) ? readFileSync(p + s).toString('base64') : null]);
}
const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a refusal');
};
const journalMode = (p: string) => {
  const db = new Database(p, { readonly: true });
  const mode = db.pragma('journal_mode', { simple: true });
  db.close();
  return mode;
};

describe('files Stepwise must not touch are refused before anything changes', () => {
  it("refuses another program's SQLite file: no tables added, journal mode untouched, byte-identical (item 17)", () => {
    const other = new Database(path);
    other.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT); CREATE TABLE orders (id INTEGER, user_id INTEGER); INSERT INTO users VALUES (1, 'a@example.com');");
    other.close();
    const before = snapshot(path);
    const err = errorOf(() => openDatabase(path));
    expect(err).toBeInstanceOf(StoreError);
    expect(err.message).toBe(
      `The file at ${path} is an SQLite database that Stepwise did not create (no Stepwise schema version; 2 object(s) such as orders, users). ` +
        "Point STEPWISE_DB at a new file or at Stepwise's own database. Nothing was changed.",
    );
    expect(snapshot(path)).toEqual(before);
    expect(journalMode(path)).toBe('delete');
  });

  it('refuses a rollback-journal database from a newer Stepwise and leaves it in delete mode, byte-identical (item 18)', () => {
    const newer = new Database(path);
    newer.exec('CREATE TABLE future_things (x INTEGER); INSERT INTO future_things VALUES (1);');
    newer.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    newer.close();
    expect(journalMode(path)).toBe('delete');
    const before = snapshot(path);
    const err = errorOf(() => openDatabase(path));
    expect(err).toBeInstanceOf(StoreError);
    expect(err.message).toMatch(/only knows up to .*Nothing was changed\.$/);
    expect(snapshot(path)).toEqual(before);
    expect(journalMode(path)).toBe('delete');
  });

  it('refuses a file that is not a database at all, unchanged', () => {
    writeFileSync(path, 'name,score\nann,3\n'.repeat(100));
    const before = snapshot(path);
    const err = errorOf(() => openDatabase(path));
    expect(err.message).toMatch(new RegExp(`^The file at ${path} is not an SQLite database \\(.*\\)\\. Point STEPWISE_DB .* Nothing was changed\\.$`));
    expect(snapshot(path)).toEqual(before);
  });

  it('an empty file (0 bytes) is a new database, not a foreign one', () => {
    writeFileSync(path, '');
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });
});

describe('durability settings', () => {
  it('commits with synchronous = FULL by default (durable on power loss), NORMAL only when asked (item 19)', () => {
    const db = openDatabase(path);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    db.close();
    const normal = openDatabase(path, { synchronous: 'NORMAL' });
    expect(normal.pragma('synchronous', { simple: true })).toBe(1);
    normal.close();
  });

  it('start-up writes (a real write probe) and counts the open', () => {
    openDatabase(path).close();
    const db = openDatabase(path);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'opens'").pluck().get()).toBe('2');
    db.close();
  });
});

describe('a database file that looks reset (item 15)', () => {
  const addDrop = (db: Database.Database) =>
    db
      .prepare(`INSERT INTO drops (platform, workspace, channel, pack_id, question_id, difficulty, state, opened_at, closes_at)
        VALUES ('p', 'W', 'C', 'k', 'q', 'easy', 'open', 1, 2)`)
      .run();

  it('gives the database an id and keeps a marker beside it that turns to "had history" with the first drop', () => {
    const db = openDatabase(path);
    const id = db.prepare("SELECT value FROM meta WHERE key = 'database_id'").pluck().get() as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(readMarker(path)).toEqual({ database: id, history: false });
    addDrop(db);
    expect(readMarker(path)).toEqual({ database: id, history: true });
    db.close();
    // Re-opening keeps the id and the history flag.
    const again = openDatabase(path);
    expect(again.prepare("SELECT value FROM meta WHERE key = 'database_id'").pluck().get()).toBe(id);
    again.close();
    expect(readMarker(path)).toEqual({ database: id, history: true });
    expect(JSON.parse(readFileSync(markerPath(path), 'utf8')).about).toMatch(/Keep it with the database/);
  });

  it('a schedule is history too', () => {
    const db = openDatabase(path);
    createSqliteStore(db).schedules.add({ platform: 'p', workspace: 'W', channel: 'C', cron: '0 9 * * *', tz: 'UTC', packId: null, difficulty: null, paused: false, createdBy: 'ann', createdAt: 1, reactions: true });
    expect(readMarker(path)?.history).toBe(true);
    db.close();
  });

  it('refuses a file whose history lived only in a lost -wal file, unless STEPWISE_ALLOW_EMPTY_DB is set', () => {
    const db = openDatabase(path);
    addDrop(db);
    // A second connection keeps the close from checkpointing: the history stays in the -wal file,
    // as it does in a bot that never stopped cleanly. Copying the main file alone is "the -wal was deleted".
    const keep = new Database(path);
    keep.prepare('SELECT 1 FROM meta').get();
    db.close();
    expect(existsSync(`${path}-wal`)).toBe(true);
    const lost = join(dir, 'lost.db');
    copyFileSync(path, lost);
    copyFileSync(markerPath(path), markerPath(lost));
    keep.close();
    const before = snapshot(lost);
    const err = errorOf(() => openDatabase(lost));
    expect(err).toBeInstanceOf(StoreError);
    expect(err.message).toBe(
      `The database at ${lost} is missing or holds no answers, drops or schedules, but ${lost}.history.json says it had history: ` +
        'the file looks reset (a deleted -wal file, a replaced or moved file). Stop here and restore a backup (README: "Backups and the database file"), ' +
        'or set STEPWISE_ALLOW_EMPTY_DB=1 to start over with this file. Nothing was changed.',
    );
    expect(snapshot(lost)).toEqual(before);
    // Told to, it starts over, and the marker now describes the new, empty database.
    const fresh = openDatabase(lost, { allowEmpty: true });
    expect(fresh.prepare('SELECT COUNT(*) FROM drops').pluck().get()).toBe(0);
    const id = fresh.prepare("SELECT value FROM meta WHERE key = 'database_id'").pluck().get();
    fresh.close();
    expect(readMarker(lost)).toEqual({ database: id, history: false });
    openDatabase(lost).close(); // and the next start is an ordinary one
  });

  it('refuses a missing file whose marker says it had history, without creating an empty one', () => {
    const db = openDatabase(path);
    addDrop(db);
    db.close();
    for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
    expect(() => openDatabase(path)).toThrow(/is missing or holds no answers/);
    expect(existsSync(path)).toBe(false);
  });

  it('a file that never held history may be recreated silently; a restored backup with history opens as usual', () => {
    openDatabase(path).close();
    for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
    openDatabase(path).close(); // nothing was lost, nothing to refuse

    const other = join(dir, 'elsewhere.db');
    const source = openDatabase(other);
    addDrop(source);
    source.close();
    const marker = readMarker(path)!;
    copyFileSync(other, path); // "restore" a database with history over this one
    const restored = openDatabase(path);
    const id = restored.prepare("SELECT value FROM meta WHERE key = 'database_id'").pluck().get();
    restored.close();
    expect(id).not.toBe(marker.database);
    expect(readMarker(path)).toEqual({ database: id, history: true });
  });

  it('an unreadable marker counts as "had history" rather than letting an empty file through', () => {
    writeFileSync(markerPath(path), '{ not json');
    expect(() => openDatabase(path)).toThrow(/is missing or holds no answers/);
    expect(statSync(markerPath(path)).size).toBe('{ not json'.length);
  });

  it("another process's first drop, marked but not yet committed, is waited for, not taken for a reset file", async () => {
    const db = openDatabase(path);
    const id = db.prepare("SELECT value FROM meta WHERE key = 'database_id'").pluck().get() as string;
    db.close();
    // The other process is inside the transaction of its first drop: the trigger has already turned the
    // marker to "had history", the drop commits 300 ms later.
    const other = await holdWriteLock(path, 300, `INSERT INTO drops (platform, workspace, channel, pack_id, question_id, difficulty, state, opened_at, closes_at)
      VALUES ('p', 'W', 'C', 'k', 'q', 'easy', 'open', 1, 2)`);
    writeMarker(path, { database: id, history: true });
    const again = openDatabase(path);
    expect(again.prepare('SELECT COUNT(*) FROM drops').pluck().get()).toBe(1);
    again.close();
    await other.exited;
  });
});
