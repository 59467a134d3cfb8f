/** Schema version 5: a workspace's drops in time order, so a current streak reads back only to its first miss. */
import type { Database } from 'better-sqlite3';

/** Lets "newest drops of this workspace" walk an index backwards instead of sorting the year. */
export function up(db: Database): void {
  db.exec('CREATE INDEX drops_timeline ON drops (platform, workspace, opened_at, id);');
}
