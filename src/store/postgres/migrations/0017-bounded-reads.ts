/** Schema version 17 on PostgreSQL: as SQLite's 0017, an index per read that must not grow with history. */
import { sqlStep } from './step.ts';

export const up = sqlStep(`
  CREATE INDEX drops_scope ON drops (platform, workspace, id);
`);
