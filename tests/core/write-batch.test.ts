import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWriteBatcher } from '../../src/core/write-batch.ts';

let db: Database.Database;
let commits = 0;
beforeEach(() => {
  db = new Database(':memory:');
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)');
  commits = 0;
});
afterEach(() => db.close());

const store = () => ({
  transaction<T>(fn: () => T): T {
    const wasOpen = db.inTransaction;
    const result = db.transaction(fn)();
    if (!wasOpen) commits += 1;
    return result;
  },
});

describe('group commit', () => {
  it('commits writes queued in one turn together, and resolves each with its own result', async () => {
    const batch = createWriteBatcher(store());
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => batch.run(() => insert.run(`k${i}`, i).changes)));
    expect(results).toEqual(Array(50).fill(1));
    expect(commits).toBe(1);
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(50);
  });

  it('rolls back only the write that failed; the rest of the batch commits', async () => {
    const batch = createWriteBatcher(store());
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    const outcomes = await Promise.allSettled([
      batch.run(() => insert.run('a', 1)),
      batch.run(() => {
        insert.run('b', 2);
        insert.run('a', 3); // duplicate key: this closure's writes (b included) roll back
      }),
      batch.run(() => insert.run('c', 4)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.prepare('SELECT k FROM t ORDER BY k').pluck().all()).toEqual(['a', 'c']);
  });

  it('tells nobody "done" when the commit itself fails', async () => {
    let fail = true;
    const failing = {
      transaction<T>(fn: () => T): T {
        if (db.inTransaction) return db.transaction(fn)();
        const result = db.transaction(() => {
          const r = fn();
          if (fail) throw new Error('disk I/O error');
          return r;
        })();
        return result;
      },
    };
    const batch = createWriteBatcher(failing);
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    await expect(Promise.all([batch.run(() => insert.run('x', 1)), batch.run(() => insert.run('y', 2))])).rejects.toThrow('disk I/O error');
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(0);
    fail = false;
    await batch.run(() => insert.run('z', 3));
    expect(db.prepare('SELECT k FROM t').pluck().all()).toEqual(['z']);
  });
});
