/** Queries on `answers` (PostgreSQL): first answer wins, with totals and streak in the same statement. */
import type { StoreQueries } from '../async-port.ts';
import type { Db } from './db.ts';
import { type AnswerRow, toAnswer } from '../rows.ts';
import { packPeriods } from '../pack-periods.ts';

// One statement, so one round trip and atomic without a transaction of its own:
// - `d` takes a share lock on the drop, so a close running at the same moment either waits for this
//   answer to commit and then sees it (its closed_at and streaks count it), or has committed first and
//   this statement sees the drop closed: the live check and the insert are one step;
// - the answer counts only while the drop is open (or still posting) and before its closing time;
// - ON CONFLICT DO NOTHING on (drop_id, user_id) keeps the first answer; a concurrent second insert
//   waits for the first to commit and then does nothing;
// - totals and streak are upserted only from the row actually inserted (`ins`), as SQLite does after
//   `changes === 1`. Periods are grouped so a repeated key adds twice instead of failing;
// - per-pack totals ('all' and the live generation's weeks, see pack-periods.ts) and the per-option counts insights read are
//   upserted the same way; the triggers of migration 10 keep score_points and week_activity from them.
const INSERT = `
  WITH d AS (SELECT id, (state IN ('open', 'posting') AND closes_at > $10) AS live FROM drops WHERE id = $1 FOR SHARE),
  ins AS (
    INSERT INTO answers (drop_id, user_id, platform, workspace, pack_id, question_id, choice, correct, points,
                         answered_at, elapsed_ms, via)
    SELECT d.id, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 FROM d WHERE d.live
    ON CONFLICT (drop_id, user_id) DO NOTHING
    RETURNING platform, workspace, user_id, pack_id, question_id, choice, points, correct),
  per AS (SELECT period, COUNT(*)::int AS n FROM unnest($13::text[]) AS period GROUP BY period),
  tot AS (
    INSERT INTO score_totals (platform, workspace, period, user_id, points, correct, answered)
    SELECT ins.platform, ins.workspace, per.period, ins.user_id, ins.points * per.n, ins.correct * per.n, per.n
    FROM ins, per ORDER BY per.period
    ON CONFLICT (platform, workspace, period, user_id) DO UPDATE SET
      points = score_totals.points + excluded.points, correct = score_totals.correct + excluded.correct,
      answered = score_totals.answered + excluded.answered),
  pper AS (SELECT period, COUNT(*)::int AS n FROM unnest($14::text[]) AS period GROUP BY period),
  pk AS (
    INSERT INTO pack_totals (platform, workspace, period, user_id, pack_id, correct, answered)
    SELECT ins.platform, ins.workspace, pper.period, ins.user_id, ins.pack_id, ins.correct * pper.n, pper.n
    FROM ins, pper ORDER BY pper.period
    ON CONFLICT (platform, workspace, period, user_id, pack_id) DO UPDATE SET
      correct = pack_totals.correct + excluded.correct, answered = pack_totals.answered + excluded.answered),
  ch AS (
    INSERT INTO choice_counts (platform, workspace, pack_id, question_id, choice, correct, n)
    SELECT platform, workspace, pack_id, question_id, choice, correct, 1 FROM ins
    ON CONFLICT (platform, workspace, pack_id, question_id, choice, correct) DO UPDATE SET n = choice_counts.n + 1),
  st AS (
    INSERT INTO streaks (platform, workspace, user_id, current, best)
    SELECT platform, workspace, user_id, correct, correct FROM ins
    ON CONFLICT (platform, workspace, user_id) DO UPDATE SET
      current = CASE WHEN excluded.current = 1 THEN streaks.current + 1 ELSE 0 END,
      best = GREATEST(streaks.best, CASE WHEN excluded.current = 1 THEN streaks.current + 1 ELSE 0 END))
  SELECT (SELECT COUNT(*) FROM d WHERE live)::int AS live, (SELECT COUNT(*) FROM ins)::int AS inserted`;

/** The answers part of the Store port. */
export function answerQueries(db: Db): StoreQueries['answers'] {
  const one = (dropId: number, userId: string) =>
    db.query<AnswerRow>('answers.one', 'SELECT * FROM answers WHERE drop_id = $1 AND user_id = $2', [dropId, userId]);

  return {
    async insert(a, periods) {
      const values = [a.dropId, a.userId, a.platform, a.workspace, a.packId, a.questionId, a.choice, a.correct ? 1 : 0, a.points, a.answeredAt, a.elapsedMs, a.via, periods, packPeriods(periods)];
      const { rows } = await db.query<{ live: number; inserted: number }>('answers.insert', INSERT, values);
      const r = rows[0]!;
      if (r.inserted === 1) return { inserted: true } as const;
      // As on SQLite, a first answer already stored wins over "closed": the person is shown their answer.
      const first = (await one(a.dropId, a.userId)).rows[0];
      if (first) return { inserted: false, existing: toAnswer(first) } as const;
      // A drop that is closed, past its time, or not there at all (as on SQLite) takes no answer.
      if (r.live === 0) return { inserted: false, closed: true } as const;
      throw new Error(`answer of ${a.userId} to drop ${a.dropId} neither stored nor found`);
    },
    latestFor: async (s, userId, limit) =>
      (
        await db.query<AnswerRow>(
          'answers.latestFor',
          'SELECT * FROM answers WHERE platform = $1 AND workspace = $2 AND user_id = $3 ORDER BY answered_at DESC, drop_id DESC LIMIT $4',
          [s.platform, s.workspace, userId, limit],
        )
      ).rows.map(toAnswer),
    forDrop: async (dropId) =>
      (await db.query<AnswerRow>('answers.forDrop', 'SELECT * FROM answers WHERE drop_id = $1 ORDER BY answered_at, user_id', [dropId])).rows.map(toAnswer),
    async tally(dropId, winners) {
      // The reveal's counts in SQL: a drop of many thousand answers is not sent over as many rows.
      const [rows, first] = await Promise.all([
        db.query<{ choice: string; n: string; right: string }>(
          'answers.tally',
          'SELECT choice, count(*) AS n, sum(correct) AS right FROM answers WHERE drop_id = $1 GROUP BY choice ORDER BY choice',
          [dropId],
        ),
        db.query<{ user_id: string }>('answers.first_right', 'SELECT user_id FROM answers WHERE drop_id = $1 AND correct = 1 ORDER BY answered_at, user_id LIMIT $2', [dropId, winners]),
      ]);
      return {
        choices: rows.rows.map((r) => ({ choice: r.choice, n: Number(r.n) })),
        total: rows.rows.reduce((sum, r) => sum + Number(r.n), 0),
        right: rows.rows.reduce((sum, r) => sum + Number(r.right), 0),
        firstRight: first.rows.map((r) => r.user_id),
      };
    },
    async get(dropId, userId) {
      const row = (await one(dropId, userId)).rows[0];
      return row ? toAnswer(row) : undefined;
    },
  };
}
