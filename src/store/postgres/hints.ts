/** Queries on `hints` (PostgreSQL): who asked for which question's hint, and when. */
import type { StoreQueries } from '../async-port.ts';
import type { Db } from './db.ts';

/** The hints part of the Store port. */
export function hintQueries(db: Db): StoreQueries['hints'] {
  return {
    ask: async (s, userId, target, questionId, packId, at) =>
      (
        await db.query(
          'hints.ask',
          `INSERT INTO hints (platform, workspace, user_id, target, question_id, pack_id, asked_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
          [s.platform, s.workspace, userId, target, questionId, packId, at],
        )
      ).rowCount === 1,
    asked: async (s, userId, target) =>
      (await db.query('hints.asked', 'SELECT 1 FROM hints WHERE platform = $1 AND workspace = $2 AND user_id = $3 AND target = $4', [s.platform, s.workspace, userId, target]))
        .rowCount === 1,
    counts: async (s, packId) =>
      (
        await db.query<{ question_id: string; pack_id: string; n: string }>(
          'hints.counts',
          `SELECT question_id, pack_id, COUNT(*) AS n FROM hints
           WHERE platform = $1 AND workspace = $2 AND ($3::text IS NULL OR pack_id = $3::text)
           GROUP BY question_id, pack_id ORDER BY question_id, pack_id`,
          [s.platform, s.workspace, packId ?? null],
        )
      ).rows.map((r) => ({ questionId: r.question_id, packId: r.pack_id, n: Number(r.n) })),
  };
}
