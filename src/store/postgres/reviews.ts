/** Queries on `reviews` and `pending_reviews` (PostgreSQL). */
import type { StoreQueries } from '../async-port.ts';
import type { Db } from './db.ts';

/** The reviews part of the Store port. */
export function reviewQueries(db: Db): StoreQueries['reviews'] {
  const who = (s: { platform: string; workspace: string }, userId: string) => [s.platform, s.workspace, userId];
  return {
    async add(r) {
      await db.query(
        'reviews.add',
        `INSERT INTO reviews (platform, workspace, user_id, question_id, pack_id, choice, correct, rating, reviewed_at, source)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [r.platform, r.workspace, r.userId, r.questionId, r.packId, r.choice, r.correct ? 1 : 0, r.rating, r.reviewedAt, r.source],
      );
    },
    count: async (s, userId, source) =>
      (
        await db.query<{ n: number }>(
          'reviews.count',
          'SELECT COUNT(*) AS n FROM reviews WHERE platform = $1 AND workspace = $2 AND user_id = $3 AND source = $4',
          [...who(s, userId), source],
        )
      ).rows[0]!.n,
    async setPending(s, userId, questionId, at) {
      await db.query(
        'reviews.setPending',
        `INSERT INTO pending_reviews (platform, workspace, user_id, question_id, shown_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (platform, workspace, user_id) DO UPDATE SET question_id = excluded.question_id, shown_at = excluded.shown_at`,
        [...who(s, userId), questionId, at],
      );
    },
    async pending(s, userId) {
      const r = (
        await db.query<{ question_id: string; shown_at: number }>(
          'reviews.pending',
          'SELECT question_id, shown_at FROM pending_reviews WHERE platform = $1 AND workspace = $2 AND user_id = $3',
          who(s, userId),
        )
      ).rows[0];
      return r ? { questionId: r.question_id, shownAt: r.shown_at } : undefined;
    },
    // Deleting the very card answered is the claim: of two answers at the same instant (on any instance),
    // the second waits for the first's delete to commit and then deletes nothing.
    clearPending: async (s, userId, questionId) =>
      (
        await db.query(
          'reviews.clearPending',
          'DELETE FROM pending_reviews WHERE platform = $1 AND workspace = $2 AND user_id = $3 AND question_id = $4',
          [...who(s, userId), questionId],
        )
      ).rowCount === 1,
  };
}
