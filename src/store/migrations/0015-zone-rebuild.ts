/** Schema version 15: a time-zone change recounts a workspace's totals in the background. */
import type { Database } from 'better-sqlite3';

/**
 * - `gen`: the generation of the workspace's week and month totals. Generation 0 keeps today's keys
 *   (`week:<start>`); later ones end in `#<gen>`, so a recount in a new zone writes beside the live
 *   totals instead of over them, and becomes live by changing one row.
 * - `next_tz`, `next_gen`: the zone and generation being recounted (NULL when none is);
 *   `next_drop`, `next_user`: how far the recount has read the answers, in key order.
 * - `stale`, `gc_period`, `gc_user`: totals of earlier generations are left to delete, and how far
 *   the deleting has got.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE workspaces ADD COLUMN gen INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE workspaces ADD COLUMN next_tz TEXT;
    ALTER TABLE workspaces ADD COLUMN next_gen INTEGER;
    ALTER TABLE workspaces ADD COLUMN next_drop INTEGER;
    ALTER TABLE workspaces ADD COLUMN next_user TEXT;
    ALTER TABLE workspaces ADD COLUMN stale INTEGER NOT NULL DEFAULT 0 CHECK (stale IN (0, 1));
    ALTER TABLE workspaces ADD COLUMN gc_period TEXT;
    ALTER TABLE workspaces ADD COLUMN gc_user TEXT;
  `);
}
