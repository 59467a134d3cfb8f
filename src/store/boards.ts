/** Read-only queries for leaderboards, stats and streaks. */
import type { Database } from 'better-sqlite3';
import type { Store, Totals } from '../core/ports.ts';

interface TotalsRow {
  user_id: string;
  name: string;
  points: number;
  correct: number;
  answered: number;
}

const toTotals = (r: TotalsRow): Totals => ({
  userId: r.user_id,
  name: r.name,
  points: r.points,
  correct: r.correct,
  answered: r.answered,
});

const TOTALS = `
  SELECT a.user_id, COALESCE(m.display_name, a.user_id) AS name,
         SUM(a.points) AS points, SUM(a.correct) AS correct, COUNT(*) AS answered
  FROM answers a
  LEFT JOIN members m ON m.platform = a.platform AND m.workspace = a.workspace AND m.user_id = a.user_id
  WHERE a.platform = @platform AND a.workspace = @workspace AND a.answered_at >= @since`;

/** The boards part of the Store port. */
export function boardQueries(db: Database): Store['boards'] {
  const top = db.prepare<Record<string, unknown>, TotalsRow>(
    `${TOTALS} GROUP BY a.user_id ORDER BY points DESC, correct DESC, name LIMIT @limit`,
  );
  const rank = db.prepare<Record<string, unknown>, TotalsRow & { rank: number; players: number }>(`
    WITH t AS (${TOTALS} GROUP BY a.user_id)
    SELECT me.*,
           (SELECT COUNT(*) FROM t WHERE t.points > me.points OR (t.points = me.points AND t.correct > me.correct)) + 1 AS rank,
           (SELECT COUNT(*) FROM t) AS players
    FROM t AS me WHERE me.user_id = @userId`);
  const players = db.prepare<Record<string, unknown>, { n: number }>(`
    SELECT COUNT(DISTINCT user_id) AS n FROM answers
    WHERE platform = @platform AND workspace = @workspace AND answered_at >= @since`);
  const perPack = db.prepare<[string, string, string], { pack_id: string; correct: number; answered: number }>(`
    SELECT pack_id, SUM(correct) AS correct, COUNT(*) AS answered FROM answers
    WHERE platform = ? AND workspace = ? AND user_id = ? GROUP BY pack_id ORDER BY pack_id`);
  const streakRows = db.prepare<[string, string, string], { id: number; state: 'open' | 'closed'; correct: 0 | 1 | null }>(`
    SELECT d.id, d.state, a.correct FROM drops d
    LEFT JOIN answers a ON a.drop_id = d.id AND a.user_id = ?
    WHERE d.platform = ? AND d.workspace = ? AND d.state IN ('open', 'closed')
    ORDER BY d.opened_at, d.id`);

  return {
    top: (s, since, limit) => top.all({ platform: s.platform, workspace: s.workspace, since, limit }).map(toTotals),
    rankOf(s, since, userId) {
      const row = rank.get({ platform: s.platform, workspace: s.workspace, since, userId });
      return row ? { rank: row.rank, players: row.players, totals: toTotals(row) } : undefined;
    },
    playerCount: (s, since) => players.get({ platform: s.platform, workspace: s.workspace, since })!.n,
    perPack: (s, userId) =>
      perPack.all(s.platform, s.workspace, userId).map((r) => ({ packId: r.pack_id, correct: r.correct, answered: r.answered })),
    streakRows: (s, userId) =>
      streakRows.all(userId, s.platform, s.workspace).map((r) => ({
        dropId: r.id,
        state: r.state,
        correct: r.correct === null ? null : r.correct === 1,
      })),
  };
}
