/** Queries on `reminders`: opt-in daily review reminders. */
import type { Database } from 'better-sqlite3';
import type { SyncStore } from './sync-port.ts';
import { type ReminderRowData, toReminder } from './rows.ts';

/** The reminders part of the Store port. */
export function reminderQueries(db: Database): SyncStore['reminders'] {
  const get = db.prepare<[string, string, string], ReminderRowData>('SELECT * FROM reminders WHERE platform = ? AND workspace = ? AND user_id = ?');
  const setTime = db.prepare(`
    INSERT INTO reminders (platform, workspace, user_id, at_minute) VALUES (?, ?, ?, ?)
    ON CONFLICT (platform, workspace, user_id) DO UPDATE SET at_minute = excluded.at_minute`);
  const setZone = db.prepare(`
    INSERT INTO reminders (platform, workspace, user_id, tz) VALUES (?, ?, ?, ?)
    ON CONFLICT (platform, workspace, user_id) DO UPDATE SET tz = excluded.tz`);
  const setNotice = db.prepare('UPDATE reminders SET notice = ? WHERE platform = ? AND workspace = ? AND user_id = ?');
  const active = db.prepare<[], ReminderRowData>('SELECT * FROM reminders WHERE at_minute IS NOT NULL ORDER BY platform, workspace, user_id');
  // The WHERE makes the claim atomic: of two processes (or a restart), only one moves last_sent to today.
  const claim = db.prepare(`
    UPDATE reminders SET last_sent = ? WHERE platform = ? AND workspace = ? AND user_id = ? AND (last_sent IS NULL OR last_sent < ?)`);

  return {
    get(s, userId) {
      const r = get.get(s.platform, s.workspace, userId);
      return r ? toReminder(r) : undefined;
    },
    setTime: (s, userId, atMinute) => void setTime.run(s.platform, s.workspace, userId, atMinute),
    setZone: (s, userId, tz) => void setZone.run(s.platform, s.workspace, userId, tz),
    active: () => active.all().map(toReminder),
    setNotice: (s, userId, notice) => void setNotice.run(notice, s.platform, s.workspace, userId),
    claim: (s, userId, date) => claim.run(date, s.platform, s.workspace, userId, date).changes === 1,
  };
}
