/** Schema version 10 on PostgreSQL: the summaries insights, ranks, /quiz stats and the picker read (as SQLite's 0010). */
import type { PgStep } from './step.ts';
import { BACKFILL_WEEKS_MS, weekKeyOf } from '../../pack-periods.ts';

const PAGE = 20_000;

/**
 * The same tables and meaning as SQLite's 0010 (read its comment): choice_counts and pack_totals are
 * written on the answer path; score_points, week_activity and channel_usage by row triggers.
 * The triggers are statement triggers (see TRIGGERS).
 */
export const up: PgStep = async (client) => {
  await client.query(`
    CREATE TABLE choice_counts (
      platform TEXT COLLATE "C" NOT NULL,
      workspace TEXT COLLATE "C" NOT NULL,
      pack_id TEXT COLLATE "C" NOT NULL,
      question_id TEXT COLLATE "C" NOT NULL,
      choice TEXT COLLATE "C" NOT NULL,
      correct INTEGER NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (platform, workspace, pack_id, question_id, choice, correct)
    );
    CREATE TABLE pack_totals (
      platform TEXT COLLATE "C" NOT NULL,
      workspace TEXT COLLATE "C" NOT NULL,
      period TEXT COLLATE "C" NOT NULL,
      user_id TEXT COLLATE "C" NOT NULL,
      pack_id TEXT COLLATE "C" NOT NULL,
      correct INTEGER NOT NULL,
      answered INTEGER NOT NULL,
      PRIMARY KEY (platform, workspace, period, user_id, pack_id)
    );
    CREATE TABLE score_points (
      platform TEXT COLLATE "C" NOT NULL,
      workspace TEXT COLLATE "C" NOT NULL,
      period TEXT COLLATE "C" NOT NULL,
      points INTEGER NOT NULL,
      players INTEGER NOT NULL,
      PRIMARY KEY (platform, workspace, period, points)
    );
    CREATE TABLE week_activity (
      platform TEXT COLLATE "C" NOT NULL,
      workspace TEXT COLLATE "C" NOT NULL,
      period TEXT COLLATE "C" NOT NULL,
      pack_id TEXT COLLATE "C" NOT NULL,
      people INTEGER NOT NULL,
      answers INTEGER NOT NULL,
      PRIMARY KEY (platform, workspace, period, pack_id)
    );
    CREATE TABLE channel_usage (
      platform TEXT COLLATE "C" NOT NULL,
      workspace TEXT COLLATE "C" NOT NULL,
      channel TEXT COLLATE "C" NOT NULL,
      question_id TEXT COLLATE "C" NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (platform, workspace, channel, question_id)
    );

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
  await backfillPackWeeks(client);
  await client.query(`
    INSERT INTO week_activity
      SELECT platform, workspace, period, pack_id, COUNT(*), SUM(answered) FROM pack_totals
      WHERE period <> 'all' GROUP BY platform, workspace, period, pack_id;
    ${TRIGGERS}
  `);
};

type Recent = { drop_id: string; user_id: string; pack_id: string; correct: number; answered_at: string };

/** Per-pack weeks of the answers insights can still show, in each workspace's zone, read in pages. */
async function backfillPackWeeks(client: Parameters<PgStep>[0]): Promise<void> {
  const scopes = (
    await client.query<{ platform: string; workspace: string; latest: string; tz: string }>(`
      SELECT a.platform, a.workspace, MAX(a.answered_at) AS latest,
        COALESCE((SELECT tz FROM workspaces w WHERE w.platform = a.platform AND w.workspace = a.workspace), 'UTC') AS tz
      FROM answers a GROUP BY a.platform, a.workspace`)
  ).rows;
  for (const s of scopes) {
    const sums = new Map<string, [string, string, string, string, string, number, number]>();
    let after: [string, string] = ['-1', ''];
    for (;;) {
      const { rows } = await client.query<Recent>(
        `SELECT drop_id, user_id, pack_id, correct, answered_at FROM answers
         WHERE platform = $1 AND workspace = $2 AND answered_at >= $3 AND (drop_id, user_id) > ($4, $5)
         ORDER BY drop_id, user_id LIMIT ${PAGE}`,
        [s.platform, s.workspace, Number(s.latest) - BACKFILL_WEEKS_MS, ...after],
      );
      for (const a of rows) {
        const period = weekKeyOf(Number(a.answered_at), s.tz);
        const k = `${period}\u0000${a.user_id}\u0000${a.pack_id}`;
        const t = sums.get(k) ?? [s.platform, s.workspace, period, a.user_id, a.pack_id, 0, 0];
        t[5] += a.correct;
        t[6] += 1;
        sums.set(k, t);
      }
      if (rows.length < PAGE) break;
      const last = rows[rows.length - 1]!;
      after = [last.drop_id, last.user_id];
    }
    const all = [...sums.values()];
    for (let i = 0; i < all.length; i += PAGE) {
      const chunk = all.slice(i, i + PAGE);
      await client.query(
        `INSERT INTO pack_totals (platform, workspace, period, user_id, pack_id, correct, answered)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[])`,
        [0, 1, 2, 3, 4, 5, 6].map((c) => chunk.map((t) => t[c])),
      );
    }
  }
}

const COUNTED = "('open', 'closed')";

/**
 * Statement triggers with transition tables: a statement that writes many rows (a rebuild, db:copy)
 * adds to each summary row once, not once per row (PostgreSQL updating one row thousands of times in
 * a transaction slows down with every version it leaves). Rows are added in key order, so two
 * transactions take their locks in the same order. A decrement is an UPDATE, so rows emptied first
 * (a reset deleting the summaries before their sources) are never recreated negative.
 */
const TRIGGERS = `
  CREATE FUNCTION score_totals_added() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO score_points (platform, workspace, period, points, players)
      SELECT platform, workspace, period, points, COUNT(*) FROM new_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (platform, workspace, period, points) DO UPDATE SET players = score_points.players + excluded.players;
    INSERT INTO week_activity (platform, workspace, period, pack_id, people, answers)
      SELECT platform, workspace, period, '', COUNT(*), SUM(answered) FROM new_rows WHERE period LIKE 'week:%'
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (platform, workspace, period, pack_id) DO UPDATE
      SET people = week_activity.people + excluded.people, answers = week_activity.answers + excluded.answers;
    RETURN NULL;
  END $$;
  CREATE FUNCTION score_totals_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO score_points (platform, workspace, period, points, players)
      SELECT platform, workspace, period, points, SUM(d) FROM (
        SELECT o.platform, o.workspace, o.period, o.points, -1 AS d
        FROM old_rows o JOIN new_rows n USING (platform, workspace, period, user_id) WHERE o.points <> n.points
        UNION ALL
        SELECT n.platform, n.workspace, n.period, n.points, 1
        FROM old_rows o JOIN new_rows n USING (platform, workspace, period, user_id) WHERE o.points <> n.points
      ) AS moves GROUP BY 1, 2, 3, 4 HAVING SUM(d) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (platform, workspace, period, points) DO UPDATE SET players = score_points.players + excluded.players;
    UPDATE week_activity w SET answers = w.answers + c.d FROM (
      SELECT n.platform, n.workspace, n.period, SUM(n.answered - o.answered) AS d
      FROM old_rows o JOIN new_rows n USING (platform, workspace, period, user_id) WHERE n.period LIKE 'week:%'
      GROUP BY 1, 2, 3
    ) AS c
    WHERE w.platform = c.platform AND w.workspace = c.workspace AND w.period = c.period AND w.pack_id = '' AND c.d <> 0;
    RETURN NULL;
  END $$;
  CREATE FUNCTION score_totals_removed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    UPDATE score_points p SET players = p.players - c.n FROM (
      SELECT platform, workspace, period, points, COUNT(*) AS n FROM old_rows GROUP BY 1, 2, 3, 4
    ) AS c WHERE p.platform = c.platform AND p.workspace = c.workspace AND p.period = c.period AND p.points = c.points;
    UPDATE week_activity w SET people = w.people - c.n, answers = w.answers - c.a FROM (
      SELECT platform, workspace, period, COUNT(*) AS n, SUM(answered) AS a FROM old_rows WHERE period LIKE 'week:%' GROUP BY 1, 2, 3
    ) AS c WHERE w.platform = c.platform AND w.workspace = c.workspace AND w.period = c.period AND w.pack_id = '';
    RETURN NULL;
  END $$;
  CREATE TRIGGER score_totals_added AFTER INSERT ON score_totals
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION score_totals_added();
  CREATE TRIGGER score_totals_changed AFTER UPDATE ON score_totals
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION score_totals_changed();
  CREATE TRIGGER score_totals_removed AFTER DELETE ON score_totals
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION score_totals_removed();

  CREATE FUNCTION pack_totals_added() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO week_activity (platform, workspace, period, pack_id, people, answers)
      SELECT platform, workspace, period, pack_id, COUNT(*), SUM(answered) FROM new_rows WHERE period <> 'all'
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (platform, workspace, period, pack_id) DO UPDATE
      SET people = week_activity.people + excluded.people, answers = week_activity.answers + excluded.answers;
    RETURN NULL;
  END $$;
  CREATE FUNCTION pack_totals_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    UPDATE week_activity w SET answers = w.answers + c.d FROM (
      SELECT n.platform, n.workspace, n.period, n.pack_id, SUM(n.answered - o.answered) AS d
      FROM old_rows o JOIN new_rows n USING (platform, workspace, period, user_id, pack_id) WHERE n.period <> 'all'
      GROUP BY 1, 2, 3, 4
    ) AS c
    WHERE w.platform = c.platform AND w.workspace = c.workspace AND w.period = c.period AND w.pack_id = c.pack_id AND c.d <> 0;
    RETURN NULL;
  END $$;
  CREATE FUNCTION pack_totals_removed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    UPDATE week_activity w SET people = w.people - c.n, answers = w.answers - c.a FROM (
      SELECT platform, workspace, period, pack_id, COUNT(*) AS n, SUM(answered) AS a FROM old_rows WHERE period <> 'all' GROUP BY 1, 2, 3, 4
    ) AS c WHERE w.platform = c.platform AND w.workspace = c.workspace AND w.period = c.period AND w.pack_id = c.pack_id;
    RETURN NULL;
  END $$;
  CREATE TRIGGER pack_totals_added AFTER INSERT ON pack_totals
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pack_totals_added();
  CREATE TRIGGER pack_totals_changed AFTER UPDATE ON pack_totals
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pack_totals_changed();
  CREATE TRIGGER pack_totals_removed AFTER DELETE ON pack_totals
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pack_totals_removed();

  CREATE FUNCTION drops_added() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO channel_usage (platform, workspace, channel, question_id, n)
      SELECT platform, workspace, channel, question_id, COUNT(*) FROM new_rows WHERE state IN ${COUNTED}
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (platform, workspace, channel, question_id) DO UPDATE SET n = channel_usage.n + excluded.n;
    RETURN NULL;
  END $$;
  CREATE FUNCTION drops_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO channel_usage (platform, workspace, channel, question_id, n)
      SELECT n.platform, n.workspace, n.channel, n.question_id, SUM(CASE WHEN n.state IN ${COUNTED} THEN 1 ELSE -1 END)
      FROM old_rows o JOIN new_rows n USING (id)
      WHERE (o.state IN ${COUNTED}) <> (n.state IN ${COUNTED})
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (platform, workspace, channel, question_id) DO UPDATE SET n = channel_usage.n + excluded.n;
    RETURN NULL;
  END $$;
  CREATE FUNCTION drops_removed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    UPDATE channel_usage u SET n = u.n - c.n FROM (
      SELECT platform, workspace, channel, question_id, COUNT(*) AS n FROM old_rows WHERE state IN ${COUNTED} GROUP BY 1, 2, 3, 4
    ) AS c WHERE u.platform = c.platform AND u.workspace = c.workspace AND u.channel = c.channel AND u.question_id = c.question_id;
    RETURN NULL;
  END $$;
  CREATE TRIGGER drops_added AFTER INSERT ON drops
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION drops_added();
  CREATE TRIGGER drops_changed AFTER UPDATE ON drops
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION drops_changed();
  CREATE TRIGGER drops_removed AFTER DELETE ON drops
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION drops_removed();
`;
