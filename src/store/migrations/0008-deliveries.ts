/** Schema version 8: platform deliveries already handled, shared by every instance on the database. */
import type { Database } from 'better-sqlite3';

/**
 * Slack redelivers an event it thinks was lost; behind a load balancer the retry may reach another
 * instance, so the "seen it" memory lives in the database instead of in one process.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE deliveries (
      platform TEXT NOT NULL,
      id TEXT NOT NULL,
      seen_at INTEGER NOT NULL,
      PRIMARY KEY (platform, id)
    ) WITHOUT ROWID;
    CREATE INDEX deliveries_seen ON deliveries (seen_at);
  `);
}
