/** Queries on `workspaces`: settings that belong to a workspace rather than to a process. */
import type { Database } from 'better-sqlite3';
import type { SyncStore } from './sync-port.ts';
import { boardQueries } from './boards.ts';
import { optionParams, toWorkspaceOptions, type WorkspaceOptionsRow } from './rows.ts';
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
  const options = db.prepare<[string, string], WorkspaceOptionsRow>('SELECT window_ms, admin_group, reactions FROM workspaces WHERE platform = ? AND workspace = ?');
  // Each setting changes only when its flag is 1; the others keep their stored value.
  const setOptions = db.prepare(`
    INSERT INTO workspaces (platform, workspace, tz, window_ms, admin_group, reactions) VALUES (@platform, @workspace, @tz, @w, @a, @r)
    ON CONFLICT (platform, workspace) DO UPDATE SET
      window_ms = CASE WHEN @setW = 1 THEN @w ELSE window_ms END,
      admin_group = CASE WHEN @setA = 1 THEN @a ELSE admin_group END,
      reactions = CASE WHEN @setR = 1 THEN @r ELSE reactions END`);
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
    options: (s) => toWorkspaceOptions(options.get(s.platform, s.workspace)),
    setOptions(s, patch, fallbackTz) {
      const [setW, w, setA, a, setR, r] = optionParams(patch);
      setOptions.run({ platform: s.platform, workspace: s.workspace, tz: fallbackTz, setW, w, setA, a, setR, r });
    },
  };
}
