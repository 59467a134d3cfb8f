/** Schema version 13 on PostgreSQL: a workspace's own packs and their version counter (as SQLite's 0013). */
import { sqlStep } from './step.ts';

export const up = sqlStep(`
  CREATE TABLE workspace_packs (
    platform TEXT COLLATE "C" NOT NULL,
    workspace TEXT COLLATE "C" NOT NULL,
    pack_id TEXT COLLATE "C" NOT NULL,
    title TEXT NOT NULL,
    questions INTEGER NOT NULL,
    markdown TEXT NOT NULL,
    format TEXT NOT NULL,
    file_name TEXT NOT NULL,
    added_by TEXT COLLATE "C" NOT NULL,
    added_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (platform, workspace, pack_id)
  );
  CREATE TABLE workspace_pack_versions (
    platform TEXT COLLATE "C" NOT NULL,
    workspace TEXT COLLATE "C" NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (platform, workspace)
  );
`);
