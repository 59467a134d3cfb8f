/** The SQLite implementation of the core's Store port. */
import type { Database } from 'better-sqlite3';
import type { SyncStore } from './sync-port.ts';
import { answerQueries } from './answers.ts';
import { boardQueries } from './boards.ts';
import { immediate, mapBusyErrors } from './busy.ts';
import { cardQueries } from './cards.ts';
import { insightQueries } from './insights.ts';
import { dropQueries } from './drops.ts';
import { memberQueries } from './members.ts';
import { reminderQueries } from './reminders.ts';
import { reviewQueries } from './reviews.ts';
import { scheduleQueries } from './schedules.ts';
import { workspaceQueries } from './workspaces.ts';
import { deliveryQueries } from './deliveries.ts';
import { hintQueries } from './hints.ts';
import { erasureQueries, installationQueries } from './installations.ts';
import { workspacePackQueries } from './workspace-packs.ts';
import { weeklyQueries } from './weekly.ts';
import { suggestionQueries } from './suggestions.ts';

export { openDatabase, STARTUP_BUSY_MS, type OpenOptions } from './open.ts';
export { migrate, SCHEMA_VERSION } from './migrate.ts';

/**
 * Prepares every statement once over an open, migrated database. Transactions are IMMEDIATE, and a
 * lock held by another connection past busy_timeout surfaces as StoreBusyError, for the caller to retry.
 */
export function createSqliteStore(db: Database): SyncStore {
  return mapBusyErrors<SyncStore>({
    transaction: (fn) => immediate(db, fn),
    drops: dropQueries(db),
    answers: answerQueries(db),
    members: memberQueries(db),
    schedules: scheduleQueries(db),
    boards: boardQueries(db),
    cards: cardQueries(db),
    reviews: reviewQueries(db),
    reminders: reminderQueries(db),
    insights: insightQueries(db),
    workspaces: workspaceQueries(db),
    deliveries: deliveryQueries(db),
    hints: hintQueries(db),
    installations: installationQueries(db),
    erasure: erasureQueries(db),
    packs: workspacePackQueries(db),
    weekly: weeklyQueries(db),
    suggestions: suggestionQueries(db),
  });
}
