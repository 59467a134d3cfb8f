/** Schema version 4: fewer pages written per answer, which is what an answer's commit costs. */
import type { Database } from 'better-sqlite3';

/**
 * A person has at most a few hundred cards, so "most overdue" reads them through the primary key
 * prefix; the separate due index only added a page write to every answer.
 */
export function up(db: Database): void {
  db.exec('DROP INDEX cards_due;');
}
