/** Read-only queries for admin insights: accuracy per question, wrong picks, activity. */
import type { Database } from 'better-sqlite3';
import type { SyncStore } from './sync-port.ts';

const SCOPE = 'platform = @platform AND workspace = @workspace AND (@packId IS NULL OR pack_id = @packId)';

/** The insights part of the Store port. */
export function insightQueries(db: Database): SyncStore['insights'] {
  const questions = db.prepare<Record<string, unknown>, { question_id: string; pack_id: string; answered: number; correct: number }>(`
    SELECT question_id, pack_id, COUNT(*) AS answered, SUM(correct) AS correct FROM answers
    WHERE ${SCOPE} GROUP BY question_id, pack_id`);
  const wrong = db.prepare<Record<string, unknown>, { question_id: string; choice: string; n: number }>(`
    SELECT question_id, choice, COUNT(*) AS n FROM answers WHERE ${SCOPE} AND correct = 0
    GROUP BY question_id, choice ORDER BY question_id, n DESC, choice`);
  const activity = db.prepare<Record<string, unknown>, { answered_at: number; user_id: string }>(`
    SELECT answered_at, user_id FROM answers WHERE ${SCOPE} AND answered_at >= @since`);
  const args = (s: { platform: string; workspace: string }, packId?: string) => ({ platform: s.platform, workspace: s.workspace, packId: packId ?? null });

  return {
    questions: (s, packId) =>
      questions.all(args(s, packId)).map((r) => ({ questionId: r.question_id, packId: r.pack_id, answered: r.answered, correct: r.correct })),
    wrongPicks: (s, packId) => wrong.all(args(s, packId)).map((r) => ({ questionId: r.question_id, choice: r.choice, n: r.n })),
    activity: (s, since, packId) => activity.all({ ...args(s, packId), since }).map((r) => ({ answeredAt: r.answered_at, userId: r.user_id })),
  };
}
