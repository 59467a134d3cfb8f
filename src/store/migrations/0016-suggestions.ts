/** Schema version 16: questions suggested by members, waiting for an admin or decided. */
import type { Database } from 'better-sqlite3';

/**
 * One row per suggestion. `fields` is the form as last saved (JSON: prompt, options, answer, steps, hint).
 * An approved one names the pack and question it became, which is how a reveal finds its author.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE suggestions (
      id INTEGER PRIMARY KEY,
      platform TEXT NOT NULL,
      workspace TEXT NOT NULL,
      author_id TEXT NOT NULL,
      author_name TEXT NOT NULL,
      channel TEXT,
      fields TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
      created_at INTEGER NOT NULL,
      edited_by TEXT,
      decided_by TEXT,
      decided_at INTEGER,
      reason TEXT,
      pack_id TEXT,
      question_id TEXT
    );
    CREATE INDEX suggestions_queue ON suggestions (platform, workspace, status, id);
    CREATE INDEX suggestions_author ON suggestions (platform, workspace, author_id, status);
    CREATE INDEX suggestions_question ON suggestions (platform, workspace, question_id) WHERE question_id IS NOT NULL;
  `);
}
