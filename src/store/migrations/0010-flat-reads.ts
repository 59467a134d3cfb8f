/** Schema version 10: what insights, ranks, /quiz stats and the question picker read, kept as it changes. */
import type { Database } from 'better-sqlite3';
import { BACKFILL_WEEKS_MS, weekKeyOf } from '../pack-periods.ts';

/**
 * Reads that used to grow with history now read a few rows:
 * - `choice_counts`: first answers per question and option (right or wrong), for insights' accuracy
 *   and most common wrong pick; written on the answer path.
 * - `pack_totals`: a person's answers per pack for 'all' (/quiz stats) and per week (insights'
 *   participation in one pack); written on the answer path, rebuilt with the totals on a zone change.
 * - `score_points`: how many people have each points total per period, so "how many are ahead of me"
 *   sums one row per distinct total instead of counting the people.
 * - `week_activity`: people and answers per week, for every pack ('') and per pack.
 * - `channel_usage`: how often each question was dropped in a channel, for the picker.
 * The last three are kept by triggers on the rows they summarise, so every writer (answers, closes,
 * rebuilds, db:copy) keeps them right. Existing history is summarised here, once.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE choice_counts (
      platform TEXT NOT NULL,
      workspace TEXT NOT NULL,
      pack_id TEXT NOT NULL,
      question_id TEXT NOT NULL,
      choice TEXT NOT NULL,
      correct INTEGER NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (platform, workspace, pack_id, question_id, choice, correct)
    ) WITHOUT ROWID;
    CREATE TABLE pack_totals (
      platform TEXT NOT NULL,
      workspace TEXT NOT NULL,
      -- 'all' or 'week:<start ms>', as in score_totals.
      period TEXT NOT NULL,
      user_id TEXT NOT NULL,
      pack_id TEXT NOT NULL,
      correct INTEGER NOT NULL,
      answered INTEGER NOT NULL,
      PRIMARY KEY (platform, workspace, period, user_id, pack_id)
    ) WITHOUT ROWID;
    CREATE TABLE score_points (
      platform TEXT NOT NULL,
      workspace TEXT NOT NULL,
      period TEXT NOT NULL,
      points INTEGER NOT NULL,
      players INTEGER NOT NULL,
      PRIMARY KEY (platform, workspace, period, points)
    ) WITHOUT ROWID;
    CREATE TABLE week_activity (
      platform TEXT NOT NULL,
      workspace TEXT NOT NULL,
      period TEXT NOT NULL,
      -- '' for every pack.
      pack_id TEXT NOT NULL,
      people INTEGER NOT NULL,
      answers INTEGER NOT NULL,
      PRIMARY KEY (platform, workspace, period, pack_id)
    ) WITHOUT ROWID;
    CREATE TABLE channel_usage (
      platform TEXT NOT NULL,
      workspace TEXT NOT NULL,
      channel TEXT NOT NULL,
      question_id TEXT NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (platform, workspace, channel, question_id)
    ) WITHOUT ROWID;

    INSERT INTO choice_counts
      SELECT platform, workspace, pack_id, question_id, choice, correct, COUNT(*) FROM answers
      GROUP BY platform, workspace, pack_id, question_id, choice, correct;
    INSERT INTO pack_totals
      SELECT platform, workspace, 'all', user_id, pack_id, SUM(correct), COUNT(*) FROM answers
      GROUP BY platform, workspace, user_id, pack_id;
    INSERT INTO score_points
      SELECT platform, workspace, period, points, COUNT(*) FROM score_totals GROUP BY platform, workspace, period, points;
    INSERT INTO week_activity
      SELECT platform, workspace, period, '', COUNT(*), SUM(answered) FROM score_totals
      WHERE period LIKE 'week:%' GROUP BY platform, workspace, period;
    INSERT INTO channel_usage
      SELECT platform, workspace, channel, question_id, COUNT(*) FROM drops WHERE state IN ('open', 'closed')
      GROUP BY platform, workspace, channel, question_id;
  `);
  backfillPackWeeks(db);
  db.exec(`
    INSERT INTO week_activity
      SELECT platform, workspace, period, pack_id, COUNT(*), SUM(answered) FROM pack_totals
      WHERE period <> 'all' GROUP BY platform, workspace, period, pack_id;
    ${TRIGGERS}
  `);
}

/** Per-pack weeks of the answers insights can still show (see BACKFILL_WEEKS_MS), in each workspace's zone. */
function backfillPackWeeks(db: Database): void {
  const scopes = db
    .prepare(`
      SELECT a.platform, a.workspace, MAX(a.answered_at) AS latest,
        COALESCE((SELECT tz FROM workspaces w WHERE w.platform = a.platform AND w.workspace = a.workspace), 'UTC') AS tz
      FROM answers a GROUP BY a.platform, a.workspace`)
    .all() as { platform: string; workspace: string; latest: number; tz: string }[];
  const recent = db.prepare<[string, string, number], { user_id: string; pack_id: string; correct: number; answered_at: number }>(
    'SELECT user_id, pack_id, correct, answered_at FROM answers WHERE platform = ? AND workspace = ? AND answered_at >= ?',
  );
  const put = db.prepare('INSERT INTO pack_totals VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const s of scopes) {
    // Summed first: better-sqlite3 cannot write while a statement is still reading.
    const sums = new Map<string, [string, string, string, string, string, number, number]>();
    for (const a of recent.iterate(s.platform, s.workspace, s.latest - BACKFILL_WEEKS_MS)) {
      const period = weekKeyOf(a.answered_at, s.tz);
      const k = `${period}\u0000${a.user_id}\u0000${a.pack_id}`;
      const t = sums.get(k) ?? [s.platform, s.workspace, period, a.user_id, a.pack_id, 0, 0];
      t[5] += a.correct;
      t[6] += 1;
      sums.set(k, t);
    }
    for (const t of sums.values()) put.run(...t);
  }
}

