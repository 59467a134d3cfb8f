/** Queries on `cards`: one FSRS card per (person, question). */
import type { Database } from 'better-sqlite3';
import type { SyncStore } from './sync-port.ts';
import { type CardRowData, toCard, toCardRow } from './rows.ts';

const WHO = 'platform = ? AND workspace = ? AND user_id = ?';

/** The cards part of the Store port. */
export function cardQueries(db: Database): SyncStore['cards'] {
  const get = db.prepare<[string, string, string, string], CardRowData>(`SELECT * FROM cards WHERE ${WHO} AND question_id = ?`);
  const put = db.prepare(`
    INSERT INTO cards (platform, workspace, user_id, question_id, pack_id, due, stability, difficulty, elapsed_days,
                       scheduled_days, learning_steps, reps, lapses, state, last_review)
    VALUES (@platform, @workspace, @userId, @questionId, @packId, @due, @stability, @difficulty, @elapsedDays,
            @scheduledDays, @learningSteps, @reps, @lapses, @state, @lastReview)
    ON CONFLICT (platform, workspace, user_id, question_id) DO UPDATE SET
      pack_id = excluded.pack_id, due = excluded.due, stability = excluded.stability, difficulty = excluded.difficulty,
      elapsed_days = excluded.elapsed_days, scheduled_days = excluded.scheduled_days,
      learning_steps = excluded.learning_steps, reps = excluded.reps, lapses = excluded.lapses,
      state = excluded.state, last_review = excluded.last_review`);
  const overdue = db.prepare<[string, string, string, number], CardRowData>(`SELECT * FROM cards WHERE ${WHO} AND due <= ? ORDER BY due, question_id LIMIT 1`);
  const next = db.prepare<[string, string, string], { due: number | null }>(`SELECT MIN(due) AS due FROM cards WHERE ${WHO}`);
  const dueCount = db.prepare<[string, string, string, number], { n: number }>(`SELECT COUNT(*) AS n FROM cards WHERE ${WHO} AND due <= ?`);
  const all = db.prepare<[string, string, string], CardRowData>(`SELECT * FROM cards WHERE ${WHO} ORDER BY pack_id, question_id`);
  const everyone = db.prepare<[string, string], CardRowData & { user_id: string }>(
    'SELECT * FROM cards WHERE platform = ? AND workspace = ? ORDER BY user_id, pack_id, question_id',
  );

  return {
    get(s, userId, questionId) {
      const r = get.get(s.platform, s.workspace, userId, questionId);
      return r ? toCard(r) : undefined;
    },
    put: (s, userId, questionId, packId, card) => void put.run({ platform: s.platform, workspace: s.workspace, userId, questionId, packId, ...card }),
    mostOverdue(s, userId, now) {
      const r = overdue.get(s.platform, s.workspace, userId, now);
      return r ? toCardRow(r) : undefined;
    },
    nextDue: (s, userId) => next.get(s.platform, s.workspace, userId)?.due ?? undefined,
    dueCount: (s, userId, now) => dueCount.get(s.platform, s.workspace, userId, now)!.n,
    forUser: (s, userId) => all.all(s.platform, s.workspace, userId).map(toCardRow),
    inWorkspace: (s) => everyone.all(s.platform, s.workspace).map((r) => ({ userId: r.user_id, ...toCardRow(r) })),
  };
}
