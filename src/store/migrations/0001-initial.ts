/** Schema version 1: every row scoped by platform + workspace from the start. */
import type { Database } from 'better-sqlite3';

/** Members, schedules, drops and answers, indexed for channel lookups, closing and leaderboards. */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE members (
      platform TEXT NOT NULL,
      workspace TEXT NOT NULL,
      user_id TEXT NOT NULL,
      display_name TEXT NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (platform, workspace, user_id)
    ) WITHOUT ROWID;

    CREATE TABLE schedules (
      id INTEGER PRIMARY KEY,
      platform TEXT NOT NULL,
      workspace TEXT NOT NULL,
      channel TEXT NOT NULL,
      cron TEXT NOT NULL,
      tz TEXT NOT NULL,
      pack_id TEXT,
      difficulty TEXT CHECK (difficulty IN ('easy', 'medium', 'hard')),
      paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
      created_by TEXT NOT NULL,
      created_at INTEGER NOT NULL
    );
    CREATE INDEX schedules_scope ON schedules (platform, workspace);

    CREATE TABLE drops (
      id INTEGER PRIMARY KEY,
      platform TEXT NOT NULL,
      workspace TEXT NOT NULL,
      channel TEXT NOT NULL,
      pack_id TEXT NOT NULL,
      question_id TEXT NOT NULL,
      difficulty TEXT NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard')),
      schedule_id INTEGER REFERENCES schedules (id) ON DELETE SET NULL,
      slot INTEGER,
      state TEXT NOT NULL CHECK (state IN ('posting', 'open', 'closed', 'failed')),
      message_ref TEXT,
      failure TEXT,
      opened_at INTEGER NOT NULL,
      closes_at INTEGER NOT NULL,
      closed_at INTEGER,
      created_by TEXT
    );
    -- One drop per schedule slot, whichever process fires first.
    CREATE UNIQUE INDEX drops_schedule_slot ON drops (schedule_id, slot) WHERE schedule_id IS NOT NULL;
    CREATE INDEX drops_channel ON drops (platform, workspace, channel, state);
    CREATE INDEX drops_message ON drops (platform, message_ref) WHERE message_ref IS NOT NULL;
    CREATE INDEX drops_open_closing ON drops (closes_at) WHERE state = 'open';

    CREATE TABLE answers (
      drop_id INTEGER NOT NULL REFERENCES drops (id),
      user_id TEXT NOT NULL,
      platform TEXT NOT NULL,
      workspace TEXT NOT NULL,
      pack_id TEXT NOT NULL,
      question_id TEXT NOT NULL,
      choice TEXT NOT NULL,
      correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
      points INTEGER NOT NULL,
      answered_at INTEGER NOT NULL,
      elapsed_ms INTEGER NOT NULL,
      via TEXT NOT NULL,
      -- The first answer is final: a second insert for the same drop and person is refused.
      PRIMARY KEY (drop_id, user_id)
    );
    CREATE INDEX answers_period ON answers (platform, workspace, answered_at);
    CREATE INDEX answers_user ON answers (platform, workspace, user_id, answered_at);
  `);
}
