/** Queries on the `schedules` table. */
import type { Database } from 'better-sqlite3';
import type { SyncStore } from './sync-port.ts';
import type { Difficulty, Schedule } from '../core/types.ts';

interface ScheduleRow {
  id: number;
  platform: string;
  workspace: string;
  channel: string;
  cron: string;
  tz: string;
  pack_id: string | null;
  difficulty: Difficulty | null;
  paused: 0 | 1;
  created_by: string;
  created_at: number;
  reactions: 0 | 1;
}

function toSchedule(r: ScheduleRow): Schedule {
  return {
    id: r.id,
    platform: r.platform,
    workspace: r.workspace,
    channel: r.channel,
    cron: r.cron,
    tz: r.tz,
    packId: r.pack_id,
    difficulty: r.difficulty,
    paused: r.paused === 1,
    createdBy: r.created_by,
    createdAt: r.created_at,
    reactions: r.reactions === 1,
  };
}

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
