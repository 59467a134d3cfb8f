/** Queries on `members` (PostgreSQL): display names for leaderboards and reveals. */
import type { StoreQueries } from '../async-port.ts';
import type { Db } from './db.ts';

/** The members part of the Store port. */
export function memberQueries(db: Db): StoreQueries['members'] {
  return {
    async remember(s, userId, displayName, at) {
      // Rewritten only when the name changed: most answers come from people already known. Nothing
      // reads its result, so in a transaction it shares its round trip with the next statement.
      await db.write(
        'members.remember',
        `INSERT INTO members (platform, workspace, user_id, display_name, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (platform, workspace, user_id) DO UPDATE SET display_name = excluded.display_name, updated_at = excluded.updated_at
         WHERE members.display_name IS DISTINCT FROM excluded.display_name`,
        [s.platform, s.workspace, userId, displayName, at],
      );
    },
    name: async (s, userId) =>
      (
        await db.query<{ display_name: string }>(
          'members.name',
          'SELECT display_name FROM members WHERE platform = $1 AND workspace = $2 AND user_id = $3',
          [s.platform, s.workspace, userId],
        )
      ).rows[0]?.display_name,
  };
}
