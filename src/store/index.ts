/** The SQLite implementation of the core's Store port. */
import type { Database } from 'better-sqlite3';
import type { Store } from '../core/ports.ts';
import { answerQueries } from './answers.ts';
import { boardQueries } from './boards.ts';
import { dropQueries } from './drops.ts';
import { memberQueries } from './members.ts';
import { scheduleQueries } from './schedules.ts';

export { openDatabase } from './open.ts';
export { migrate, SCHEMA_VERSION } from './migrate.ts';

/** Prepares every statement once over an open, migrated database. */
export function createSqliteStore(db: Database): Store {
  return {
    drops: dropQueries(db),
    answers: answerQueries(db),
    members: memberQueries(db),
    schedules: scheduleQueries(db),
    boards: boardQueries(db),
  };
}
