/**
 * The engines the contract suite runs against, Kysely-style: every contract test file loops over
 * ENGINES and runs the same tests on each. PostgreSQL runs when STEPWISE_TEST_PG names a server
 * (each opened database is a fresh schema, dropped at cleanup); otherwise it is skipped and the
 * global setup prints one line saying so.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { AsyncStore } from '../../../src/store/async-port.ts';
import { migrate, openDatabase } from '../../../src/store/index.ts';
import { MIGRATIONS } from '../../../src/store/migrations/index.ts';
import { PG_MIGRATIONS } from '../../../src/store/postgres/migrations/index.ts';
import { createPool, createPostgresStore, migratePostgres, openPostgres } from '../../../src/store/postgres/index.ts';
import { TABLES } from '../../../src/store/postgres/tables.ts';
import { createAsyncSqliteStore } from '../../../src/store/sqlite-async.ts';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export const PG_URL = process.env.STEPWISE_TEST_PG;

/** One database opened for a test, with the engine-specific levers the contract needs. */
export interface Opened {
  store: AsyncStore;
  /** Another connection (SQLite: a second handle on the file; PostgreSQL: a second pool) to the same data. */
  another(): Promise<AsyncStore>;
  /** Opens (and migrates) the same database again, as a restart would; rejects as start-up would. */
  reopen(): Promise<AsyncStore>;
  /** Writes the stored schema version directly, to play a database from a newer Stepwise. */
  setVersion(version: number): Promise<void>;
  /** Raw SQL with `?` placeholders, for seeding what the port cannot write (old schemas). */
  sql(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Where the database is: a file path or a URL with its schema. */
  location: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; schema: string };
  /** Empties every table and restarts ids, and closes the connections `another()` opened. */
  reset(): Promise<void>;
  cleanup(): Promise<void>;
}

export interface Engine {
  name: 'sqlite' | 'postgres';
  /** How the engine shows in test names. */
  title: string;
  skip: boolean;
  /** Transactions on two connections can be open at once (PostgreSQL); SQLite's writer lock is one at a time. */
  concurrentWriters: boolean;
  /** An empty, migrated database. */
  open(): Promise<Opened>;
  /** An empty database with no schema, for migration tests. */
  blank(): Promise<Blank>;
}

/** A database before any migration: step it to a version, seed it with SQL, then open it. */
export interface Blank extends Omit<Opened, 'store' | 'another' | 'reset'> {
  /** Applies the first `version` migrations (all when omitted); returns the versions applied. */
  migrateTo(version?: number): Promise<number[]>;
}

const sqliteEngine = (thread: boolean): Engine => ({
  name: 'sqlite',
  title: thread ? 'sqlite, background thread' : 'sqlite',
  skip: false,
  concurrentWriters: false,
  open: async () => {
    const b = await sqliteBlank(thread);
    await b.migrateTo();
    return withReset(b, await b.reopen(), async () => {
      const tables = [...TABLES].reverse().map((t) => `DELETE FROM ${t.name};`);
      await b.sql('BEGIN');
      for (const del of tables) await b.sql(del);
      await b.sql('COMMIT');
    });
  },
  blank: () => sqliteBlank(thread),
});

/**
 * `thread`: the store as the running bot opens it, with its background thread running the calls of
 * BACKGROUND_CALLS on a second connection (a failure there fails the test: it would fall back silently).
 */
async function sqliteBlank(thread = false): Promise<Blank & { reopen(): Promise<AsyncStore> }> {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-contract-'));
  const path = join(dir, 'stepwise.db');
  const raw = new Database(path);
  const handles: AsyncStore[] = [];
  const problems: string[] = [];
  // allowEmpty: the suite empties every table between tests, which the history marker would rightly
  // read as a reset file when `another()` opens it again.
  const openStore = async () => {
    const background = { onProblem: (event: string, reason: string) => void problems.push(`${event}: ${reason}`) };
    const s = createAsyncSqliteStore(openDatabase(path, { allowEmpty: true }), thread ? { background } : {});
    handles.push(s);
    return s;
  };
  return {
    migrateTo: async (v) => migrate(raw, MIGRATIONS.slice(0, v ?? MIGRATIONS.length)),
    reopen: openStore,
    setVersion: async (v) => void raw.pragma(`user_version = ${v}`),
    sql: async (text, params = []) => {
      const st = raw.prepare(text);
      return st.reader ? (st.all(...params) as Record<string, unknown>[]) : (st.run(...params), []);
    },
    location: { kind: 'sqlite', path },
    async cleanup() {
      for (const h of handles) await h.close().catch(() => {});
      if (raw.open) raw.close();
      rmSync(dir, { recursive: true, force: true });
      if (problems.length) throw new Error(`The store's background thread reported: ${problems.join('; ')}`);
    },
  };
}

