/** Queries on `cards` (PostgreSQL): one FSRS card per (person, question). */
import type { StoreQueries } from '../async-port.ts';
import type { Db } from './db.ts';
import { type CardRowData, toCard, toCardRow } from '../rows.ts';

const WHO = 'platform = $1 AND workspace = $2 AND user_id = $3';
const PUT = `
  INSERT INTO cards (platform, workspace, user_id, question_id, pack_id, due, stability, difficulty, elapsed_days,
                     scheduled_days, learning_steps, reps, lapses, state, last_review)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
  ON CONFLICT (platform, workspace, user_id, question_id) DO UPDATE SET
    pack_id = excluded.pack_id, due = excluded.due, stability = excluded.stability, difficulty = excluded.difficulty,
    elapsed_days = excluded.elapsed_days, scheduled_days = excluded.scheduled_days,
    learning_steps = excluded.learning_steps, reps = excluded.reps, lapses = excluded.lapses,
    state = excluded.state, last_review = excluded.last_review`;

/** The cards part of the Store port. */
export function cardQueries(db: Db): StoreQueries['cards'] {
  const rows = async (name: string, text: string, values: unknown[]) => (await db.query<CardRowData>(name, text, values)).rows;
  return {
    async get(s, userId, questionId) {
      const [r] = await rows('cards.get', `SELECT * FROM cards WHERE ${WHO} AND question_id = $4`, [s.platform, s.workspace, userId, questionId]);
      return r ? toCard(r) : undefined;
    },
    async put(s, userId, questionId, packId, c) {
      const values = [s.platform, s.workspace, userId, questionId, packId, c.due, c.stability, c.difficulty, c.elapsedDays, c.scheduledDays, c.learningSteps, c.reps, c.lapses, c.state, c.lastReview];
      // Nothing reads its result: in a transaction it shares its round trip with the next statement (or COMMIT).
      await db.write('cards.put', PUT, values);
    },
    async mostOverdue(s, userId, now) {
      const [r] = await rows('cards.mostOverdue', `SELECT * FROM cards WHERE ${WHO} AND due <= $4 ORDER BY due, question_id LIMIT 1`, [s.platform, s.workspace, userId, now]);
      return r ? toCardRow(r) : undefined;
    },
    nextDue: async (s, userId) =>
      (await db.query<{ due: number | null }>('cards.nextDue', `SELECT MIN(due) AS due FROM cards WHERE ${WHO}`, [s.platform, s.workspace, userId])).rows[0]?.due ?? undefined,
    dueCount: async (s, userId, now) =>
      (await db.query<{ n: number }>('cards.dueCount', `SELECT COUNT(*) AS n FROM cards WHERE ${WHO} AND due <= $4`, [s.platform, s.workspace, userId, now])).rows[0]!.n,
    forUser: async (s, userId) => (await rows('cards.forUser', `SELECT * FROM cards WHERE ${WHO} ORDER BY pack_id, question_id`, [s.platform, s.workspace, userId])).map(toCardRow),
    inWorkspace: async (s) =>
      (
        await db.query<CardRowData & { user_id: string }>(
          'cards.inWorkspace',
          'SELECT * FROM cards WHERE platform = $1 AND workspace = $2 ORDER BY user_id, pack_id, question_id',
          [s.platform, s.workspace],
        )
      ).rows.map((r) => ({ userId: r.user_id, ...toCardRow(r) })),
  };
}
