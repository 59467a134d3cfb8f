/** Schema version 12 on PostgreSQL: each workspace's own settings beside its zone (as SQLite's 0012). */
import { sqlStep } from './step.ts';

export const up = sqlStep(`
  ALTER TABLE workspaces ADD COLUMN window_ms BIGINT;
  ALTER TABLE workspaces ADD COLUMN admin_group TEXT COLLATE "C";
  ALTER TABLE workspaces ADD COLUMN reactions INTEGER CHECK (reactions IN (0, 1));
`);
