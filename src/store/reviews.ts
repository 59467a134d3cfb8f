/** Queries on `reviews` (the graded history) and `pending_reviews` (the card a person was last shown). */
import type { Database } from 'better-sqlite3';
import type { SyncStore } from './sync-port.ts';

/** The reviews part of the Store port. */
export function reviewQueries(db: Database): SyncStore['reviews'] {
  const add = db.prepare(`
    INSERT INTO reviews (platform, workspace, user_id, question_id, pack_id, choice, correct, rating, reviewed_at, source)
    VALUES (@platform, @workspace, @userId, @questionId, @packId, @choice, @correct, @rating, @reviewedAt, @source)`);
  const count = db.prepare<[string, string, string, string], { n: number }>(
    'SELECT COUNT(*) AS n FROM reviews WHERE platform = ? AND workspace = ? AND user_id = ? AND source = ?',
  );
  const setPending = db.prepare(`
    INSERT INTO pending_reviews (platform, workspace, user_id, question_id, shown_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (platform, workspace, user_id) DO UPDATE SET question_id = excluded.question_id, shown_at = excluded.shown_at`);
  const pending = db.prepare<[string, string, string], { question_id: string; shown_at: number }>(
    'SELECT question_id, shown_at FROM pending_reviews WHERE platform = ? AND workspace = ? AND user_id = ?',
  );
  // Deleting the very card answered is the claim: of two answers in the same instant, one deletes it.
  const clear = db.prepare('DELETE FROM pending_reviews WHERE platform = ? AND workspace = ? AND user_id = ? AND question_id = ?');

  return {
    add: (r) => void add.run({ ...r, correct: r.correct ? 1 : 0 }),
    count: (s, userId, source) => count.get(s.platform, s.workspace, userId, source)!.n,
    setPending: (s, userId, questionId, at) => void setPending.run(s.platform, s.workspace, userId, questionId, at),
    pending(s, userId) {
      const r = pending.get(s.platform, s.workspace, userId);
      return r ? { questionId: r.question_id, shownAt: r.shown_at } : undefined;
    },
    clearPending: (s, userId, questionId) => clear.run(s.platform, s.workspace, userId, questionId).changes === 1,
  };
}
