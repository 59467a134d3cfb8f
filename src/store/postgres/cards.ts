/** Queries on `cards` (PostgreSQL): one FSRS card per (person, question). */
import type { CardRow, CardState } from '../../core/ports.ts';
import type { StoreQueries } from '../async-port.ts';
import type { Db } from './db.ts';

interface Row {
  question_id: string;
  pack_id: string;
  due: number;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
  last_review: number | null;
}

function toCard(r: Row): CardState {
  return {
    due: r.due,
    stability: r.stability,
    difficulty: r.difficulty,
    elapsedDays: r.elapsed_days,
    scheduledDays: r.scheduled_days,
    learningSteps: r.learning_steps,
    reps: r.reps,
    lapses: r.lapses,
    state: r.state,
    lastReview: r.last_review,
  };
}

const toRow = (r: Row): CardRow => ({ questionId: r.question_id, packId: r.pack_id, card: toCard(r) });
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
  const rows = async (name: string, text: string, values: unknown[]) => (await db.query<Row>(name, text, values)).rows;
  return {
    async get(s, userId, questionId) {
      const [r] = await rows('cards.get', `SELECT * FROM cards WHERE ${WHO} AND question_id = $4`, [s.platform, s.workspace, userId, questionId]);
      return r ? toCard(r) : undefined;
    },
    async put(s, userId, questionId, packId, c) {
      const values = [s.platform, s.workspace, userId, questionId, packId, c.due, c.stability, c.difficulty, c.elapsedDays, c.scheduledDays, c.learningSteps, c.reps, c.lapses, c.state, c.lastReview];
      await db.query('cards.put', PUT, values);
    },
    async mostOverdue(s, userId, now) {
      const [r] = await rows('cards.mostOverdue', `SELECT * FROM cards WHERE ${WHO} AND due <= $4 ORDER BY due, question_id LIMIT 1`, [s.platform, s.workspace, userId, now]);
      return r ? toRow(r) : undefined;
    },
    nextDue: async (s, userId) =>
      (await db.query<{ due: number | null }>('cards.nextDue', `SELECT MIN(due) AS due FROM cards WHERE ${WHO}`, [s.platform, s.workspace, userId])).rows[0]?.due ?? undefined,
    dueCount: async (s, userId, now) =>
      (await db.query<{ n: number }>('cards.dueCount', `SELECT COUNT(*) AS n FROM cards WHERE ${WHO} AND due <= $4`, [s.platform, s.workspace, userId, now])).rows[0]!.n,
    forUser: async (s, userId) => (await rows('cards.forUser', `SELECT * FROM cards WHERE ${WHO} ORDER BY pack_id, question_id`, [s.platform, s.workspace, userId])).map(toRow),
  };
}
