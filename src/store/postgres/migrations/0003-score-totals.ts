/** Schema version 3 on PostgreSQL: running totals per period, and small settings in `meta`. */
import { sqlStep } from './step.ts';

export const up = sqlStep(`
  CREATE TABLE score_totals (
    platform TEXT COLLATE "C" NOT NULL,
    workspace TEXT COLLATE "C" NOT NULL,
    period TEXT COLLATE "C" NOT NULL,
    user_id TEXT COLLATE "C" NOT NULL,
    points INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    answered INTEGER NOT NULL,
    PRIMARY KEY (platform, workspace, period, user_id)
  );
  CREATE INDEX score_totals_rank ON score_totals (platform, workspace, period, points DESC, correct DESC, user_id);

  CREATE TABLE meta (
    key TEXT COLLATE "C" PRIMARY KEY,
    value TEXT NOT NULL
  );
`);
