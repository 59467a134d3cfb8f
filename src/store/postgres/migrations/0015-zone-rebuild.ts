/** Schema version 15 on PostgreSQL: a time-zone change recounts totals in the background (as SQLite's 0015). */
import { sqlStep } from './step.ts';

export const up = sqlStep(`
  ALTER TABLE workspaces
    ADD COLUMN gen INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN next_tz TEXT COLLATE "C",
    ADD COLUMN next_gen INTEGER,
    ADD COLUMN next_drop BIGINT,
    ADD COLUMN next_user TEXT COLLATE "C",
    ADD COLUMN stale SMALLINT NOT NULL DEFAULT 0 CHECK (stale IN (0, 1)),
    ADD COLUMN gc_period TEXT COLLATE "C",
    ADD COLUMN gc_user TEXT COLLATE "C";
`);
