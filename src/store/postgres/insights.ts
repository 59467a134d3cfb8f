/** Read-only queries for admin insights (PostgreSQL), from the summaries the answer path keeps (migration 10). */
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
          `SELECT question_id, pack_id, SUM(n)::int AS answered, SUM(n * correct)::int AS correct FROM choice_counts
           WHERE ${SCOPE} GROUP BY question_id, pack_id ORDER BY question_id, pack_id`,
          args(s, packId),
        )
      ).rows.map((r) => ({ questionId: r.question_id, packId: r.pack_id, answered: r.answered, correct: r.correct })),
    wrongPicks: async (s, packId) =>
      (
        await db.query<{ question_id: string; choice: string; n: number }>(
          'insights.wrongPicks',
          `SELECT question_id, choice, SUM(n)::int AS n FROM choice_counts WHERE ${SCOPE} AND correct = 0
           GROUP BY question_id, choice ORDER BY question_id, n DESC, choice`,
          args(s, packId),
        )
      ).rows.map((r) => ({ questionId: r.question_id, choice: r.choice, n: r.n })),
    weeks: async (s, periods, packId) =>
      (
        await db.query<{ period: string; people: number; answers: number }>(
          'insights.weeks',
          `SELECT period, people, answers FROM week_activity
           WHERE platform = $1 AND workspace = $2 AND pack_id = $3 AND period = ANY($4::text[]) AND people > 0 ORDER BY period`,
          [s.platform, s.workspace, packId ?? '', periods],
        )
      ).rows,
  };
}
