/** Queries on `reminders` (PostgreSQL): opt-in daily review reminders, each claimed once a day. */
import type { StoreQueries } from '../async-port.ts';
import type { Db } from './db.ts';
import { type ReminderRowData, toReminder } from '../rows.ts';

/** The reminders part of the Store port. */
export function reminderQueries(db: Db): StoreQueries['reminders'] {
  return {
    async get(s, userId) {
      const r = (await db.query<ReminderRowData>('reminders.get', 'SELECT * FROM reminders WHERE platform = $1 AND workspace = $2 AND user_id = $3', [s.platform, s.workspace, userId])).rows[0];
      return r ? toReminder(r) : undefined;
    },
    async setTime(s, userId, atMinute) {
      await db.query(
        'reminders.setTime',
        `INSERT INTO reminders (platform, workspace, user_id, at_minute) VALUES ($1, $2, $3, $4)
         ON CONFLICT (platform, workspace, user_id) DO UPDATE SET at_minute = excluded.at_minute`,
        [s.platform, s.workspace, userId, atMinute],
      );
    },
    async setZone(s, userId, tz) {
      await db.query(
        'reminders.setZone',
        `INSERT INTO reminders (platform, workspace, user_id, tz) VALUES ($1, $2, $3, $4)
         ON CONFLICT (platform, workspace, user_id) DO UPDATE SET tz = excluded.tz`,
        [s.platform, s.workspace, userId, tz],
      );
    },
    // Like SQLite: only a person who has reminder settings gets a notice.
    async setNotice(s, userId, notice) {
      await db.query('reminders.setNotice', 'UPDATE reminders SET notice = $1 WHERE platform = $2 AND workspace = $3 AND user_id = $4', [notice, s.platform, s.workspace, userId]);
    },
    active: async () =>
      (await db.query<ReminderRowData>('reminders.active', 'SELECT * FROM reminders WHERE at_minute IS NOT NULL ORDER BY platform, workspace, user_id')).rows.map(toReminder),
    // The WHERE makes the claim atomic: of two instances, the second waits on the row lock, re-checks
    // the condition against the committed row and updates nothing.
    claim: async (s, userId, date) =>
      (
        await db.query(
          'reminders.claim',
          'UPDATE reminders SET last_sent = $1 WHERE platform = $2 AND workspace = $3 AND user_id = $4 AND (last_sent IS NULL OR last_sent < $1)',
          [date, s.platform, s.workspace, userId],
        )
      ).rowCount === 1,
  };
}
