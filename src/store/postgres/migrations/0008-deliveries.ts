/** Schema version 8 on PostgreSQL: platform deliveries already handled, shared by every instance on the database. */
import { sqlStep } from './step.ts';

// The same table as SQLite's 0008: a Slack retry that lands on another instance finds the id here.
export const up = sqlStep(`
  CREATE TABLE deliveries (
    platform TEXT COLLATE "C" NOT NULL,
    id TEXT COLLATE "C" NOT NULL,
    seen_at BIGINT NOT NULL,
    PRIMARY KEY (platform, id)
  );
  CREATE INDEX deliveries_seen ON deliveries (seen_at);
`);
