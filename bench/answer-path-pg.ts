/**
 * Scenario `pg`: the full answer path on PostgreSQL (parse, grade, store through the group commit,
 * reply), 100 in flight and one at a time, each beside raw single-row transactions, raw answer-row
 * inserts in transactions the size of ours, and every statement our path sent replayed with plain pg
 * (same order, transactions and waits); the async SQLite port against the sync store it wraps; and
 * leaderboards on PostgreSQL at 10k and 1M answers. Needs a server: STEPWISE_BENCH_PG (or
 * STEPWISE_TEST_PG) = postgres://…; each part works in its own schema, dropped after.
 */
import pg from 'pg';
import { deserialize, serialize } from 'node:v8';
import { dispatch, parseText } from '../src/commands/index.ts';
import { leaderboard, periodsOf } from '../src/core/boards.ts';
import type { TutorDeps } from '../src/core/deps.ts';
import type { ClaimResult, NewDrop } from '../src/core/ports.ts';
import { ratingFor, reviewCard } from '../src/core/srs.ts';
import type { Answer } from '../src/core/types.ts';
import type { StoreQueries } from '../src/store/async-port.ts';
import type { SyncStore } from '../src/store/sync-port.ts';
import { createPostgresStore, openPostgres } from '../src/store/postgres/index.ts';
import { createAsyncSqliteStore } from '../src/store/sqlite-async.ts';
import { benchTutor, benchWorld, progress, quantile, type Figure } from './lib.ts';

const URL_ = process.env.STEPWISE_BENCH_PG ?? process.env.STEPWISE_TEST_PG;
const BATCH = 100;
const USERS_PER_DROP = 1000;
const T0 = Date.UTC(2026, 0, 5, 9);
const scope = { platform: 'bench', workspace: 'W' };

