/** Schema version 12: each workspace's own settings beside its zone (issue 12, "Settings per workspace"). */
import type { Database } from 'better-sqlite3';

/**
 * NULL in each new column means "follow the process default" (STEPWISE_WINDOW; reactions on; no admin
 * group), so a workspace that never changed a setting keeps following the environment.
 * - `window_ms`: how long a question stays open there.
 * - `admin_group`: who counts as admin besides the platform's own admins: a Discord role id, a Slack
 *   user group id, or a terminal name.
 * - `reactions`: whether reactions count as answers on the workspace's drops (0/1).
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE workspaces ADD COLUMN window_ms INTEGER;
    ALTER TABLE workspaces ADD COLUMN admin_group TEXT;
    ALTER TABLE workspaces ADD COLUMN reactions INTEGER CHECK (reactions IN (0, 1));
  `);
}
