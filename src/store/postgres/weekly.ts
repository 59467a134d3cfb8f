/** Queries on `weekly_posts` (PostgreSQL): channels that get the weekly summary, and which week each last got. */
import type { WeeklyPost } from '../../core/ports.ts';
import type { StoreQueries } from '../async-port.ts';
import type { Db } from './db.ts';

interface WeeklyRow {
  platform: string;
  workspace: string;
  channel: string;
  created_by: string;
  created_at: string;
  last_week: string | null;
}

const toWeekly = (r: WeeklyRow): WeeklyPost => ({
  platform: r.platform,
  workspace: r.workspace,
  channel: r.channel,
  createdBy: r.created_by,
  createdAt: Number(r.created_at),
  lastWeek: r.last_week === null ? null : Number(r.last_week),
});

/** The weekly part of the Store port. */
export function weeklyQueries(db: Db): StoreQueries['weekly'] {
  return {
    enable: async (c, by, at) =>
      (
        await db.query(
          'weekly.enable',
          'INSERT INTO weekly_posts (platform, workspace, channel, created_by, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
          [c.platform, c.workspace, c.channel, by, at],
        )
      ).rowCount === 1,
    disable: async (c) =>
      (await db.query('weekly.disable', 'DELETE FROM weekly_posts WHERE platform = $1 AND workspace = $2 AND channel = $3', [c.platform, c.workspace, c.channel])).rowCount === 1,
    list: async (s) =>
      (await db.query<WeeklyRow>('weekly.list', 'SELECT * FROM weekly_posts WHERE platform = $1 AND workspace = $2 ORDER BY channel', [s.platform, s.workspace])).rows.map(toWeekly),
    all: async () => (await db.query<WeeklyRow>('weekly.all', 'SELECT * FROM weekly_posts ORDER BY platform, workspace, channel', [])).rows.map(toWeekly),
    // One statement: of two instances (or a restart) claiming the same week, exactly one moves it.
    claim: async (c, week) =>
      (
        await db.query(
          'weekly.claim',
          'UPDATE weekly_posts SET last_week = $1 WHERE platform = $2 AND workspace = $3 AND channel = $4 AND (last_week IS NULL OR last_week < $1)',
          [week, c.platform, c.workspace, c.channel],
        )
      ).rowCount === 1,
  };
}