/** A migrated database whose reset empties the tables and closes the extra connections of a test. */
function withReset(b: Blank & { reopen(): Promise<AsyncStore> }, store: AsyncStore, empty: () => Promise<void>): Opened {
  let extra: AsyncStore[] = [];
  return {
    ...b,
    store,
    async another() {
      const s = await b.reopen();
      extra.push(s);
      return s;
    },
    async reset() {
      for (const s of extra) await s.close();
      extra = [];
      await empty();
    },
  };
}

/** A fresh schema name per opened database, so files and tests never see each other's rows. */
const schemaName = () => `contract_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;

const postgres: Engine = {
  name: 'postgres',
  title: 'postgres',
  skip: !PG_URL,
  concurrentWriters: true,
  open: async () => {
    const b = await postgresBlank();
    await b.migrateTo();
    return withReset(b, await b.reopen(), async () => {
      const deletes = [...TABLES].reverse().map((t) => `DELETE FROM ${t.name};`);
      const restarts = TABLES.filter((t) => t.identity).map((t) => `ALTER TABLE ${t.name} ALTER COLUMN ${t.identity} RESTART;`);
      await b.sql(`BEGIN; ${deletes.join(' ')} ${restarts.join(' ')} COMMIT`);
    });
  },
  blank: () => postgresBlank(),
};

async function postgresBlank(): Promise<Blank & { reopen(): Promise<AsyncStore> }> {
  const url = PG_URL!;
  const schema = schemaName();
  const admin = new pg.Pool({ connectionString: url, max: 1, options: `-c search_path=${schema}` });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const pools: AsyncStore[] = [];
  const openStore = async () => {
    const s = createPostgresStore(await openPostgres(url, { schema, max: 4 }));
    pools.push(s);
    return s;
  };
  return {
    async migrateTo(v) {
      const pool = createPool(url, { schema, max: 1 });
      try {
        return await migratePostgres(pool, PG_MIGRATIONS.slice(0, v ?? PG_MIGRATIONS.length));
      } finally {
        await pool.end();
      }
    },
    reopen: () => openStore(),
    async setVersion(v) {
      await admin.query('CREATE TABLE IF NOT EXISTS stepwise_schema (one BOOLEAN PRIMARY KEY DEFAULT true CHECK (one), version INTEGER NOT NULL)');
      await admin.query('INSERT INTO stepwise_schema (version) VALUES ($1) ON CONFLICT (one) DO UPDATE SET version = excluded.version', [v]);
    },
    async sql(text, params = []) {
      let i = 0;
      return (await admin.query(text.replace(/\?/g, () => `$${++i}`), params)).rows;
    },
    location: { kind: 'postgres', url, schema },
    async cleanup() {
      for (const p of pools) await p.close().catch(() => {});
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

export const ENGINES: Engine[] = [sqliteEngine(false), sqliteEngine(true), postgres];

/**
 * One database per test file and engine (a schema on PostgreSQL, a file on SQLite), emptied before
 * each test: migrating a fresh PostgreSQL schema per test would cost half a second each.
 */
export function useDatabase(engine: Engine): () => Opened {
  let db: Opened | undefined;
  beforeAll(async () => {
    if (!engine.skip) db = await engine.open();
  });
  beforeEach(async () => {
    await db?.reset();
  });
  afterAll(async () => {
    await db?.cleanup();
  });
  return () => db!;
}
