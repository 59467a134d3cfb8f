/** Queries on the `schedules` table. */
import type { Database } from 'better-sqlite3';
import type { SyncStore } from './sync-port.ts';
import { type ScheduleRow, toSchedule } from './rows.ts';

/** The schedules part of the Store port. */
export function scheduleQueries(db: Database): SyncStore['schedules'] {
  const insert = db.prepare(`
    INSERT INTO schedules (platform, workspace, channel, cron, tz, pack_id, difficulty, paused, created_by, created_at, reactions)
    VALUES (@platform, @workspace, @channel, @cron, @tz, @packId, @difficulty, @paused, @createdBy, @createdAt, @reactions)
    RETURNING *`);
  const get = db.prepare<[number], ScheduleRow>('SELECT * FROM schedules WHERE id = ?');
  const list = db.prepare<[string, string], ScheduleRow>('SELECT * FROM schedules WHERE platform = ? AND workspace = ? ORDER BY id');
  const all = db.prepare<[], ScheduleRow>('SELECT * FROM schedules ORDER BY id');
  const remove = db.prepare('DELETE FROM schedules WHERE id = ?');
  const pause = db.prepare('UPDATE schedules SET paused = ? WHERE id = ?');
  const reactions = db.prepare('UPDATE schedules SET reactions = ? WHERE id = ?');

  return {
    add: (s) => toSchedule(insert.get({ ...s, paused: s.paused ? 1 : 0, reactions: s.reactions ? 1 : 0 }) as ScheduleRow),
    get: (id) => {
      const row = get.get(id);
      return row ? toSchedule(row) : undefined;
    },
    list: (scope) => list.all(scope.platform, scope.workspace).map(toSchedule),
    all: () => all.all().map(toSchedule),
    remove: (id) => remove.run(id).changes === 1,
    setPaused: (id, paused) => pause.run(paused ? 1 : 0, id).changes === 1,
    setReactions: (id, on) => reactions.run(on ? 1 : 0, id).changes === 1,
  };
}
