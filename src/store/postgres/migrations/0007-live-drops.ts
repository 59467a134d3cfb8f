/** Schema version 7 on PostgreSQL: one live drop per channel, drops keep their question, workspaces keep their zone. */
import { sqlStep } from './step.ts';

/**
 * The same meaning as SQLite's 0007 (read its comment for the why of each change):
 * - older duplicate live drops in a channel are closed (open) or failed (posting), then a partial unique
 *   index allows one drop posting or open per channel, whichever instance writes it;
 * - `drops.question` is TEXT holding the JSON the core wrote, byte for byte as on SQLite (db:copy moves it
 *   unchanged; JSONB would reorder keys and refuses the escaped NUL that JSON text may carry);
 * - `drops.reactions`, `schedules.reactions` (0/1, default on), `reminders.notice`;
 * - `workspaces` with each workspace's zone; existing ones get the zone the totals were built for.
 */
export const up = sqlStep(`
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
    platform TEXT COLLATE "C" NOT NULL,
    workspace TEXT COLLATE "C" NOT NULL,
    tz TEXT NOT NULL,
    PRIMARY KEY (platform, workspace)
  );
  INSERT INTO workspaces (platform, workspace, tz)
    SELECT DISTINCT platform, workspace, COALESCE((SELECT value FROM meta WHERE key = 'totals_built_for'), 'UTC')
    FROM answers
  ON CONFLICT DO NOTHING;
`);
