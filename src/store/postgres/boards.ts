/** Leaderboards, stats and streaks (PostgreSQL), plus rebuilding the running totals. */
import type { Scope } from '../../core/types.ts';
import type { StoreQueries } from '../async-port.ts';
import type { Db } from './db.ts';
import { type TotalsRow, toTotals } from '../rows.ts';
import { isPackPeriod } from '../pack-periods.ts';

const IN_PERIOD = 't.platform = $1 AND t.workspace = $2 AND t.period = $3';
const NAMED = `
  SELECT t.user_id, COALESCE(m.display_name, t.user_id) AS name, t.points, t.correct, t.answered, COALESCE(s.current, 0) AS streak
  FROM score_totals t
  LEFT JOIN members m ON m.platform = t.platform AND m.workspace = t.workspace AND m.user_id = t.user_id
  LEFT JOIN streaks s ON s.platform = t.platform AND s.workspace = t.workspace AND s.user_id = t.user_id`;
// Answers are read for a rebuild in pages, in key order, so a year of history is never one result set.
const PAGE = 20_000;
type AnswerSlice = { drop_id: number; user_id: string; pack_id: string; points: number; correct: number; answered_at: number };
type PackSum = [string, string, string, string, string, number, number];
type Sum = [string, string, string, string, number, number, number];

/**
 * Answers write their totals while they are stored; a rebuild must not run between them. Like SQLite's
 * immediate transaction, this waits for transactions that are writing totals to commit and holds new
 * ones back until the rebuild commits, so its reads see every answer and no total is added twice or lost.
 * Taken first, before any row lock, so a waiting answer batch never holds what the rebuild needs.
 */
export const HOLD_TOTALS = 'LOCK TABLE score_totals IN SHARE ROW EXCLUSIVE MODE';

/** Recomputes one workspace's totals from its answers on `tx`, which holds HOLD_TOTALS; returns the rows written. */
export async function rebuildIn(tx: Db, s: Scope, periodsOf: (answeredAt: number) => string[]): Promise<number> {
  const sums = new Map<string, Sum>();
  const packs = new Map<string, PackSum>();
  let after: [number, string] = [-1, ''];
  for (;;) {
    const { rows } = await tx.query<AnswerSlice>(
      'boards.rebuildPage',
      `SELECT drop_id, user_id, pack_id, points, correct, answered_at FROM answers
       WHERE platform = $1 AND workspace = $2 AND (drop_id, user_id) > ($3, $4) ORDER BY drop_id, user_id LIMIT ${PAGE}`,
      [s.platform, s.workspace, ...after],
    );
    for (const a of rows) {
      for (const period of periodsOf(a.answered_at)) {
        const k = `${period}\u0000${a.user_id}`;
        const t = sums.get(k) ?? [s.platform, s.workspace, period, a.user_id, 0, 0, 0];
        t[4] += a.points;
        t[5] += a.correct;
        t[6] += 1;
        sums.set(k, t);
        if (!isPackPeriod(period)) continue;
        const pk = `${k}\u0000${a.pack_id}`;
        const p = packs.get(pk) ?? [s.platform, s.workspace, period, a.user_id, a.pack_id, 0, 0];
        p[5] += a.correct;
        p[6] += 1;
        packs.set(pk, p);
      }
    }
    if (rows.length < PAGE) break;
    const last = rows[rows.length - 1]!;
    after = [last.drop_id, last.user_id];
  }
  await tx.query('boards.clear', 'DELETE FROM score_totals WHERE platform = $1 AND workspace = $2', [s.platform, s.workspace]);
  const all = [...sums.values()];
  for (let i = 0; i < all.length; i += PAGE) {
    const chunk = all.slice(i, i + PAGE);
    const columns = [0, 1, 2, 3, 4, 5, 6].map((c) => chunk.map((t) => t[c]));
    await tx.query(
      'boards.rebuildPut',
      `INSERT INTO score_totals (platform, workspace, period, user_id, points, correct, answered)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[])`,
      columns,
    );
  }
  await tx.query('boards.clearPacks', 'DELETE FROM pack_totals WHERE platform = $1 AND workspace = $2', [s.platform, s.workspace]);
  const byPack = [...packs.values()];
  for (let i = 0; i < byPack.length; i += PAGE) {
    const chunk = byPack.slice(i, i + PAGE);
    await tx.query(
      'boards.rebuildPutPacks',
      `INSERT INTO pack_totals (platform, workspace, period, user_id, pack_id, correct, answered)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[])`,
      [0, 1, 2, 3, 4, 5, 6].map((c) => chunk.map((t) => t[c])),
    );
  }
  return sums.size;
}

