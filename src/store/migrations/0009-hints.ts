/** Schema version 9: who asked for which hint, so a hint's cost holds across instances and restarts. */
import type { Database } from 'better-sqlite3';

/**
 * One row per person and thing they asked about: `target` is `drop:<id>` for a posted question, or
 * `review:<question>:<shown at>` for one showing of a review card (a later showing starts clean).
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE hints (
      platform TEXT NOT NULL,
      workspace TEXT NOT NULL,
      user_id TEXT NOT NULL,
      target TEXT NOT NULL,
      question_id TEXT NOT NULL,
      pack_id TEXT NOT NULL,
      asked_at INTEGER NOT NULL,
      PRIMARY KEY (platform, workspace, user_id, target)
    ) WITHOUT ROWID;
    CREATE INDEX hints_question ON hints (platform, workspace, pack_id, question_id);
  `);
}
