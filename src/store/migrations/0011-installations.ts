/** Schema version 11: a platform's installation per workspace (Slack OAuth), its tokens sealed by the app. */
import type { Database } from 'better-sqlite3';

/**
 * One row per workspace the app is installed in. `sealed` is the installation encrypted with the key
 * named by `key_id` (the store never sees a token in the clear); `key_id` lets a start-up find the rows
 * still sealed with a previous key and seal them again.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE installations (
      platform TEXT NOT NULL,
      workspace TEXT NOT NULL,
      key_id TEXT NOT NULL,
      sealed TEXT NOT NULL,
      installed_at INTEGER NOT NULL,
      PRIMARY KEY (platform, workspace)
    ) WITHOUT ROWID;
  `);
}
