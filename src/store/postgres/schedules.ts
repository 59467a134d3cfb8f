/** Queries on `schedules` (PostgreSQL). */
import type { StoreQueries } from '../async-port.ts';
import type { Db } from './db.ts';
import { type ScheduleRow, toSchedule } from '../rows.ts';

/** The schedules part of the Store port. */
export function scheduleQueries(db: Db): StoreQueries['schedules'] {
  const rows = async (name: string, text: string, values: unknown[] = []) => (await db.query<ScheduleRow>(name, text, values)).rows.map(toSchedule);
  return {
    async add(s) {
      const [row] = await rows(
        'schedules.add',
        `INSERT INTO schedules (platform, workspace, channel, cron, tz, pack_id, difficulty, paused, created_by, created_at, reactions)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
        [s.platform, s.workspace, s.channel, s.cron, s.tz, s.packId, s.difficulty, s.paused ? 1 : 0, s.createdBy, s.createdAt, s.reactions ? 1 : 0],
      );
      return row!;
    },
    get: async (id) => (await rows('schedules.get', 'SELECT * FROM schedules WHERE id = $1', [id]))[0],
    list: (scope) => rows('schedules.list', 'SELECT * FROM schedules WHERE platform = $1 AND workspace = $2 ORDER BY id', [scope.platform, scope.workspace]),
    all: () => rows('schedules.all', 'SELECT * FROM schedules ORDER BY id'),
    remove: async (id) => (await db.query('schedules.remove', 'DELETE FROM schedules WHERE id = $1', [id])).rowCount === 1,
    setPaused: async (id, paused) => (await db.query('schedules.setPaused', 'UPDATE schedules SET paused = $1 WHERE id = $2', [paused ? 1 : 0, id])).rowCount === 1,
    setReactions: async (id, on) => (await db.query('schedules.setReactions', 'UPDATE schedules SET reactions = $1 WHERE id = $2', [on ? 1 : 0, id])).rowCount === 1,
  };
}
