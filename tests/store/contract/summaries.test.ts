/**
 * Contract: what insights, ranks, /quiz stats and the picker read now comes from summaries kept as
 * answers and drops change (migration 10). Each test compares with today's computation over the raw
 * rows (the SQL these reads used before, kept here as the reference) on randomized histories, written
 * through the port or (for the backfill) straight into a version-9 database.
 */
import { describe, expect, it } from 'vitest';
import { periodsOf } from '../../../src/core/boards.ts';
import type { TutorDeps } from '../../../src/core/deps.ts';
import { insights } from '../../../src/core/insights.ts';
import type { Answer, Difficulty, Scope } from '../../../src/core/types.ts';
import type { AsyncStore } from '../../../src/store/async-port.ts';
import { ENGINES, useDatabase, type Blank, type Engine } from './engines.ts';
import { claimed, newDrop, OTHER, question, SCOPE } from './fixtures.ts';
import { insightsToday, type RawSql } from './summaries-reference.ts';
import { USAGE as SQLITE_USAGE } from '../../../src/store/drops.ts';
import { USAGE as PG_USAGE } from '../../../src/store/postgres/drops.ts';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 5, 7); // ten weeks across the spring DST change in Europe and America
const LETTERS = ['A', 'B', 'C', 'D'];
const DIFFS: Difficulty[] = ['easy', 'medium', 'hard'];
const QUESTIONS = Array.from({ length: 9 }, (_, i) => ({ id: `q${i}`, packId: i < 5 ? 'pack-a' : 'pack-b', difficulty: DIFFS[i % 3]! }));

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

interface History {
  drops: { id: number; scope: Scope; channel: string; questionId: string; packId: string; openedAt: number; state: 'open' | 'closed' | 'failed' | 'posting' }[];
  answers: Answer[];
  latest: number;
}

/** The packs the content would hold: enough for insights to name questions and judge labels. */
const packs = {
  get: (id: string) => ({ id, title: `Title of ${id}`, questions: [] }),
  question: (id: string) => {
    const q = QUESTIONS.find((x) => x.id === id);
    return q ? question(q.id, { packId: q.packId, difficulty: q.difficulty, options: LETTERS.map((l) => ({ letter: l, text: `option ${l}` })), answer: 'A' }) : undefined;
  },
  // Every workspace sees the same packs here: these tests are about the store's summaries.
  in: async () => packs,
};
const depsOf = (store: AsyncStore, tz: string) => ({ store, packs, settings: { tz } }) as unknown as TutorDeps;

/** Writes a random history through the port: drops in a few channels (some failed, one left posting), answers over ten weeks. */
async function writeHistory(store: AsyncStore, rnd: () => number, tz: string): Promise<History> {
  const h: History = { drops: [], answers: [], latest: 0 };
  for (const scope of [SCOPE, OTHER]) await store.workspaces.zone(scope, tz);
  for (let i = 0; i < 60; i++) {
    const scope = rnd() < 0.8 ? SCOPE : OTHER;
    const fate = rnd();
    // A drop left posting keeps its channel busy: it gets a channel of its own.
    const channel = fate >= 0.1 && fate < 0.13 ? `P${i}` : `C${Math.floor(rnd() * 3)}`;
    const q = QUESTIONS[Math.floor(rnd() * QUESTIONS.length)]!;
    const openedAt = START + Math.floor((i / 60) * 70 * DAY + rnd() * DAY);
    const d = claimed(await store.drops.claim(newDrop({ ...scope, channel, questionId: q.id, packId: q.packId, openedAt, closesAt: openedAt + DAY, question: question(q.id) })));
    if (fate < 0.1) {
      await store.drops.markFailed(d.id, 'Missing Access');
      h.drops.push({ id: d.id, scope, channel, questionId: q.id, packId: q.packId, openedAt, state: 'failed' });
      continue;
    }
    if (fate < 0.13) {
      h.drops.push({ id: d.id, scope, channel, questionId: q.id, packId: q.packId, openedAt, state: 'posting' });
      continue;
    }
    await store.drops.markOpen(d.id, `m-${d.id}`);
    const people = Math.floor(rnd() * 14);
    for (let p = 0; p < people; p++) {
      const user = `u${Math.floor(rnd() * 20)}`;
      const choice = LETTERS[Math.floor(rnd() * 4)]!;
      const at = openedAt + 1000 + Math.floor(rnd() * 3_600_000);
      const a: Answer = { ...scope, dropId: d.id, userId: user, packId: q.packId, questionId: q.id, choice, correct: choice === 'A', points: choice === 'A' ? 10 + Math.floor(rnd() * 3) * 5 : 0, answeredAt: at, elapsedMs: at - openedAt, via: 'button' };
      if ((await store.answers.insert(a, periodsOf(at, tz))).inserted) h.answers.push(a);
      h.latest = Math.max(h.latest, at);
    }
    const closes = rnd() < 0.9;
    if (closes) await store.drops.close(d.id, openedAt + 3_700_000);
    h.drops.push({ id: d.id, scope, channel, questionId: q.id, packId: q.packId, openedAt, state: closes ? 'closed' : 'open' });
  }
  // A claim closes its channel's open drop: the states as stored.
  for (const d of h.drops) d.state = (await store.drops.get(d.id))!.state;
  return h;
}