/** A fresh schema on the server, and a way to drop it. */
async function schema(admin: pg.Pool, name: string) {
  const s = `bench_${name}_${process.pid}`;
  await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE; CREATE SCHEMA ${s}`);
  return { name: s, drop: () => admin.query(`DROP SCHEMA ${s} CASCADE`) };
}

/** The i-th answer of the run: 1,000 people per drop, one letter in four right. */
function answerAt(i: number, dropId: number): Answer {
  const correct = i % 4 === 1;
  return { ...scope, dropId, userId: `u${i % USERS_PER_DROP}`, packId: 'p', questionId: `q${dropId}`, choice: 'ABCD'[i % 4]!, correct, points: correct ? 2 : 0, answeredAt: T0 + i, elapsedMs: 5000, via: 'button' };
}

/** What the core's answer path writes for one answer (name, answer + totals + streak, review card). */
async function writeAnswer(tx: StoreQueries, a: Answer): Promise<void> {
  await tx.members.remember(a, a.userId, `User ${a.userId}`, a.answeredAt);
  const r = await tx.answers.insert(a, periodsOf(a.answeredAt, 'UTC'));
  if (!r.inserted) return;
  const card = reviewCard(await tx.cards.get(a, a.userId, a.questionId), ratingFor(a.correct, a.elapsedMs, 15_000), a.answeredAt);
  await tx.cards.put(a, a.userId, a.questionId, a.packId, card);
}

/** The same, on the synchronous store, for the SQLite comparison. */
function writeAnswerSync(s: SyncStore, a: Answer): void {
  s.members.remember(a, a.userId, `User ${a.userId}`, a.answeredAt);
  if (!s.answers.insert(a, periodsOf(a.answeredAt, 'UTC')).inserted) return;
  const card = reviewCard(s.cards.get(a, a.userId, a.questionId), ratingFor(a.correct, a.elapsedMs, 15_000), a.answeredAt);
  s.cards.put(a, a.userId, a.questionId, a.packId, card);
}

type Port = { transaction: <T>(fn: (tx: StoreQueries) => Promise<T>) => Promise<T> } & StoreQueries;

/** One way of storing answers: opens drop `i` (untimed), then stores a batch of answer rows (timed). */
interface Contender {
  drop(i: number): Promise<number>;
  batch(answers: Answer[]): Promise<void>;
}

/**
 * Runs every contender over the same `total` answers, ten batches each in turn, so that load from
 * other work on a shared machine falls on all of them alike; returns answers/s for each.
 */
async function interleaved(total: number, label: string, contenders: Contender[]): Promise<number[]> {
  const ms = contenders.map(() => 0);
  const drops = contenders.map(() => 0);
  const tick = progress(label);
  for (let i = 0; i < total; i += BATCH * 10) {
    for (const [c, x] of contenders.entries()) {
      for (let j = i; j < Math.min(i + BATCH * 10, total); j += BATCH) {
        if (j % USERS_PER_DROP === 0) drops[c] = await x.drop(j);
        const answers = Array.from({ length: Math.min(BATCH, total - j) }, (_, k) => answerAt(j + k, drops[c]!));
        const t = performance.now();
        await x.batch(answers);
        ms[c]! += performance.now() - t;
      }
    }
    tick(Math.min(i + BATCH * 10, total), total);
  }
  return ms.map((m) => total / (m / 1000));
}

/** Drop `i` as the core claims it (each claim closes the channel's previous drop, as in production). */
const newDrop = (i: number): NewDrop => ({
  ...scope, channel: 'C', packId: 'p', questionId: `q${i}`, difficulty: 'easy', scheduleId: null, slot: null, openedAt: T0 + i, closesAt: T0 + i + 1e9,
  createdBy: null, reactions: true,
  question: { id: `q${i}`, packId: 'p', difficulty: 'easy', prompt: 'Bench?', options: [{ letter: 'A', text: 'a' }, { letter: 'B', text: 'b' }], answer: 'B', steps: [], finalAnswer: 'b', quickCheck: '', hint: '', commonMistakes: [] },
});

/** The drop of a claim that must succeed (each bench channel is claimed by one contender only). */
function claimedId(r: ClaimResult): number {
  if (r.kind !== 'claimed') throw new Error(`bench claim refused: ${r.kind}`);
  return r.drop.id;
}

/** Through the async port: one transaction per batch, its writes sent together (the group commit). */
const viaPort = (store: Port): Contender => ({
  async drop(i) {
    // Opened once posted, as the core does; a drop left posting would make the next claim busy.
    const id = claimedId(await store.drops.claim(newDrop(i)));
    await store.drops.markOpen(id, `m${i}`);
    return id;
  },
  batch: (answers) => store.transaction((tx) => Promise.all(answers.map((a) => writeAnswer(tx, a)))).then(() => undefined),
});

/** One statement our store sent to PostgreSQL: on the pool (autocommit) or a transaction's connection (BEGIN/COMMIT included). */
interface PgCall {
  name?: string;
  text: string;
  values?: unknown[];
  /** Sent while another statement of ours was still in flight: our code did not wait for it, so the replay does not either. */
  overlap: boolean;
  /** Made while answers were being timed (not while a drop was posted between waves). */
  timed: boolean;
  /** The wave of answers it belongs to (the drop posted before a wave belongs to the wave before it; -1 before the first). */
  wave: number;
}

type QueryConfig = { name?: string; text: string; values?: unknown[] };
const asConfig = (q: string | QueryConfig, values?: unknown[]): QueryConfig => (typeof q === 'string' ? { text: q, values } : q);

/**
 * The pool as the store sees it (query, connect, end), recording every statement sent through it or
 * through a connection it hands out, in the order sent. Bench-only: production code never sees it.
 */
function recordingPool(pool: pg.Pool) {
  const calls: PgCall[] = [];
  let inFlight = 0;
  let timed = false;
  let wave = -1;
  const sent = <T>(config: QueryConfig, run: () => Promise<T>): Promise<T> => {
    calls.push({ name: config.name, text: config.text, values: config.values, overlap: inFlight > 0, timed, wave });
    inFlight++;
    // Settled before the caller's own continuation runs, so a statement sent after awaiting this one is not an overlap.
    return run().finally(() => inFlight--);
  };
  const wrapped = {
    query: (q: string | QueryConfig, values?: unknown[]) => {
      const config = asConfig(q, values);
      return sent(config, () => pool.query(config));
    },
    async connect() {
      const client = await pool.connect();
      return {
        query: (q: string | QueryConfig, values?: unknown[]) => {
          const config = asConfig(q, values);
          return sent(config, () => client.query(config));
        },
        release: (err?: Error | boolean) => client.release(err),
      };
    },
    end: () => pool.end(),
    on: () => wrapped,
  };
  return {
    pool: wrapped as unknown as pg.Pool,
    calls,
    timing(on: boolean) {
      if (on) wave++;
      timed = on;
    },
  };
}

/** Recorded calls (or rows) cut into chunks and kept off the JS heap, as in answer-path.ts (a live recording slows every GC). */
function offHeap<T>(items: T[], chunkOf: (item: T, i: number) => number): Buffer[] {
  const chunks: T[][] = [];
  items.forEach((item, i) => (chunks[chunkOf(item, i)] ??= []).push(item));
  return Array.from(chunks, (c) => serialize(c ?? []));
}

/** A pipelining client on a schema: statements sent without waiting go out back to back, as ours do. */
async function rawClient(url: string, s: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url, options: `-c search_path=${s}`, pipeline: true });
  await c.connect();
  return c;
}

/**
 * Replays recorded statements with plain pg on one connection, a chunk at a time, in the recorded order
 * and transactions: a statement our code sent while another was in flight is sent without waiting
 * (with the ones before it), any other waits for all before it, as ours did.
 */
function pgReplayer(client: pg.Client, chunks: Buffer[]) {
  let next = 0;
  return {
    /** Replays the next chunk (untimed calls too, untimed); ms of the timed ones. */
    async step(): Promise<number> {
      if (next >= chunks.length) return 0;
      const calls = deserialize(chunks[next++]!) as PgCall[];
      let ms = 0;
      let start = 0;
      let timing = false;
      let group: Promise<unknown>[] = [];
      for (const c of calls) {
        if (!c.overlap || c.timed !== timing) {
          if (group.length) await Promise.all(group);
          group = [];
        }
        if (c.timed !== timing) {
          const now = performance.now();
          if (c.timed) start = now;
          else ms += now - start;
          timing = c.timed;
        }
        group.push(client.query({ name: c.name, text: c.text, values: c.values }));
      }
      if (group.length) await Promise.all(group);
      if (timing) ms += performance.now() - start;
      return ms;
    },
  };
}

/** The answer rows of a chunk, inserted with raw pg, `perTransaction` per transaction, awaited one by one or pipelined. */
function pgRawInserts(client: pg.Client, chunks: Buffer[], perTransaction: number, pipelined: boolean) {
  const text = `INSERT INTO answers (drop_id, user_id, platform, workspace, pack_id, question_id, choice, correct, points, answered_at, elapsed_ms, via)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`;
  const cols = ['drop_id', 'user_id', 'platform', 'workspace', 'pack_id', 'question_id', 'choice', 'correct', 'points', 'answered_at', 'elapsed_ms', 'via'];
  let next = 0;
  return {
    async step(): Promise<number> {
      if (next >= chunks.length) return 0;
      const rows = deserialize(chunks[next++]!) as Record<string, unknown>[];
      const qs = rows.map((r) => ({ name: 'raw.insert', text, values: cols.map((c) => r[c]) }));
      const start = performance.now();
      for (let i = 0; i < qs.length; i += perTransaction) {
        const some = qs.slice(i, i + perTransaction);
        // One row per transaction is the row alone, autocommitted.
        if (perTransaction === 1) await client.query(some[0]!);
        else if (pipelined) await Promise.all([client.query('BEGIN'), ...some.map((q) => client.query(q)), client.query('COMMIT')]);
        else {
          await client.query('BEGIN');
          for (const q of some) await client.query(q);
          await client.query('COMMIT');
        }
      }
      return performance.now() - start;
    },
  };
}

/**
 * The full answer path (parse, validate, dedupe, grade, score, store, build the reply) over the
 * PostgreSQL store, `inFlight` answers per wave; `step(n)` runs the next `n` waves, ms of the answers.
 */
async function pgAnswerRun(url: string, s: string, total: number, inFlight: number, record: boolean) {
  const real = await openPostgres(url, { schema: s, max: 4 });
  const rec = record ? recordingPool(real) : undefined;
  const tutor = benchTutor(createPostgresStore(rec?.pool ?? real));
  const channel = { platform: 'bench', workspace: 'W', channel: 'C' };
  const letters = ['A', 'B', 'C', 'D'];
  let now = T0;
  let replies = 0;
  let i = 0;
  return {
    pool: real,
    calls: rec?.calls ?? [],
    done: () => i >= total,
    answered: () => Math.min(i, total),
    async step(waves: number): Promise<number> {
      let ms = 0;
      for (let n = 0; n < waves && i < total; n++, i += inFlight) {
        if (i % USERS_PER_DROP === 0) await tutor.postDrop({ channel }, (now += 60_000));
        rec?.timing(true);
        const start = performance.now();
        const wave = await Promise.all(
          Array.from({ length: Math.min(inFlight, total - i) }, (_, k) =>
            dispatch(parseText(`answer ${letters[(i + k) % 4]}`), {
              tutor,
              actor: { id: `u${(i + k) % USERS_PER_DROP}`, name: `User ${(i + k) % USERS_PER_DROP}`, isAdmin: false },
              channel,
              now: now + 1000,
            }),
          ),
        );
        ms += performance.now() - start;
        rec?.timing(false);
        replies += wave.filter((r) => r.view.kind === 'feedback').length;
      }
      if (i >= total && replies !== total) throw new Error(`expected ${total} feedback replies, got ${replies}`);
      return ms;
    },
  };
}

/**
 * One way of answering (`inFlight` at a time) against its baselines, as answer-path.ts does on SQLite:
 * a recorded run (not timed) gives the statements and the rows; then our path, the replay of those
 * statements and the raw inserts take turns, a chunk of about `chunk` answers each, each in a fresh
 * schema, so load from other work on the shared machine falls on all of them alike. Answers/s of each.
 */
async function pgMeasured(url: string, admin: pg.Pool, total: number, inFlight: number, chunk: number, label: string, raws: { perTransaction: number; pipelined: boolean }[]) {
  const made: { drop(): Promise<unknown> }[] = [];
  const fresh = async (name: string) => {
    const s = await schema(admin, name);
    made.push(s);
    return s;
  };
  try {
    return await pgMeasuredIn(url, admin, fresh, total, inFlight, chunk, label, raws);
  } finally {
    for (const s of made) await s.drop().catch(() => {});
  }
}

async function pgMeasuredIn(
  url: string, admin: pg.Pool, schema: (name: string) => Promise<{ name: string; drop(): Promise<unknown> }>,
  total: number, inFlight: number, chunk: number, label: string, raws: { perTransaction: number; pipelined: boolean }[],
) {
  const waves = Math.max(1, Math.round(chunk / inFlight));
  const recS = await schema('rec');
  const recorded = await pgAnswerRun(url, recS.name, total, inFlight, true);
  const tick0 = progress(`recording the statements, ${label}`);
  while (!recorded.done()) {
    await recorded.step(10);
    tick0(recorded.answered(), total);
  }
  const timedCalls = recorded.calls.filter((c) => c.timed);
  const perAnswer = timedCalls.filter((c) => !/^\s*(BEGIN|COMMIT|ROLLBACK)/i.test(c.text)).length / total;
  const roundTrips = timedCalls.filter((c) => !c.overlap).length / total;
  if (process.env.STEPWISE_BENCH_SHOW_SQL) {
    for (const c of timedCalls.filter((c) => c.name !== 'drops.openIn').slice(0, 40)) process.stderr.write(`${c.overlap ? '+' : ' '} ${c.name ?? ''} ${c.text.replace(/\s+/g, ' ').slice(0, 120)}\n`);
  }
  // Chunk k holds waves k * waves … (k + 1) * waves - 1, and the drop posted before the next chunk.
  const calls = offHeap(recorded.calls, (c) => Math.floor(Math.max(0, c.wave) / waves));
  recorded.calls.length = 0;
  const answered = (await recorded.pool.query('SELECT * FROM answers ORDER BY answered_at, drop_id, user_id')).rows as Record<string, unknown>[];
  const rows = offHeap(answered, (_, i) => Math.floor(i / (waves * inFlight)));
  answered.length = 0;

  const oursS = await schema('ours');
  const sameS = await schema('same');
  const rawS = await Promise.all(raws.map((_, j) => schema(`raw${j}`)));
  for (const s of [sameS, ...rawS]) await (await openPostgres(url, { schema: s.name, max: 1 })).end();
  // The raw inserts' rows point at the recorded run's drops.
  for (const s of rawS) await admin.query(`BEGIN; SET LOCAL search_path TO ${s.name}; INSERT INTO drops SELECT * FROM ${recS.name}.drops; COMMIT`);
  await recorded.pool.end();

  const ours = await pgAnswerRun(url, oursS.name, total, inFlight, false);
  const sameClient = await rawClient(url, sameS.name);
  const same = pgReplayer(sameClient, calls);
  const rawClients = await Promise.all(rawS.map((s) => rawClient(url, s.name)));
  const rawRuns = raws.map((r, j) => pgRawInserts(rawClients[j]!, rows, r.perTransaction, r.pipelined));
  const ms = { ours: 0, same: 0, raws: raws.map(() => 0) };
  const tick = progress(`${label}: ours | same statements | raw inserts (${raws.map((r) => `${r.perTransaction}${r.pipelined ? ' pipelined' : ''}`).join(', ')} per transaction)`);
  while (!ours.done()) {
    ms.ours += await ours.step(waves);
    ms.same += await same.step();
    for (const [j, r] of rawRuns.entries()) ms.raws[j]! += await r.step();
    tick(ours.answered(), total);
  }
  await ours.pool.end();
  for (const c of [sameClient, ...rawClients]) await c.end();
  const rate = (m: number) => total / (m / 1000);
  return { ours: rate(ms.ours), same: rate(ms.same), raws: ms.raws.map(rate), perAnswer, roundTrips };
}

/** Figures of one way of answering against its baselines (the last, the same statements, with the 0.5 target). */
function pgAgainst(metric: string, rate: number, baselines: [string, number][]): Figure[] {
  return baselines.map(([name, baseline], j) => ({
    scenario: 'answer path (pg)',
    metric: `${metric}: vs ${name}`,
    value: Math.round(rate),
    unit: '/s',
    baseline: Math.round(baseline),
    ratio: rate / baseline,
    ...(j === baselines.length - 1 ? { target: 'ratio >= 0.5', pass: rate / baseline >= 0.5 } : {}),
  }));
}

/**
 * The full answer path on PostgreSQL, 100 in flight (one group commit per wave) and one at a time, each
 * beside: the answer rows inserted one per transaction; inserted in transactions the size of ours (for
 * 100, awaited one by one and pipelined); and every statement our path sent, replayed in the same order
 * and transactions, and with the same waits, with plain pg (what the SQL costs without Stepwise's code).
 */
async function answerFigures(url: string, admin: pg.Pool, total: number): Promise<Figure[]> {
  const burst = await pgMeasured(url, admin, total, 100, 1000, 'pg, 100 in flight', [
    { perTransaction: 1, pipelined: false },
    { perTransaction: 100, pipelined: false },
    { perTransaction: 100, pipelined: true },
  ]);
  const n = Math.min(total, 10_000);
  const seq = await pgMeasured(url, admin, n, 1, 200, 'pg, one at a time', [{ perTransaction: 1, pipelined: false }]);
  const count = (x: number) => x.toLocaleString('en');
  return [
    ...pgAgainst(`100 in flight (${count(total)})`, burst.ours, [
      ['raw single-row transactions', burst.raws[0]!],
      ['raw inserts 100 per transaction, awaited', burst.raws[1]!],
      ['raw inserts 100 per transaction, pipelined', burst.raws[2]!],
      ['the same statements without our code', burst.same],
    ]),
    ...pgAgainst(`one at a time (${count(n)})`, seq.ours, [
      ['raw single-row transactions (as ours)', seq.raws[0]!],
      ['the same statements without our code', seq.same],
    ]),
    { scenario: 'answer path (pg)', metric: 'statements per answer (besides BEGIN/COMMIT), one at a time', value: Math.round(seq.perAnswer * 100) / 100, unit: '' },
    { scenario: 'answer path (pg)', metric: 'round trips per answer (statements not pipelined), one at a time', value: Math.round(seq.roundTrips * 100) / 100, unit: '' },
    { scenario: 'answer path (pg)', metric: 'round trips per answer, 100 in flight', value: Math.round(burst.roundTrips * 100) / 100, unit: '' },
  ];
}

/** The async SQLite port against the sync store it wraps, same writes, same batches: the port's own cost. */
async function sqliteFigure(total: number): Promise<Figure> {
  const sync = benchWorld();
  const w = benchWorld();
  const syncStore: Contender = {
    async drop(i) {
      const id = claimedId(sync.store.drops.claim(newDrop(i)));
      sync.store.drops.markOpen(id, `m${i}`);
      return id;
    },
    batch: async (answers) => sync.store.transaction(() => answers.forEach((a) => writeAnswerSync(sync.store, a))),
  };
  const [asyncRate, syncRate] = await interleaved(total, 'sqlite: async port | sync store', [viaPort(createAsyncSqliteStore(w.db)), syncStore]);
  sync.cleanup();
  w.cleanup();
  return {
    scenario: 'answer path (sqlite)', metric: `answers/s, store writes only, async port vs sync store (${total.toLocaleString('en')})`,
    value: Math.round(asyncRate!), unit: '/s', baseline: Math.round(syncRate!), ratio: asyncRate! / syncRate!, target: 'ratio >= 0.9', pass: asyncRate! / syncRate! >= 0.9,
  };
}

/** One big workspace (10,000 members, a year of drops) with `answers`, built in SQL, totals rebuilt through the port. */
async function boardFigures(url: string, admin: pg.Pool, sizes: number[], runs: number): Promise<Figure[]> {
  const out: Figure[] = [];
  const now = T0 + 364 * 86_400_000;
  for (const size of sizes) {
    const s = await schema(admin, `boards${size}`);
    const pool = await openPostgres(url, { schema: s.name, max: 4 });
    const store = createPostgresStore(pool);
    process.stderr.write(`  building ${size.toLocaleString('en')} answers on PostgreSQL…\n`);
    await pool.query(`INSERT INTO members SELECT 'bench', 'BIG', 'u' || m, 'Member ' || m, 0 FROM generate_series(0, 9999) m`);
    await pool.query(`INSERT INTO drops (platform, workspace, channel, pack_id, question_id, difficulty, state, message_ref, opened_at, closes_at, closed_at)
      SELECT 'bench', 'BIG', 'C', 'p', 'q', 'easy', 'closed', 'm' || d, $1::bigint + d * 86400000, $1::bigint + (d + 1) * 86400000, $1::bigint + (d + 1) * 86400000
      FROM generate_series(0::bigint, 364::bigint) d`, [T0]);
    // hashint4 spreads people and rightness evenly and the same way every run.
    await pool.query(`INSERT INTO answers (drop_id, user_id, platform, workspace, pack_id, question_id, choice, correct, points, answered_at, elapsed_ms, via)
      SELECT d.id, 'u' || ((2147483647 & hashint4(i)) % 10000), 'bench', 'BIG', 'p', 'q', 'B', ((2147483647 & hashint4(i + 7)) % 3 > 0)::int, ((2147483647 & hashint4(i + 7)) % 3 > 0)::int * (1 + (2147483647 & hashint4(i + 13)) % 3),
             d.opened_at + (2147483647 & hashint4(i + 17)) % 86400000, 1000, 'button'
      FROM generate_series(0, $1::int - 1) i JOIN drops d ON d.id = 1 + (i::bigint * 365 / $1::int)
      ON CONFLICT DO NOTHING`, [size]);
    // Autovacuum would have run on a live database; without it COUNT(*) cannot use index-only scans.
    await pool.query('VACUUM ANALYZE');
    const stored = Number((await pool.query('SELECT COUNT(*) AS n FROM answers')).rows[0].n);
    await store.boards.rebuild({ platform: 'bench', workspace: 'BIG' }, (t) => periodsOf(t, 'UTC'));
    await pool.query('VACUUM ANALYZE score_totals');
    const big = { platform: 'bench', workspace: 'BIG' };
    // What leaderboard() reads of the tutor's collaborators: the store and the default zone.
    const deps = { store, settings: { tz: 'UTC' } } as unknown as TutorDeps;
    for (const period of ['week', 'month', 'all'] as const) {
      // The core's own leaderboard (top 10 with streaks, the caller's rank, the player count), as
      // /quiz leaderboard runs it on this store.
      const board = (i: number) => leaderboard(deps, big, period, `u${(i * 7919) % 10_000}`, now);
      for (let i = 0; i < 20; i++) await board(runs + i);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await board(i);
        times.push(performance.now() - t);
      }
      const label = `${period} p95 @${stored.toLocaleString('en')}`;
      out.push({ scenario: 'leaderboard (pg)', metric: label, value: quantile(times, 0.95), unit: 'ms', target: 'p95 < 5 ms', pass: quantile(times, 0.95) < 5 });
      out.push({ scenario: 'leaderboard (pg)', metric: label.replace('p95', 'p50'), value: quantile(times, 0.5), unit: 'ms' });
    }
    await store.close();
    await s.drop();
  }
  return out;
}

/** The scenario: skipped, with a line saying how to run it, when no server is named. */
export async function answerPathPg(quick: boolean): Promise<Figure[]> {
  if (!URL_) {
    process.stderr.write('  skipped: set STEPWISE_BENCH_PG (or STEPWISE_TEST_PG) to a PostgreSQL URL to run it\n');
    return [];
  }
  const admin = new pg.Pool({ connectionString: URL_, max: 1 });
  try {
    const total = quick ? 10_000 : 100_000;
    return [
      ...(await answerFigures(URL_, admin, total)),
      await sqliteFigure(total),
      ...(await boardFigures(URL_, admin, quick ? [10_000, 100_000] : [10_000, 1_000_000], quick ? 100 : 400)),
    ];
  } finally {
    await admin.end();
  }
}
