/** Queries on the `answers` table. */
import type { Database } from 'better-sqlite3';
import type { InsertResult } from '../core/ports.ts';
import type { SyncStore } from './sync-port.ts';
import type { Answer } from '../core/types.ts';
import { type AnswerRow, toAnswer } from './rows.ts';
import { packPeriods } from './pack-periods.ts';

/** The answers part of the Store port. */
export function answerQueries(db: Database): SyncStore['answers'] {
  // ON CONFLICT DO NOTHING: the primary key (drop_id, user_id) keeps the first answer, atomically.
  // The answer counts only while its drop is live: the check and the insert are one statement, so an
  // answer racing a close (from this or another process) is either stored before it or refused.
  const insert = db.prepare(`
    INSERT INTO answers (drop_id, user_id, platform, workspace, pack_id, question_id, choice, correct, points,
                         answered_at, elapsed_ms, via)
    SELECT @dropId, @userId, @platform, @workspace, @packId, @questionId, @choice, @correct, @points,
           @answeredAt, @elapsedMs, @via
    WHERE EXISTS (SELECT 1 FROM drops WHERE id = @dropId AND state IN ('open', 'posting') AND closes_at > @answeredAt)
    ON CONFLICT (drop_id, user_id) DO NOTHING`);
  // A statement per period key: one upsert of the three rows as several VALUES measured 2-2.5 times
  // slower (SQLite 3.53, with migration 10's triggers on score_totals) than three single-row upserts.
  const total = db.prepare(`
    INSERT INTO score_totals (platform, workspace, period, user_id, points, correct, answered)
    VALUES (?, ?, ?, ?, ?, ?, 1)
    ON CONFLICT (platform, workspace, period, user_id) DO UPDATE SET
      points = points + excluded.points, correct = correct + excluded.correct, answered = answered + 1`);
  // What insights and /quiz stats read, so they never read the answers themselves (see migration 10).
  const choice = db.prepare(`
    INSERT INTO choice_counts (platform, workspace, pack_id, question_id, choice, correct, n) VALUES (?, ?, ?, ?, ?, ?, 1)
    ON CONFLICT (platform, workspace, pack_id, question_id, choice, correct) DO UPDATE SET n = n + 1`);
  const packTotal = db.prepare(`
    INSERT INTO pack_totals (platform, workspace, period, user_id, pack_id, correct, answered) VALUES (?, ?, ?, ?, ?, ?, 1)
    ON CONFLICT (platform, workspace, period, user_id, pack_id) DO UPDATE SET correct = correct + excluded.correct, answered = answered + 1`);
  // A right first answer extends the person's streak; a wrong one ends it.
  const streak = db.prepare(`
    INSERT INTO streaks (platform, workspace, user_id, current, best) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (platform, workspace, user_id) DO UPDATE SET
      current = CASE WHEN excluded.current = 1 THEN current + 1 ELSE 0 END,
      best = MAX(best, CASE WHEN excluded.current = 1 THEN current + 1 ELSE 0 END)`);
  const latestFor = db.prepare<[string, string, string, number], AnswerRow>(
    'SELECT * FROM answers WHERE platform = ? AND workspace = ? AND user_id = ? ORDER BY answered_at DESC, drop_id DESC LIMIT ?',
  );
  const one = db.prepare<[number, string], AnswerRow>('SELECT * FROM answers WHERE drop_id = ? AND user_id = ?');
  const forDrop = db.prepare<[number], AnswerRow>('SELECT * FROM answers WHERE drop_id = ? ORDER BY answered_at');
  // The reveal's counts in SQL: a drop of many thousand answers is not turned into as many objects.
  const choices = db.prepare<[number], { choice: string; n: number; right: number }>('SELECT choice, count(*) AS n, sum(correct) AS right FROM answers WHERE drop_id = ? GROUP BY choice ORDER BY choice');
  const firstRight = db.prepare<[number, number], { user_id: string }>('SELECT user_id FROM answers WHERE drop_id = ? AND correct = 1 ORDER BY answered_at, user_id LIMIT ?');

  function insertWithTotals(a: Answer, periods: string[]): InsertResult {
    const row = { ...a, correct: a.correct ? 1 : 0 };
    if (insert.run(row).changes === 1) {
      for (const period of periods) total.run(a.platform, a.workspace, period, a.userId, a.points, row.correct);
      for (const period of packPeriods(periods)) packTotal.run(a.platform, a.workspace, period, a.userId, a.packId, row.correct);
      choice.run(a.platform, a.workspace, a.packId, a.questionId, a.choice, row.correct);
      streak.run(a.platform, a.workspace, a.userId, row.correct, row.correct);
      return { inserted: true } as const;
    }
    // Not stored: the person's first answer is there already (it counts, whatever the drop's state
    // now), or the drop is no longer live.
    const first = one.get(a.dropId, a.userId);
    return first ? { inserted: false, existing: toAnswer(first) } : { inserted: false, closed: true };
  }
  const inOwnTransaction = db.transaction(insertWithTotals);

  return {
    // The answer and its totals land together: inside the caller's transaction when there is one
    // (the answer path's group commit), else in one of their own.
    insert: (a: Answer, periods: string[]) => (db.inTransaction ? insertWithTotals(a, periods) : inOwnTransaction.immediate(a, periods)),
    forDrop: (dropId) => forDrop.all(dropId).map(toAnswer),
    tally: (dropId, winners) => {
      const rows = choices.all(dropId);
      return {
        choices: rows.map((r) => ({ choice: r.choice, n: r.n })),
        total: rows.reduce((sum, r) => sum + r.n, 0),
        right: rows.reduce((sum, r) => sum + r.right, 0),
        firstRight: firstRight.all(dropId, winners).map((r) => r.user_id),
      };
    },
    latestFor: (s, userId, limit) => latestFor.all(s.platform, s.workspace, userId, limit).map(toAnswer),
    get(dropId, userId) {
      const row = one.get(dropId, userId);
      return row ? toAnswer(row) : undefined;
    },
  };
}
