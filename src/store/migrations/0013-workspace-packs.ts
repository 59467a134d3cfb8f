/** Schema version 13: a workspace's own packs, added from chat, and a version counter other instances watch. */
import type { Database } from 'better-sqlite3';

/**
 * One row per pack of a workspace: its Markdown (an imported bank is stored converted), so export gives
 * it back and every instance parses the same text. `workspace_pack_versions` is bumped by each change,
 * so an instance knows with one key lookup whether its copy is current.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE workspace_packs (
      platform TEXT NOT NULL,
      workspace TEXT NOT NULL,
      pack_id TEXT NOT NULL,
      title TEXT NOT NULL,
      questions INTEGER NOT NULL,
      markdown TEXT NOT NULL,
      format TEXT NOT NULL,
      file_name TEXT NOT NULL,
      added_by TEXT NOT NULL,
      added_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (platform, workspace, pack_id)
    );
    CREATE TABLE workspace_pack_versions (
      platform TEXT NOT NULL,
      workspace TEXT NOT NULL,
      version INTEGER NOT NULL,
      PRIMARY KEY (platform, workspace)
    ) WITHOUT ROWID;
  `);
}
