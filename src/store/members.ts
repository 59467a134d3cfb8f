/** Queries on the `members` table: display names for leaderboards and reveals. */
import type { Database } from 'better-sqlite3';
import type { SyncStore } from './sync-port.ts';

/** The members part of the Store port. */
export function memberQueries(db: Database): SyncStore['members'] {
  const upsert = db.prepare(`
    INSERT INTO members (platform, workspace, user_id, display_name, updated_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (platform, workspace, user_id) DO UPDATE SET display_name = excluded.display_name, updated_at = excluded.updated_at
    WHERE display_name IS NOT excluded.display_name`);
  const name = db.prepare<[string, string, string], { display_name: string }>(
    'SELECT display_name FROM members WHERE platform = ? AND workspace = ? AND user_id = ?',
  );
  return {
    remember: (s, userId, displayName, at) => void upsert.run(s.platform, s.workspace, userId, displayName, at),
    name: (s, userId) => name.get(s.platform, s.workspace, userId)?.display_name,
  };
}
