/** Read-only queries for leaderboards, stats and streaks, plus rebuilding the running totals. */
import type { Database } from 'better-sqlite3';
import type { SyncStore } from './sync-port.ts';
import type { Scope } from '../core/types.ts';
import { type TotalsRow, toTotals } from './rows.ts';
import { isPackPeriod } from './pack-periods.ts';

const IN_PERIOD = 't.platform = @platform AND t.workspace = @workspace AND t.period = @period';
const NAMED = `
  SELECT t.user_id, COALESCE(m.display_name, t.user_id) AS name, t.points, t.correct, t.answered, COALESCE(s.current, 0) AS streak
  FROM score_totals t
  LEFT JOIN members m ON m.platform = t.platform AND m.workspace = t.workspace AND m.user_id = t.user_id
  LEFT JOIN streaks s ON s.platform = t.platform AND s.workspace = t.workspace AND s.user_id = t.user_id`;

/** The boards part of the Store port. */
export function boardQueries(db: Database): SyncStore['boards'] {
  // Ordered like the index, so the top rows are read straight off it.
  const top = db.prepare<Record<string, unknown>, TotalsRow>(`${NAMED} WHERE ${IN_PERIOD} ORDER BY t.points DESC, t.correct DESC, t.user_id LIMIT @limit`);
  const mine = db.prepare<Record<string, unknown>, TotalsRow>(`${NAMED} WHERE ${IN_PERIOD} AND t.user_id = @userId`);
  // How many are ahead: those with more points, summed per distinct total (score_points, kept by triggers), plus
  // those with as many points and more right answers (an index range within one total). The players are
  // counted in the same pass over score_points. Neither grows with the number of players.
  const counts = db.prepare<Record<string, unknown>, { above: number | null; players: number | null }>(`
    SELECT SUM(players) FILTER (WHERE points > @points) AS above, SUM(players) AS players FROM score_points t WHERE ${IN_PERIOD}`);
  const tied = db.prepare<Record<string, unknown>, { n: number }>(`
    SELECT COUNT(*) AS n FROM score_totals t WHERE ${IN_PERIOD} AND t.points = @points AND t.correct > @correct`);
  const players = db.prepare<Record<string, unknown>, { n: number | null }>(`SELECT SUM(players) AS n FROM score_points t WHERE ${IN_PERIOD}`);
  const perPack = db.prepare<[string, string, string], { pack_id: string; correct: number; answered: number }>(`
    SELECT pack_id, correct, answered FROM pack_totals
    WHERE platform = ? AND workspace = ? AND period = 'all' AND user_id = ? ORDER BY pack_id`);
  // Index-only through answers_user (platform, workspace, user_id, answered_at).
  const times = db
    .prepare<[string, string, string, number, number], number>(
      'SELECT answered_at FROM answers WHERE platform = ? AND workspace = ? AND user_id = ? AND answered_at >= ? ORDER BY answered_at DESC LIMIT ?',
    )
    .pluck();
  const streak = db.prepare<[string, string, string], { current: number; best: number }>(
    'SELECT current, best FROM streaks WHERE platform = ? AND workspace = ? AND user_id = ?',
  );
  const streaks = db.prepare<[string, string], { user_id: string; current: number; best: number }>(
    'SELECT user_id, current, best FROM streaks WHERE platform = ? AND workspace = ? ORDER BY user_id',
  );
  const allAnswers = db.prepare<[string, string], { user_id: string; pack_id: string; points: number; correct: number; answered_at: number }>(
    'SELECT user_id, pack_id, points, correct, answered_at FROM answers WHERE platform = ? AND workspace = ?',
  );
  const clear = db.prepare('DELETE FROM score_totals WHERE platform = ? AND workspace = ?');
  const put = db.prepare('INSERT INTO score_totals VALUES (?, ?, ?, ?, ?, ?, ?)');
  const clearPacks = db.prepare('DELETE FROM pack_totals WHERE platform = ? AND workspace = ?');
  const putPack = db.prepare('INSERT INTO pack_totals (platform, workspace, period, user_id, pack_id, correct, answered) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const args = (s: Scope, period: string) => ({ platform: s.platform, workspace: s.workspace, period });
  // Called alone (not inside setZone's transaction), the clear and the puts still land together, in one commit.
  const rebuildAlone = db.transaction((s: Scope, periodsOf: (answeredAt: number) => string[]) => rebuild(s, periodsOf));

  return {
    top: (s, period, limit) => top.all({ ...args(s, period), limit }).map(toTotals),
    rankOf(s, period, userId) {
      const row = mine.get({ ...args(s, period), userId });
      if (!row) return undefined;
      const at = { ...args(s, period), points: row.points, correct: row.correct };
      const c = counts.get(at)!;
      const rank = (c.above ?? 0) + tied.get(at)!.n + 1;
      return { rank, players: c.players ?? 0, totals: toTotals(row) };
    },
    playerCount: (s, period) => players.get(args(s, period))!.n ?? 0,
    perPack: (s, userId) =>
      perPack.all(s.platform, s.workspace, userId).map((r) => ({ packId: r.pack_id, correct: r.correct, answered: r.answered })),
    answerTimes: (s, userId, since, limit) => times.all(s.platform, s.workspace, userId, since, limit),
    streakOf: (s, userId) => streak.get(s.platform, s.workspace, userId) ?? { current: 0, best: 0 },
    streaks: (s) => streaks.all(s.platform, s.workspace).map((r) => ({ userId: r.user_id, current: r.current, best: r.best })),
    // Inside the caller's (immediate) transaction when there is one: see workspaces.setZone.
    rebuild: (s: Scope, periodsOf: (answeredAt: number) => string[]) => (db.inTransaction ? rebuild(s, periodsOf) : rebuildAlone.immediate(s, periodsOf)),
  };

  /** Recomputes the workspace's totals (and per-pack totals) from its answers; the summaries follow by trigger. */
  function rebuild(s: Scope, periodsOf: (answeredAt: number) => string[]): number {
    const sums = new Map<string, [string, string, string, string, number, number, number]>();
    const packs = new Map<string, [string, string, string, string, string, number, number]>();
    for (const a of allAnswers.iterate(s.platform, s.workspace)) {
      for (const period of periodsOf(a.answered_at)) {
        const key = `${period}\u0000${a.user_id}`;
        const t = sums.get(key) ?? [s.platform, s.workspace, period, a.user_id, 0, 0, 0];
        t[4] += a.points;
        t[5] += a.correct;
        t[6] += 1;
        sums.set(key, t);
        if (!isPackPeriod(period)) continue;
        const pk = `${key}\u0000${a.pack_id}`;
        const p = packs.get(pk) ?? [s.platform, s.workspace, period, a.user_id, a.pack_id, 0, 0];
        p[5] += a.correct;
        p[6] += 1;
        packs.set(pk, p);
      }
    }
    clear.run(s.platform, s.workspace);
    for (const t of sums.values()) put.run(...t);
    clearPacks.run(s.platform, s.workspace);
    for (const p of packs.values()) putPack.run(...p);
    return sums.size;
  }
}
