/**
 * Scenario `pg`: the store's answer writes through the async port on PostgreSQL (group commit batches
 * of 100) against raw `pg` inserting the same rows 100 per transaction; the async SQLite port against
 * the sync store it wraps; and leaderboards on PostgreSQL at 10k and 1M answers. Needs a server:
 * STEPWISE_BENCH_PG (or STEPWISE_TEST_PG) = postgres://…; each part works in its own schema, dropped after.
 */
import pg from 'pg';
import { leaderboard, periodsOf } from '../src/core/boards.ts';
import type { TutorDeps } from '../src/core/deps.ts';
import type { ClaimResult, NewDrop } from '../src/core/ports.ts';
import { ratingFor, reviewCard } from '../src/core/srs.ts';
import type { Answer } from '../src/core/types.ts';
import type { StoreQueries } from '../src/store/async-port.ts';
import type { SyncStore } from '../src/store/sync-port.ts';
import { createPostgresStore, openPostgres } from '../src/store/postgres/index.ts';
import { createAsyncSqliteStore } from '../src/store/sqlite-async.ts';
import { benchWorld, progress, quantile, type Figure } from './lib.ts';

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

/** Raw pg: the answer rows only, 100 INSERTs per transaction, awaited one by one (or sent together). */
async function rawPg(url: string, s: string, together: boolean): Promise<Contender & { end(): Promise<void> }> {
  const pool = new pg.Pool({ connectionString: url, max: 1, options: `-c search_path=${s}`, ...(together ? { pipeline: true } : {}) });
  const c = await pool.connect();
  const text = `INSERT INTO answers (drop_id, user_id, platform, workspace, pack_id, question_id, choice, correct, points, answered_at, elapsed_ms, via)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`;
  return {
    drop: async (i) => {
      const d = newDrop(i);
      // Its own channel per drop: one drop may be open per channel, and raw pg closes none.
      const r = await c.query(`INSERT INTO drops (platform, workspace, channel, pack_id, question_id, difficulty, state, opened_at, closes_at)
        VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8) RETURNING id`, [d.platform, d.workspace, `${d.channel}${i}`, d.packId, d.questionId, d.difficulty, d.openedAt, d.closesAt]);
      return Number(r.rows[0].id);
    },
    async batch(answers) {
      await c.query('BEGIN');
      const qs = answers.map((a) => ({ name: 'raw', text, values: [a.dropId, a.userId, a.platform, a.workspace, a.packId, a.questionId, a.choice, a.correct ? 1 : 0, a.points, a.answeredAt, a.elapsedMs, a.via] }));
      if (together) await Promise.all(qs.map((q) => c.query(q)));
      else for (const q of qs) await c.query(q);
      await c.query('COMMIT');
    },
    end: async () => (c.release(), pool.end()),
  };
}

async function answerFigures(url: string, admin: pg.Pool, total: number): Promise<Figure[]> {
  const schemas = [await schema(admin, 'port'), await schema(admin, 'raw'), await schema(admin, 'piped')];
  const store = createPostgresStore(await openPostgres(url, { schema: schemas[0]!.name, max: 4 }));
  for (const s of schemas.slice(1)) await (await openPostgres(url, { schema: s.name, max: 1 })).end();
  const raw = await rawPg(url, schemas[1]!.name, false);
  const piped = await rawPg(url, schemas[2]!.name, true);
  const [portRate, rawRate, pipedRate] = await interleaved(total, 'pg: port | raw awaited | raw pipelined', [viaPort(store), raw, piped]);
  await store.close();
  await raw.end();
  await piped.end();
  for (const s of schemas) await s.drop();
  const n = total.toLocaleString('en');
  const fig = (metric: string, baseline: number, target?: string): Figure => ({
    scenario: 'answer path (pg)', metric, value: Math.round(portRate!), unit: '/s', baseline: Math.round(baseline), ratio: portRate! / baseline,
    ...(target ? { target, pass: portRate! / baseline >= 0.5 } : {}),
  });
  return [fig(`answers/s, batches of 100, vs raw pg awaited (${n})`, rawRate!, 'ratio >= 0.5'), fig(`answers/s, batches of 100, vs raw pg pipelined (${n})`, pipedRate!)];
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
