/** Read-only queries for admin insights, from the summaries the answer path keeps (migration 10). */
import type { Database } from 'better-sqlite3';
import type { SyncStore } from './sync-port.ts';

const SCOPE = 'platform = @platform AND workspace = @workspace AND (@packId IS NULL OR pack_id = @packId)';

/** The insights part of the Store port. */
export function insightQueries(db: Database): SyncStore['insights'] {
  // A few rows per question and option, however many answers there are.
  const questions = db.prepare<Record<string, unknown>, { question_id: string; pack_id: string; answered: number; correct: number }>(`
    SELECT question_id, pack_id, SUM(n) AS answered, SUM(n * correct) AS correct FROM choice_counts
    WHERE ${SCOPE} GROUP BY question_id, pack_id`);
  const wrong = db.prepare<Record<string, unknown>, { question_id: string; choice: string; n: number }>(`
    SELECT question_id, choice, SUM(n) AS n FROM choice_counts WHERE ${SCOPE} AND correct = 0
    GROUP BY question_id, choice ORDER BY question_id, n DESC, choice`);
  // One row per week asked for; '' is every pack.
  const weeks = db.prepare<Record<string, unknown>, { period: string; people: number; answers: number }>(`
    SELECT period, people, answers FROM week_activity
    WHERE platform = @platform AND workspace = @workspace AND pack_id = @pack AND period IN (SELECT value FROM json_each(@periods))
      AND people > 0
    ORDER BY period`);
  const args = (s: { platform: string; workspace: string }, packId?: string) => ({ platform: s.platform, workspace: s.workspace, packId: packId ?? null });

  return {
    questions: (s, packId) =>
      questions.all(args(s, packId)).map((r) => ({ questionId: r.question_id, packId: r.pack_id, answered: r.answered, correct: r.correct })),
    wrongPicks: (s, packId) => wrong.all(args(s, packId)).map((r) => ({ questionId: r.question_id, choice: r.choice, n: r.n })),
    weeks: (s, periods, packId) =>
      weeks.all({ platform: s.platform, workspace: s.workspace, pack: packId ?? '', periods: JSON.stringify(periods) }),
  };
}
