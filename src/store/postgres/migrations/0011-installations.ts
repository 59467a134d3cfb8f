/** Schema version 11 on PostgreSQL: a platform's installation per workspace, sealed (as SQLite's 0011). */
import { sqlStep } from './step.ts';

export const up = sqlStep(`
  CREATE TABLE installations (
    platform TEXT COLLATE "C" NOT NULL,
    workspace TEXT COLLATE "C" NOT NULL,
    key_id TEXT COLLATE "C" NOT NULL,
    sealed TEXT NOT NULL,
    installed_at BIGINT NOT NULL,
    PRIMARY KEY (platform, workspace)
  );
`);
