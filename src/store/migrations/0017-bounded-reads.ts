/** Schema version 17: reads that must not grow with a workspace's history get an index in their own order. */
import type { Database } from 'better-sqlite3';

/**
 * - `drops_scope`: a workspace's drops in id order. A zone recount pages through them from a cursor
 *   (`id >= ? ORDER BY id LIMIT n`); without it each slice sorted every drop of the workspace.
 */
export function up(db: Database): void {
  db.exec('CREATE INDEX drops_scope ON drops (platform, workspace, id);');
}
