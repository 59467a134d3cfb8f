import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreBusyError } from '../../src/core/errors.ts';
import type { Store, StoreQueries } from '../../src/core/ports.ts';
import { createWriteBatcher } from '../../src/core/write-batch.ts';

let db: Database.Database;
let commits = 0;
beforeEach(() => {
  db = new Database(':memory:');
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)');
  commits = 0;
});
afterEach(() => db.close());

// Writes here go straight to `db`; `tx` is unused, as the batcher only needs the port's transaction.
const noTx = {} as StoreQueries;

/** A transaction over `db` with the port's shape; `beforeCommit` can make the commit itself fail. */
function store(beforeCommit: () => void = () => {}): Pick<Store, 'transaction'> {
  return {
    async transaction<T>(fn: (tx: StoreQueries) => Promise<T>): Promise<T> {
      db.exec('BEGIN');
      try {
        const value = await fn(noTx);
        beforeCommit();
        db.exec('COMMIT');
        commits += 1;
        return value;
      } catch (err) {
        db.exec('ROLLBACK');
        throw err;
      }
    },
  };
}

describe('group commit', () => {
  it('commits writes queued in one turn together, and resolves each with its own result', async () => {
    const batch = createWriteBatcher(store());
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => batch.run(async () => insert.run(`k${i}`, i).changes)));
    expect(results).toEqual(Array(50).fill(1));
    expect(commits).toBe(1);
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(50);
  });

  it('rolls back only the write that failed; the rest of the batch commits', async () => {
    const batch = createWriteBatcher(store());
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    const outcomes = await Promise.allSettled([
      batch.run(async () => insert.run('a', 1)),
      batch.run(async () => {
        insert.run('b', 2);
        insert.run('a', 3); // duplicate key: this closure's writes (b included) roll back
      }),
      batch.run(async () => insert.run('c', 4)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.prepare('SELECT k FROM t ORDER BY k').pluck().all()).toEqual(['a', 'c']);
  });

  it('tells nobody "done" when the commit itself fails', async () => {
    let fail = true;
    const batch = createWriteBatcher(
      store(() => {
        if (fail) throw new Error('disk I/O error');
      }),
    );
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    await expect(Promise.all([batch.run(async () => insert.run('x', 1)), batch.run(async () => insert.run('y', 2))])).rejects.toThrow('disk I/O error');
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(0);
    fail = false;
    await batch.run(async () => insert.run('z', 3));
    expect(db.prepare('SELECT k FROM t').pluck().all()).toEqual(['z']);
  });

  it('waits and tries again while another process holds the lock, instead of failing the answers', async () => {
    let busy = 3;
    const batch = createWriteBatcher(
      store(() => {
        if (busy-- > 0) throw new StoreBusyError('The database is busy');
      }),
    );
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    expect(await Promise.all([batch.run(async () => insert.run('a', 1).changes), batch.run(async () => insert.run('b', 2).changes)])).toEqual([1, 1]);
    expect(db.prepare('SELECT k FROM t ORDER BY k').pluck().all()).toEqual(['a', 'b']);
    expect(busy).toBe(-1);
  });
  it('runs one batch at a time: writes queued while a batch commits wait and share the next commit', async () => {
    let open = 0;
    let most = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const base = store();
    const batch = createWriteBatcher({
      async transaction(fn) {
        most = Math.max(most, ++open);
        try {
          return await base.transaction(fn);
        } finally {
          open--;
        }
      },
    });
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    const first = batch.run(async () => {
      await gate; // the first batch is still in its transaction while more writes arrive
      return insert.run('a', 1).changes;
    });
    await new Promise((r) => setTimeout(r, 0));
    const later = [batch.run(async () => insert.run('b', 2).changes), batch.run(async () => insert.run('c', 3).changes)];
    await new Promise((r) => setTimeout(r, 0));
    expect(commits).toBe(0);
    release();
    expect(await Promise.all([first, ...later])).toEqual([1, 1, 1]);
    expect(most).toBe(1);
    expect(commits).toBe(2);
  });
});
