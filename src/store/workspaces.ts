/** Queries on `workspaces`: settings that belong to a workspace rather than to a process. */
import type { Database } from 'better-sqlite3';
import type { SyncStore } from './sync-port.ts';
import { boardQueries } from './boards.ts';
import { zoneRebuildQueries } from './zone-rebuild.ts';

/** The workspaces part of the Store port. */
export function workspaceQueries(db: Database): SyncStore['workspaces'] {
  // First writer wins: two processes with different STEPWISE_TZ agree on whichever zone was recorded.
  const record = db.prepare('INSERT INTO workspaces (platform, workspace, tz) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const zone = db.prepare<[string, string], { tz: string }>('SELECT tz FROM workspaces WHERE platform = ? AND workspace = ?');
  const setZone = db.prepare(`
    INSERT INTO workspaces (platform, workspace, tz) VALUES (?, ?, ?)
    ON CONFLICT (platform, workspace) DO UPDATE SET tz = excluded.tz, gen = 0, next_tz = NULL, next_drop = NULL, next_user = NULL,
      stale = 0, gc_period = NULL, gc_user = NULL`);
  const boards = boardQueries(db);
  const change = db.transaction((platform: string, workspace: string, tz: string, periodsOf: (t: number) => string[]) => {
    setZone.run(platform, workspace, tz);
    boards.rebuild({ platform, workspace }, periodsOf);
  });

  function zoneOf(s: { platform: string; workspace: string }, fallback: string): string {
    const known = zone.get(s.platform, s.workspace)?.tz;
    if (known) return known;
    record.run(s.platform, s.workspace, fallback);
    return zone.get(s.platform, s.workspace)!.tz;
  }

  return {
    zone: zoneOf,
    ...zoneRebuildQueries(db, zoneOf),
    // Immediate: the rebuild reads then writes; a deferred transaction could not upgrade its lock.
    setZone: (s, tz, periodsOf) => change.immediate(s.platform, s.workspace, tz, periodsOf),
  };
}
