/** Schema version 7: one live drop per channel, drops keep the question they posted, workspaces keep their zone. */
import type { Database } from 'better-sqlite3';

/**
 * - A channel has at most one drop posting or open, enforced by a unique index (several processes used
 *   to leave several open). Older duplicates are closed (open) or failed (posting) first.
 * - `drops.question` holds the question as posted (JSON), so editing a pack's key under an open drop
 *   cannot score two different answers as right, and a deleted question can still be revealed.
 * - `drops.reactions` / `schedules.reactions`: whether reactions count as answers (Slack shows who reacted).
 * - `workspaces.tz`: the zone a workspace's leaderboard periods are kept in, so two processes with
 *   different STEPWISE_TZ no longer rebuild each other's totals. Existing workspaces get the zone the
 *   totals were built for.
 * - `reminders.notice`: a message for the person's next command (their DMs were closed, reminders are off).
 */
export function up(db: Database): void {
  db.exec(`
    UPDATE drops SET state = 'closed', closed_at = COALESCE(closed_at, closes_at)
    WHERE state = 'open' AND id NOT IN (
      SELECT MAX(id) FROM drops WHERE state IN ('open', 'posting') GROUP BY platform, workspace, channel);
    UPDATE drops SET state = 'failed', failure = 'abandoned while posting (found when upgrading)'
    WHERE state = 'posting' AND id NOT IN (
      SELECT MAX(id) FROM drops WHERE state IN ('open', 'posting') GROUP BY platform, workspace, channel);
    CREATE UNIQUE INDEX drops_one_live ON drops (platform, workspace, channel) WHERE state IN ('posting', 'open');
    CREATE INDEX drops_posting ON drops (opened_at) WHERE state = 'posting';

    ALTER TABLE drops ADD COLUMN question TEXT;
    ALTER TABLE drops ADD COLUMN reactions INTEGER NOT NULL DEFAULT 1 CHECK (reactions IN (0, 1));
    ALTER TABLE schedules ADD COLUMN reactions INTEGER NOT NULL DEFAULT 1 CHECK (reactions IN (0, 1));
    ALTER TABLE reminders ADD COLUMN notice TEXT;

    CREATE TABLE workspaces (
      platform TEXT NOT NULL,
      workspace TEXT NOT NULL,
      tz TEXT NOT NULL,
      PRIMARY KEY (platform, workspace)
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO workspaces (platform, workspace, tz)
      SELECT DISTINCT platform, workspace, COALESCE((SELECT value FROM meta WHERE key = 'totals_built_for'), 'UTC')
      FROM answers;
  `);
}
