/** Schema version 14 on PostgreSQL: channels that get the weekly summary (as SQLite's 0014). */
import { sqlStep } from './step.ts';

export const up = sqlStep(`
  CREATE TABLE weekly_posts (
    platform TEXT COLLATE "C" NOT NULL,
    workspace TEXT COLLATE "C" NOT NULL,
    channel TEXT COLLATE "C" NOT NULL,
    created_by TEXT COLLATE "C" NOT NULL,
    created_at BIGINT NOT NULL,
    last_week BIGINT,
    PRIMARY KEY (platform, workspace, channel)
  );
`);
