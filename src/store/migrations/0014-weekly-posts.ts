/** Schema version 14: channels that get the weekly summary, and the latest week each was claimed for. */
import type { Database } from 'better-sqlite3';

/** One row per channel; `last_week` (a week's start, ms) makes each week's post happen once. */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE weekly_posts (
      platform TEXT NOT NULL,
      workspace TEXT NOT NULL,
      channel TEXT NOT NULL,
      created_by TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      last_week INTEGER,
      PRIMARY KEY (platform, workspace, channel)
    ) WITHOUT ROWID;
  `);
}