const TOTALS_KEY = 'platform = NEW.platform AND workspace = NEW.workspace AND period = NEW.period';
const OLD_TOTALS_KEY = 'platform = OLD.platform AND workspace = OLD.workspace AND period = OLD.period';
const COUNTED = "('open', 'closed')";

/** The triggers that keep score_points, week_activity and channel_usage in step with their sources. */
const TRIGGERS = `
  CREATE TRIGGER score_totals_added AFTER INSERT ON score_totals BEGIN
    INSERT INTO score_points VALUES (NEW.platform, NEW.workspace, NEW.period, NEW.points, 1)
      ON CONFLICT DO UPDATE SET players = players + 1;
    INSERT INTO week_activity SELECT NEW.platform, NEW.workspace, NEW.period, '', 1, NEW.answered WHERE NEW.period LIKE 'week:%'
      ON CONFLICT DO UPDATE SET people = people + 1, answers = answers + excluded.answers;
  END;
  CREATE TRIGGER score_totals_changed AFTER UPDATE OF points, answered ON score_totals BEGIN
    UPDATE score_points SET players = players - 1 WHERE ${OLD_TOTALS_KEY} AND points = OLD.points AND OLD.points <> NEW.points;
    INSERT INTO score_points SELECT NEW.platform, NEW.workspace, NEW.period, NEW.points, 1 WHERE OLD.points <> NEW.points
      ON CONFLICT DO UPDATE SET players = players + 1;
    UPDATE week_activity SET answers = answers + NEW.answered - OLD.answered
      WHERE ${TOTALS_KEY} AND pack_id = '' AND NEW.period LIKE 'week:%' AND NEW.answered <> OLD.answered;
  END;
  CREATE TRIGGER score_totals_removed AFTER DELETE ON score_totals BEGIN
    UPDATE score_points SET players = players - 1 WHERE ${OLD_TOTALS_KEY} AND points = OLD.points;
    UPDATE week_activity SET people = people - 1, answers = answers - OLD.answered
      WHERE ${OLD_TOTALS_KEY} AND pack_id = '' AND OLD.period LIKE 'week:%';
  END;

  CREATE TRIGGER pack_totals_added AFTER INSERT ON pack_totals WHEN NEW.period <> 'all' BEGIN
    INSERT INTO week_activity VALUES (NEW.platform, NEW.workspace, NEW.period, NEW.pack_id, 1, NEW.answered)
      ON CONFLICT DO UPDATE SET people = people + 1, answers = answers + excluded.answers;
  END;
  CREATE TRIGGER pack_totals_changed AFTER UPDATE OF answered ON pack_totals WHEN NEW.period <> 'all' BEGIN
    UPDATE week_activity SET answers = answers + NEW.answered - OLD.answered WHERE ${TOTALS_KEY} AND pack_id = NEW.pack_id;
  END;
  CREATE TRIGGER pack_totals_removed AFTER DELETE ON pack_totals WHEN OLD.period <> 'all' BEGIN
    UPDATE week_activity SET people = people - 1, answers = answers - OLD.answered WHERE ${OLD_TOTALS_KEY} AND pack_id = OLD.pack_id;
  END;

  CREATE TRIGGER drops_counted AFTER INSERT ON drops WHEN NEW.state IN ${COUNTED} BEGIN
    INSERT INTO channel_usage VALUES (NEW.platform, NEW.workspace, NEW.channel, NEW.question_id, 1)
      ON CONFLICT DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER drops_state_counted AFTER UPDATE OF state ON drops
    WHEN (OLD.state IN ${COUNTED}) <> (NEW.state IN ${COUNTED}) BEGIN
    INSERT INTO channel_usage SELECT NEW.platform, NEW.workspace, NEW.channel, NEW.question_id, 1 WHERE NEW.state IN ${COUNTED}
      ON CONFLICT DO UPDATE SET n = n + 1;
    UPDATE channel_usage SET n = n - 1
      WHERE platform = OLD.platform AND workspace = OLD.workspace AND channel = OLD.channel AND question_id = OLD.question_id
        AND OLD.state IN ${COUNTED};
  END;
  CREATE TRIGGER drops_uncounted AFTER DELETE ON drops WHEN OLD.state IN ${COUNTED} BEGIN
    UPDATE channel_usage SET n = n - 1
      WHERE platform = OLD.platform AND workspace = OLD.workspace AND channel = OLD.channel AND question_id = OLD.question_id;
  END;
`;