/** Today's rank: the person's row, how many are ahead (more points, or as many and more right), how many play. */
async function rankToday(sql: RawSql, s: Scope, period: string, userId: string) {
  const [row] = await sql('SELECT points, correct, answered FROM score_totals WHERE platform = ? AND workspace = ? AND period = ? AND user_id = ?', [s.platform, s.workspace, period, userId]);
  if (!row) return undefined;
  const [ahead] = await sql(
    'SELECT COUNT(*) AS n FROM score_totals WHERE platform = ? AND workspace = ? AND period = ? AND (points > ? OR (points = ? AND correct > ?))',
    [s.platform, s.workspace, period, row.points, row.points, row.correct],
  );
  return { rank: Number(ahead!.n) + 1, players: await playersToday(sql, s, period), points: Number(row.points) };
}

async function playersToday(sql: RawSql, s: Scope, period: string): Promise<number> {
  const [r] = await sql('SELECT COUNT(*) AS n FROM score_totals WHERE platform = ? AND workspace = ? AND period = ?', [s.platform, s.workspace, period]);
  return Number(r!.n);
}

/** Compares every read that migration 10 changed with today's computation, for both workspaces. */
async function expectSameAsToday(store: AsyncStore, sql: RawSql, tz: string, latest: number, past = true): Promise<number> {
  let compared = 0;
  for (const scope of [SCOPE, OTHER]) {
    const deps = depsOf(store, tz);
    // Insights at several moments (this week, and as it looked earlier), for every pack and each pack.
    for (const now of [latest + 1, latest + 3 * DAY, ...(past ? [latest - 20 * DAY] : [])]) {
      for (const packId of [undefined, 'pack-a', 'pack-b', 'pack-none']) {
        const want = await insightsToday(deps, sql, scope, packId, now);
        if (now >= latest) expect(await insights(deps, scope, packId, now)).toEqual(want);
        else {
          // Earlier than the latest answer, today's code put later answers into its last week; the
          // kept weeks count each answer in its own week. Everything else is the same.
          const got = await insights(deps, scope, packId, now);
          expect({ ...got, weeks: got.weeks.slice(0, -1) }).toEqual({ ...want, weeks: want.weeks.slice(0, -1) });
        }
        compared += 1;
      }
    }
    // Every kind of period, a few of each: the reads are the same query whichever week it is.
    const periods = (await sql('SELECT DISTINCT period FROM score_totals WHERE platform = ? AND workspace = ? ORDER BY period', [scope.platform, scope.workspace]))
      .map((r) => String(r.period))
      .filter((p, i) => p === 'all' || i % 4 === 1);
    const users = (await sql('SELECT DISTINCT user_id FROM answers WHERE platform = ? AND workspace = ?', [scope.platform, scope.workspace])).map((r) => String(r.user_id));
    for (const period of [...periods, 'week:0']) {
      expect(await store.boards.playerCount(scope, period)).toBe(await playersToday(sql, scope, period));
      for (const user of [...users, 'nobody']) {
        const got = await store.boards.rankOf(scope, period, user);
        const want = await rankToday(sql, scope, period, user);
        expect(got && { rank: got.rank, players: got.players, points: got.totals.points }).toEqual(want);
        compared += 1;
      }
    }
    for (const user of [...users, 'nobody']) {
      const rows = await sql(
        'SELECT pack_id, SUM(correct) AS correct, COUNT(*) AS answered FROM answers WHERE platform = ? AND workspace = ? AND user_id = ? GROUP BY pack_id ORDER BY pack_id',
        [scope.platform, scope.workspace, user],
      );
      expect(await store.boards.perPack(scope, user)).toEqual(rows.map((r) => ({ packId: r.pack_id, correct: Number(r.correct), answered: Number(r.answered) })));
    }
    for (const channel of ['C0', 'C1', 'C2', 'C9', 'P10', 'P20']) {
      const rows = await sql(
        `SELECT question_id, COUNT(*) AS n FROM drops WHERE platform = ? AND workspace = ? AND channel = ? AND state IN ('open', 'closed') GROUP BY question_id`,
        [scope.platform, scope.workspace, channel],
      );
      const usage = await store.drops.usage({ ...scope, channel });
      expect(new Map([...usage].sort())).toEqual(new Map(rows.map((r) => [String(r.question_id), Number(r.n)] as [string, number]).sort()));
    }
  }
  return compared;
}

