/** Schema version 3: running totals per period, so leaderboards read ten rows, not a year of answers. */
import type { Database } from 'better-sqlite3';

/** Totals per (scope, period, person), kept in step with `answers`; rebuilt when the zone changes. */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE score_totals (
      platform TEXT NOT NULL,
      workspace TEXT NOT NULL,
      -- 'all', or 'week:<start ms>' / 'month:<start ms>' with the start on the workspace's wall clock.
      period TEXT NOT NULL,
      user_id TEXT NOT NULL,
      points INTEGER NOT NULL,
      correct INTEGER NOT NULL,
      answered INTEGER NOT NULL,
      PRIMARY KEY (platform, workspace, period, user_id)
    ) WITHOUT ROWID;
    -- Top N and "how many are ahead of me" are index range scans.
    CREATE INDEX score_totals_rank ON score_totals (platform, workspace, period, points DESC, correct DESC, user_id);

    -- Small settings the store must remember, such as the zone the totals were built for.
    CREATE TABLE meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) WITHOUT ROWID;
  `);
}
