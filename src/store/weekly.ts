/** Queries on `weekly_posts`: channels that get the weekly summary, and which week each last got. */
import type { Database } from 'better-sqlite3';
import type { WeeklyPost } from '../core/ports.ts';
import type { SyncStore } from './sync-port.ts';

interface WeeklyRow {
  platform: string;
  workspace: string;
  channel: string;
  created_by: string;
  created_at: number;
  last_week: number | null;
}

const toWeekly = (r: WeeklyRow): WeeklyPost => ({
  platform: r.platform,
  workspace: r.workspace,
  channel: r.channel,
  createdBy: r.created_by,
  createdAt: r.created_at,
  lastWeek: r.last_week,
});

/** The weekly part of the Store port. */
export function weeklyQueries(db: Database): SyncStore['weekly'] {
  const enable = db.prepare('INSERT INTO weekly_posts (platform, workspace, channel, created_by, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');
  const disable = db.prepare('DELETE FROM weekly_posts WHERE platform = ? AND workspace = ? AND channel = ?');
  const list = db.prepare<[string, string], WeeklyRow>('SELECT * FROM weekly_posts WHERE platform = ? AND workspace = ? ORDER BY channel');
  const all = db.prepare<[], WeeklyRow>('SELECT * FROM weekly_posts ORDER BY platform, workspace, channel');
  // One statement: of two instances (or a restart) claiming the same week, exactly one moves it.
  const claim = db.prepare(
    'UPDATE weekly_posts SET last_week = ? WHERE platform = ? AND workspace = ? AND channel = ? AND (last_week IS NULL OR last_week < ?)',
  );
  return {
    enable: (c, by, at) => enable.run(c.platform, c.workspace, c.channel, by, at).changes === 1,
    disable: (c) => disable.run(c.platform, c.workspace, c.channel).changes === 1,
    list: (s) => list.all(s.platform, s.workspace).map(toWeekly),
    all: () => all.all().map(toWeekly),
    claim: (c, week) => claim.run(week, c.platform, c.workspace, c.channel, week).changes === 1,
  };
}
