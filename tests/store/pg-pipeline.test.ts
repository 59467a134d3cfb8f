/**
 * PostgreSQL transactions send BEGIN and the writes nobody reads (db.write) without waiting for their
 * replies: what a caller sees must be what it saw when every statement was awaited.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src/store/postgres/index.ts';
import { poolDb, withTransaction } from '../../src/store/postgres/db.ts';

const URL_ = process.env.STEPWISE_TEST_PG;
const schema = `pipeline_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;

describe.skipIf(!URL_)('PostgreSQL transactions with unawaited writes', () => {
  let pool: pg.Pool;
  beforeAll(async () => {
    const admin = new pg.Pool({ connectionString: URL_, max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    // One connection: a transaction left half-done would show in the next test.
    pool = createPool(URL_!, { schema, max: 1 });
    await pool.query('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL CHECK (v >= 0))');
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    await pool.end();
  });
  const keys = async () => (await pool.query<{ k: string }>('SELECT k FROM t ORDER BY k')).rows.map((r) => r.k);
  const put = 'INSERT INTO t VALUES ($1, $2)';

  it('a read sent after an unawaited write sees it, and everything commits', async () => {
    const seen = await withTransaction(pool, async (db) => {
      await db.write('t.put', put, ['a', 1]);
      await db.write('t.put', put, ['b', 2]);
      return (await db.query<{ n: number }>(undefined, 'SELECT COUNT(*)::int AS n FROM t')).rows[0]!.n;
    });
    expect(seen).toBe(2);
    expect(await keys()).toEqual(['a', 'b']);
    await pool.query('DELETE FROM t');
  });

  it('a failed unawaited write fails the transaction with its own error, later statements too, and nothing commits', async () => {
    let later: unknown;
    const run = withTransaction(pool, async (db) => {
      await db.write('t.put', put, ['a', 1]);
      await db.write('t.put', put, ['b', -1]); // refused by the CHECK, reply not awaited
      await db.query('t.put', put, ['c', 3]).catch((e: unknown) => (later = e));
    });
    await expect(run).rejects.toThrow(/check constraint/);
    expect(String(later)).toMatch(/check constraint/);
    expect(await keys()).toEqual([]);
    // The connection went back clean: the next transaction works.
    await withTransaction(pool, (db) => db.write('t.put', put, ['d', 4]));
    expect(await keys()).toEqual(['d']);
    await pool.query('DELETE FROM t');
  });

  it('a failed last write, its reply still owed at COMMIT, is never taken for a commit', async () => {
    const run = withTransaction(pool, async (db) => {
      await db.write('t.put', put, ['a', 1]);
      await db.write('t.put', put, ['a', 2]); // duplicate key, COMMIT sent right behind it
      return 'done';
    });
    await expect(run).rejects.toThrow(/duplicate key/);
    expect(await keys()).toEqual([]);
  });

  it('a failure the caller swallowed still rolls the transaction back', async () => {
    const run = withTransaction(pool, async (db) => {
      await db.write('t.put', put, ['a', 1]);
      await db.query('t.put', put, ['a', 2]).catch(() => {});
    });
    await expect(run).rejects.toThrow();
    expect(await keys()).toEqual([]);
  });

  it('outside a transaction a write is awaited: its failure reaches the caller at once', async () => {
    await expect(poolDb(pool).write('t.put', put, ['x', -5])).rejects.toThrow(/check constraint/);
  });
});