/** Writes `h` as raw rows into a version-9 database, with the totals the answer path of that version kept. */
async function writeRaw(b: Blank, h: History, tz: string): Promise<void> {
  for (const scope of [SCOPE, OTHER]) await b.sql('INSERT INTO workspaces (platform, workspace, tz) VALUES (?, ?, ?)', [scope.platform, scope.workspace, tz]);
  for (const d of h.drops) {
    await b.sql(
      `INSERT INTO drops (id, platform, workspace, channel, pack_id, question_id, difficulty, state, opened_at, closes_at) VALUES (?, ?, ?, ?, ?, ?, 'easy', ?, ?, ?)`,
      [d.id, d.scope.platform, d.scope.workspace, d.channel, d.packId, d.questionId, d.state, d.openedAt, d.openedAt + DAY],
    );
  }
  const totals = new Map<string, [string, string, string, string, number, number, number]>();
  for (const a of h.answers) {
    await b.sql(
      `INSERT INTO answers (drop_id, user_id, platform, workspace, pack_id, question_id, choice, correct, points, answered_at, elapsed_ms, via) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [a.dropId, a.userId, a.platform, a.workspace, a.packId, a.questionId, a.choice, a.correct ? 1 : 0, a.points, a.answeredAt, a.elapsedMs, a.via],
    );
    for (const period of periodsOf(a.answeredAt, tz)) {
      const k = `${a.platform}|${a.workspace}|${period}|${a.userId}`;
      const t = totals.get(k) ?? [a.platform, a.workspace, period, a.userId, 0, 0, 0];
      t[4] += a.points;
      t[5] += a.correct ? 1 : 0;
      t[6] += 1;
      totals.set(k, t);
    }
  }
  for (const t of totals.values()) await b.sql('INSERT INTO score_totals (platform, workspace, period, user_id, points, correct, answered) VALUES (?, ?, ?, ?, ?, ?, ?)', t);
}

function suite(engine: Engine) {
  const db = useDatabase(engine);

  for (const [seed, tz] of [[1, 'Europe/Paris'], [2, 'America/New_York'], [3, 'UTC']] as const) {
    it(`answers written through the port read the same as today's computation (seed ${seed}, ${tz})`, async () => {
      const { store, sql } = db();
      const h = await writeHistory(store, random(seed), tz);
      expect(h.answers.length).toBeGreaterThan(100);
      expect(await expectSameAsToday(store, sql, tz, h.latest)).toBeGreaterThan(100);
    }, 120_000);
  }

  it('a zone change rebuilds the per-pack weeks with the totals: insights and ranks still match', async () => {
    const { store, sql } = db();
    const h = await writeHistory(store, random(7), 'UTC');
    for (const scope of [SCOPE, OTHER]) await store.workspaces.setZone(scope, 'Asia/Kolkata', (t) => periodsOf(t, 'Asia/Kolkata'));
    await expectSameAsToday(store, sql, 'Asia/Kolkata', h.latest);
  }, 120_000);

  it('migration 10 summarises a history stored before it: the same outputs as today, and later answers add to them', async () => {
    const source = await engine.open();
    let h: History;
    try {
      h = await writeHistory(source.store, random(11), 'Europe/Paris');
    } finally {
      await source.cleanup();
    }
    const b = await engine.blank();
    try {
      await b.migrateTo(9);
      await writeRaw(b, h, 'Europe/Paris');
      // Ids written by hand: PostgreSQL's identity must move past them, as db:copy does.
      if (engine.name === 'postgres') await b.sql(`SELECT setval(pg_get_serial_sequence('drops', 'id'), (SELECT MAX(id) FROM drops))`);
      await b.migrateTo();
      const store = await b.reopen();
      // Weeks are backfilled as far back as insights can show from the latest answer on (see BACKFILL_WEEKS_MS).
      expect(await expectSameAsToday(store, b.sql, 'Europe/Paris', h.latest, false)).toBeGreaterThan(100);
      // The answer path carries on from the backfilled rows.
      const more = await writeHistory(store, random(12), 'Europe/Paris');
      await expectSameAsToday(store, b.sql, 'Europe/Paris', Math.max(h.latest, more.latest), false);
      await store.close();
    } finally {
      await b.cleanup();
    }
  }, 180_000);

  it("the picker's usage reads the channel's summary through its key, not the channel's drops", async () => {
    const { store, sql } = db();
    // A channel with 120 drops of three questions, and 20,000 summary rows of other channels.
    for (let i = 0; i < 120; i++) {
      const d = claimed(await store.drops.claim(newDrop({ channel: 'C-long', questionId: `q${i % 3}`, openedAt: i, closesAt: i + 1 })));
      await store.drops.markOpen(d.id, `m-${i}`);
    }
    await sql(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 19999)
      INSERT INTO channel_usage (platform, workspace, channel, question_id, n) SELECT 'test', 'W1', 'X' || i, 'q1', 5 FROM n`);
    await sql('ANALYZE channel_usage');
    expect(await store.drops.usage({ ...SCOPE, channel: 'C-long' })).toEqual(new Map([['q0', 40], ['q1', 40], ['q2', 40]]));
    // The store's own query, planned with the channel's key bound.
    if (engine.name === 'sqlite') {
      const plan = (await sql(`EXPLAIN QUERY PLAN ${SQLITE_USAGE}`, [{ ...SCOPE, channel: 'C-long' }])).map((r) => String(r.detail));
      expect(plan).toEqual(['SEARCH channel_usage USING PRIMARY KEY (platform=? AND workspace=? AND channel=?)']);
    } else {
      const [row] = await sql(`EXPLAIN (ANALYZE, FORMAT JSON) ${PG_USAGE}`, [SCOPE.platform, SCOPE.workspace, 'C-long']);
      const plan = JSON.stringify(row!['QUERY PLAN']);
      expect(plan).toMatch(/"Index Name":"channel_usage_pkey"/);
      expect(plan).not.toMatch(/"Relation Name":"drops"|Seq Scan/);
      expect(plan).toMatch(/"Actual Rows":3[,}]/);
    }
  }, 120_000);
}

for (const engine of ENGINES) describe.skipIf(engine.skip)(`summaries read as today's computation [${engine.title}]`, () => suite(engine));
