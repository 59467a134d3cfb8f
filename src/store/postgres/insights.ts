/** Read-only queries for admin insights (PostgreSQL). */
import type { StoreQueries } from '../async-port.ts';
import type { Db } from './db.ts';

// $3 is the pack or NULL for every pack; cast so PostgreSQL knows its type when it is NULL.
const SCOPE = 'platform = $1 AND workspace = $2 AND ($3::text IS NULL OR pack_id = $3::text)';

/** The insights part of the Store port. */
export function insightQueries(db: Db): StoreQueries['insights'] {
  const args = (s: { platform: string; workspace: string }, packId?: string) => [s.platform, s.workspace, packId ?? null];
  return {
    questions: async (s, packId) =>
      (
        await db.query<{ question_id: string; pack_id: string; answered: number; correct: number }>(
          'insights.questions',
          `SELECT question_id, pack_id, COUNT(*) AS answered, SUM(correct) AS correct FROM answers
           WHERE ${SCOPE} GROUP BY question_id, pack_id ORDER BY question_id, pack_id`,
          args(s, packId),
        )
      ).rows.map((r) => ({ questionId: r.question_id, packId: r.pack_id, answered: r.answered, correct: r.correct })),
    wrongPicks: async (s, packId) =>
      (
        await db.query<{ question_id: string; choice: string; n: number }>(
          'insights.wrongPicks',
          `SELECT question_id, choice, COUNT(*) AS n FROM answers WHERE ${SCOPE} AND correct = 0
           GROUP BY question_id, choice ORDER BY question_id, n DESC, choice`,
          args(s, packId),
        )
      ).rows.map((r) => ({ questionId: r.question_id, choice: r.choice, n: r.n })),
    activity: async (s, since, packId) =>
      (
        await db.query<{ answered_at: number; user_id: string }>(
          'insights.activity',
          `SELECT answered_at, user_id FROM answers WHERE ${SCOPE} AND answered_at >= $4 ORDER BY answered_at, user_id`,
          [...args(s, packId), since],
        )
      ).rows.map((r) => ({ answeredAt: r.answered_at, userId: r.user_id })),
  };
}