/** The boards part of the Store port. */
export function boardQueries(db: Db): StoreQueries['boards'] {
  const key = (s: Scope, period: string) => [s.platform, s.workspace, period];
  const players = async (s: Scope, period: string) =>
    (await db.query<{ n: number }>('boards.players', `SELECT COALESCE(SUM(players), 0)::int AS n FROM score_points t WHERE ${IN_PERIOD}`, key(s, period))).rows[0]!.n;

  return {
    // Names and streaks as scalar subqueries on the top rows: as joins, the planner sized two Memoize
    // caches for every player of the period (3-5 ms of executor start-up per call at 100,000 players)
    // and, with the join written after the LIMIT, still spent about 0.5 ms planning the joins on each
    // call (0.7 ms p50 against 0.3 ms this way, measured at 1M answers and 100,000 players).
    top: async (s, period, limit) =>
      (
        await db.query<TotalsRow>(
          'boards.top',
          `SELECT t.user_id,
             COALESCE((SELECT m.display_name FROM members m WHERE m.platform = t.platform AND m.workspace = t.workspace AND m.user_id = t.user_id), t.user_id) AS name,
             t.points, t.correct, t.answered,
             COALESCE((SELECT s.current FROM streaks s WHERE s.platform = t.platform AND s.workspace = t.workspace AND s.user_id = t.user_id), 0) AS streak
           FROM score_totals t WHERE ${IN_PERIOD} ORDER BY t.points DESC, t.correct DESC, t.user_id LIMIT $4`,
          [...key(s, period), limit],
        )
      ).rows.map(toTotals),
    // One round trip: the row, how many are strictly ahead (ties share a rank), and how many play. Those
    // with more points are summed per distinct total (score_points, kept by triggers) and those with as
    // many points and more right answers counted in the index, so neither grows with the players.
    async rankOf(s, period, userId) {
      const { rows } = await db.query<TotalsRow & { above: number; tied: number; players: number }>(
        'boards.rankOf',
        `SELECT n.*, c.above, c.players,
           (SELECT COUNT(*)::int FROM score_totals o WHERE o.platform = $1 AND o.workspace = $2 AND o.period = $3
              AND o.points = n.points AND o.correct > n.correct) AS tied
         FROM (${NAMED} WHERE ${IN_PERIOD} AND t.user_id = $4) AS n,
         LATERAL (SELECT COALESCE(SUM(p.players) FILTER (WHERE p.points > n.points), 0)::int AS above,
                         COALESCE(SUM(p.players), 0)::int AS players
                  FROM score_points p WHERE p.platform = $1 AND p.workspace = $2 AND p.period = $3) AS c`,
        [...key(s, period), userId],
      );
      const row = rows[0];
      return row ? { rank: row.above + row.tied + 1, players: row.players, totals: toTotals(row) } : undefined;
    },
    playerCount: players,
    perPack: async (s, userId) =>
      (
        await db.query<{ pack_id: string; correct: number; answered: number }>(
          'boards.perPack',
          `SELECT pack_id, correct, answered FROM pack_totals
           WHERE platform = $1 AND workspace = $2 AND period = 'all' AND user_id = $3 ORDER BY pack_id`,
          [s.platform, s.workspace, userId],
        )
      ).rows.map((r) => ({ packId: r.pack_id, correct: r.correct, answered: r.answered })),
    // Index-only through answers_user (platform, workspace, user_id, answered_at) where the visibility map allows.
    answerTimes: async (s, userId, since, limit) =>
      (
        await db.query<{ answered_at: string | number }>(
          'boards.answerTimes',
          'SELECT answered_at FROM answers WHERE platform = $1 AND workspace = $2 AND user_id = $3 AND answered_at >= $4 ORDER BY answered_at DESC LIMIT $5',
          [s.platform, s.workspace, userId, since, limit],
        )
      ).rows.map((r) => Number(r.answered_at)),
    streakOf: async (s, userId) =>
      (
        await db.query<{ current: number; best: number }>(
          'boards.streak',
          'SELECT current, best FROM streaks WHERE platform = $1 AND workspace = $2 AND user_id = $3',
          [s.platform, s.workspace, userId],
        )
      ).rows[0] ?? { current: 0, best: 0 },
    streaks: async (s) =>
      (
        await db.query<{ user_id: string; current: number; best: number }>(
          'boards.streaks',
          'SELECT user_id, current, best FROM streaks WHERE platform = $1 AND workspace = $2 ORDER BY user_id',
          [s.platform, s.workspace],
        )
      ).rows.map((r) => ({ userId: r.user_id, current: r.current, best: r.best })),
    rebuild: (s, periodsOf) =>
      db.atomic(async (tx) => {
        await tx.query(undefined, HOLD_TOTALS);
        return rebuildIn(tx, s, periodsOf);
      }),
  };
}
