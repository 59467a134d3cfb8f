import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/core/errors.ts';
import { migrate, openDatabase, SCHEMA_VERSION } from '../../src/store/index.ts';
import { MIGRATIONS, type Migration } from '../../src/store/migrations/index.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('opening the database', () => {
  it('creates the folder, migrates a fresh file and sets WAL, foreign keys and a busy timeout', () => {
    const db = openDatabase(join(dir, 'nested', 'deeper', 'stepwise.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual([
      'answers', 'cards', 'channel_usage', 'choice_counts', 'deliveries', 'drops', 'hints', 'installations', 'members', 'meta', 'pack_totals',
      'pending_reviews', 'reminders', 'reviews', 'schedules', 'score_points', 'score_totals', 'streaks', 'suggestions', 'week_activity', 'weekly_posts', 'workspace_pack_versions',
      'workspace_packs', 'workspaces',
    ]);
    db.close();
  });

  it('re-opening an up-to-date database changes nothing and keeps its rows', () => {
    const path = join(dir, 's.db');
    const db = openDatabase(path);
    db.prepare("INSERT INTO members VALUES ('local', 'local', 'ann', 'Ann', 1)").run();
    db.close();
    const again = openDatabase(path);
    expect(again.prepare('SELECT display_name FROM members').pluck().all()).toEqual(['Ann']);
    expect(migrate(again)).toEqual([]);
    again.close();
  });

  it('applies only pending migrations to an existing database, each in a transaction', () => {
    const db = new Database(join(dir, 'm.db'));
    const steps: Migration[] = [
      { version: 1, name: 'one', up: (d) => d.exec('CREATE TABLE a (x INTEGER)') },
      { version: 2, name: 'two', up: (d) => d.exec('CREATE TABLE b (y INTEGER)') },
    ];
    expect(migrate(db, steps.slice(0, 1))).toEqual([1]);
    db.prepare('INSERT INTO a VALUES (7)').run();
    expect(migrate(db, steps)).toEqual([2]);
    expect(db.prepare('SELECT x FROM a').pluck().get()).toBe(7);
    // A failing migration leaves no trace: the version and schema are unchanged.
    const broken: Migration = { version: 3, name: 'broken', up: (d) => d.exec('CREATE TABLE c (z INTEGER); CREATE TABLE a (dup INTEGER)') };
    expect(() => migrate(db, [...steps, broken])).toThrow(/already exists/);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'c'").pluck().get()).toBe(0);
    db.close();
  });

  it('version 6 replays existing histories into streaks, in drop order', () => {
    const db = new Database(join(dir, 'old.db'));
    migrate(db, MIGRATIONS.slice(0, 5));
    const drop = db.prepare(`INSERT INTO drops (platform, workspace, channel, pack_id, question_id, difficulty, state, opened_at, closes_at)
      VALUES ('p', 'W', 'C', 'k', 'q', 'easy', ?, ?, ?) RETURNING id`);
    const answer = db.prepare(`INSERT INTO answers (drop_id, user_id, platform, workspace, pack_id, question_id, choice, correct, points, answered_at, elapsed_ms, via)
      VALUES (?, ?, 'p', 'W', 'k', 'q', 'B', ?, 1, 0, 0, 'button')`);
    const ids = [1, 2, 3, 4, 5].map((i) => (drop.get(i === 5 ? 'open' : 'closed', i, i + 1) as { id: number }).id);
    // ann: right, right, wrong, right, (open, unanswered) → current 1, best 2.
    // bo: right, right, right, (missed), right on the open one → current 1, best 3.
    [[ids[0], 1], [ids[1], 1], [ids[2], 0], [ids[3], 1]].forEach(([d, c]) => answer.run(d, 'ann', c));
    [[ids[0], 1], [ids[1], 1], [ids[2], 1], [ids[4], 1]].forEach(([d, c]) => answer.run(d, 'bo', c));
    expect(migrate(db)).toEqual(MIGRATIONS.filter((m) => m.version >= 6).map((m) => m.version));
    expect(db.prepare('SELECT user_id, current, best FROM streaks ORDER BY user_id').all()).toEqual([
      { user_id: 'ann', current: 1, best: 2 },
      { user_id: 'bo', current: 1, best: 3 },
    ]);
    db.close();
  });

  it('refuses a database from a newer Stepwise and leaves it untouched', () => {
    const path = join(dir, 'new.db');
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openDatabase(path)).toThrow(StoreError);
    expect(() => openDatabase(path)).toThrow(`schema version ${SCHEMA_VERSION + 1}, but this Stepwise only knows up to ${SCHEMA_VERSION}. Upgrade Stepwise`);
    const check = new Database(path);
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    expect(check.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").pluck().get()).toBe(0);
    check.close();
  });

  it('explains a path that cannot be created, without a stack trace', () => {
    // A file where a folder should be fails for every user, root included.
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    expect(() => openDatabase(join(file, 's.db'))).toThrow(StoreError);
    expect(() => openDatabase(join(file, 's.db'))).toThrow(/^Cannot open the database at .*not-a-folder\/s.db: .*Check STEPWISE_DB/);
  });
});
