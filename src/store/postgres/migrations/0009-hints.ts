/** Schema version 9 on PostgreSQL: who asked for which hint (as SQLite's 0009). */
import { sqlStep } from './step.ts';

export const up = sqlStep(`
  CREATE TABLE hints (
    platform TEXT COLLATE "C" NOT NULL,
    workspace TEXT COLLATE "C" NOT NULL,
    user_id TEXT COLLATE "C" NOT NULL,
    target TEXT COLLATE "C" NOT NULL,
    question_id TEXT COLLATE "C" NOT NULL,
    pack_id TEXT COLLATE "C" NOT NULL,
    asked_at BIGINT NOT NULL,
    PRIMARY KEY (platform, workspace, user_id, target)
  );
  CREATE INDEX hints_question ON hints (platform, workspace, pack_id, question_id);
`);
