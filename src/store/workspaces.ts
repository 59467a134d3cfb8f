/** Queries on `workspaces`: settings that belong to a workspace rather than to a process. */
import type { Database } from 'better-sqlite3';
import type { SyncStore } from './sync-port.ts';
import { boardQueries } from './boards.ts';

/** The workspaces part of the Store port. */
export function workspaceQueries(db: Database): SyncStore['workspaces'] {
  // First writer wins: two processes with different STEPWISE_TZ agree on whichever zone was recorded.
  const record = db.prepare('INSERT INTO workspaces (platform, workspace, tz) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const zone = db.prepare<[string, string], { tz: string }>('SELECT tz FROM workspaces WHERE platform = ? AND workspace = ?');
  const setZone = db.prepare(`
    INSERT INTO workspaces (platform, workspace, tz) VALUES (?, ?, ?)
    ON CONFLICT (platform, workspace) DO UPDATE SET tz = excluded.tz`);
  const boards = boardQueries(db);
  const change = db.transaction((platform: string, workspace: string, tz: string, periodsOf: (t: number) => string[]) => {
    setZone.run(platform, workspace, tz);
    boards.rebuild({ platform, workspace }, periodsOf);
  });

  return {
    zone(s, fallback) {
      const known = zone.get(s.platform, s.workspace)?.tz;
      if (known) return known;
      record.run(s.platform, s.workspace, fallback);
      return zone.get(s.platform, s.workspace)!.tz;
    },
    // Immediate: the rebuild reads then writes; a deferred transaction could not upgrade its lock.
    setZone: (s, tz, periodsOf) => change.immediate(s.platform, s.workspace, tz, periodsOf),
  };
}
