/** The PostgreSQL implementation of the async Store port. */
import type { Pool } from 'pg';
import type { AsyncStore, StoreQueries } from '../async-port.ts';
import { answerQueries } from './answers.ts';
import { boardQueries } from './boards.ts';
import { cardQueries } from './cards.ts';
import { poolDb, withTransaction, type Db } from './db.ts';
import { deliveryQueries } from './deliveries.ts';
import { dropQueries } from './drops.ts';
import { hintQueries } from './hints.ts';
import { workspacePackQueries } from './workspace-packs.ts';
import { weeklyQueries } from './weekly.ts';
import { suggestionQueries } from './suggestions.ts';
import { insightQueries } from './insights.ts';
import { erasureQueries, installationQueries } from './installations.ts';
import { memberQueries } from './members.ts';
import { reminderQueries } from './reminders.ts';
import { reviewQueries } from './reviews.ts';
import { scheduleQueries } from './schedules.ts';
import { workspaceQueries } from './workspaces.ts';

export { openPostgres, createPool, redactUrl, type PostgresOptions } from './open.ts';
export { migratePostgres, pgSchemaVersion, PG_SCHEMA_VERSION } from './migrate.ts';

/** Every query group over one place to run statements. */
function queries(db: Db): StoreQueries {
  return {
    drops: dropQueries(db),
    answers: answerQueries(db),
    members: memberQueries(db),
    schedules: scheduleQueries(db),
    boards: boardQueries(db),
    cards: cardQueries(db),
    reviews: reviewQueries(db),
    reminders: reminderQueries(db),
    insights: insightQueries(db),
    hints: hintQueries(db),
    weekly: weeklyQueries(db),
    workspaces: workspaceQueries(db),
    deliveries: deliveryQueries(db),
    installations: installationQueries(db),
    erasure: erasureQueries(db),
    packs: workspacePackQueries(db),
    suggestions: suggestionQueries(db),
  };
}

/** The store over an open, migrated pool; `close()` ends the pool. */
export function createPostgresStore(pool: Pool): AsyncStore {
  return {
    ...queries(poolDb(pool)),
    // The groups are rebuilt over the transaction's connection: plain objects, cheap beside a round trip.
    transaction: (fn) => withTransaction(pool, (db) => fn(queries(db))),
    close: () => pool.end(),
  };
}
