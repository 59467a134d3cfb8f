/** Schema version 2: spaced-review cards, review history, pending reviews and daily reminders. */
import type { Database } from 'better-sqlite3';

/** One FSRS card per (person, question), the log of reviews, and opt-in reminders. */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE cards (
      platform TEXT NOT NULL,
      workspace TEXT NOT NULL,
      user_id TEXT NOT NULL,
      question_id TEXT NOT NULL,
      pack_id TEXT NOT NULL,
      due INTEGER NOT NULL,
      stability REAL NOT NULL,
      difficulty REAL NOT NULL,
      elapsed_days REAL NOT NULL,
      scheduled_days REAL NOT NULL,
      learning_steps INTEGER NOT NULL,
      reps INTEGER NOT NULL,
      lapses INTEGER NOT NULL,
      state INTEGER NOT NULL,
      last_review INTEGER,
      PRIMARY KEY (platform, workspace, user_id, question_id)
    ) WITHOUT ROWID;
    -- "Most overdue first" for one person.
    CREATE INDEX cards_due ON cards (platform, workspace, user_id, due);

    CREATE TABLE reviews (
      id INTEGER PRIMARY KEY,
      platform TEXT NOT NULL,
      workspace TEXT NOT NULL,
      user_id TEXT NOT NULL,
      question_id TEXT NOT NULL,
      pack_id TEXT NOT NULL,
      choice TEXT NOT NULL,
      correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
      rating INTEGER NOT NULL,
      reviewed_at INTEGER NOT NULL,
      source TEXT NOT NULL CHECK (source IN ('drop', 'review'))
    );
    CREATE INDEX reviews_user ON reviews (platform, workspace, user_id, reviewed_at);

    -- The card a person was last shown by /quiz review, so "/quiz review answer B" knows what it answers.
    CREATE TABLE pending_reviews (
      platform TEXT NOT NULL,
      workspace TEXT NOT NULL,
      user_id TEXT NOT NULL,
      question_id TEXT NOT NULL,
      shown_at INTEGER NOT NULL,
      PRIMARY KEY (platform, workspace, user_id)
    ) WITHOUT ROWID;

    CREATE TABLE reminders (
      platform TEXT NOT NULL,
      workspace TEXT NOT NULL,
      user_id TEXT NOT NULL,
      -- Minute of the local day to remind at; NULL when reminders are off (the zone is kept).
      at_minute INTEGER CHECK (at_minute IS NULL OR at_minute BETWEEN 0 AND 1439),
      tz TEXT,
      -- Local date (YYYY-MM-DD, in the reminder's zone) of the last reminder: at most one a day.
      last_sent TEXT,
      PRIMARY KEY (platform, workspace, user_id)
    ) WITHOUT ROWID;
  `);
}
