/** Queries on `workspaces` (PostgreSQL): settings that belong to a workspace rather than to an instance. */
import type { StoreQueries } from '../async-port.ts';
import { HOLD_TOTALS, rebuildIn } from './boards.ts';
import type { Db } from './db.ts';
import { optionParams, toWorkspaceOptions, type WorkspaceOptionsRow } from '../rows.ts';
import { zoneRebuildQueries } from './zone-rebuild.ts';

/** The workspaces part of the Store port. */
export function workspaceQueries(db: Db): StoreQueries['workspaces'] {
  const known = async (q: Db, platform: string, workspace: string) =>
    (await q.query<{ tz: string }>('workspaces.zone', 'SELECT tz FROM workspaces WHERE platform = $1 AND workspace = $2', [platform, workspace])).rows[0]?.tz;

  async function zoneOf(q: Db, s: { platform: string; workspace: string }, fallback: string): Promise<string> {
    const tz = await known(q, s.platform, s.workspace);
    if (tz) return tz;
    // First writer wins: of two instances with different STEPWISE_TZ, the second insert waits for the
    // first to commit and does nothing; its next statement then reads the winner's zone.
    const made = await q.query<{ tz: string }>(
      'workspaces.record',
      'INSERT INTO workspaces (platform, workspace, tz) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING tz',
      [s.platform, s.workspace, fallback],
    );
    return made.rows[0]?.tz ?? (await known(q, s.platform, s.workspace))!;
  }

  return {
    ...zoneRebuildQueries(db, zoneOf),
    async zone(s, fallback) {
      const tz = await known(db, s.platform, s.workspace);
      if (tz) return tz;
      // First writer wins: of two instances with different STEPWISE_TZ, the second insert waits for the
      // first to commit and does nothing; its next statement then reads the winner's zone.
      const made = await db.query<{ tz: string }>(
        'workspaces.record',
        'INSERT INTO workspaces (platform, workspace, tz) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING tz',
        [s.platform, s.workspace, fallback],
      );
      return made.rows[0]?.tz ?? (await known(db, s.platform, s.workspace))!;
    },
    setZone: (s, tz, periodsOf) =>
      db.atomic(async (tx) => {
        await tx.query(undefined, HOLD_TOTALS);
        await tx.query(
          'workspaces.setZone',
          `INSERT INTO workspaces (platform, workspace, tz) VALUES ($1, $2, $3) ON CONFLICT (platform, workspace) DO UPDATE
           SET tz = excluded.tz, gen = 0, next_tz = NULL, next_drop = NULL, next_user = NULL, stale = 0, gc_period = NULL, gc_user = NULL`,
          [s.platform, s.workspace, tz],
        );
        await rebuildIn(tx, s, periodsOf);
      }),
    async options(s) {
      const { rows } = await db.query<WorkspaceOptionsRow>(
        'workspaces.options',
        'SELECT window_ms, admin_group, reactions FROM workspaces WHERE platform = $1 AND workspace = $2',
        [s.platform, s.workspace],
      );
      return toWorkspaceOptions(rows[0]);
    },
    async setOptions(s, patch, fallbackTz) {
      // Each setting changes only when its flag is 1; the others keep their stored value.
      await db.query(
        'workspaces.setOptions',
        `INSERT INTO workspaces (platform, workspace, tz, window_ms, admin_group, reactions) VALUES ($1, $2, $3, $5, $7, $9)
         ON CONFLICT (platform, workspace) DO UPDATE SET
           window_ms = CASE WHEN $4 = 1 THEN $5 ELSE workspaces.window_ms END,
           admin_group = CASE WHEN $6 = 1 THEN $7 ELSE workspaces.admin_group END,
           reactions = CASE WHEN $8 = 1 THEN $9 ELSE workspaces.reactions END`,
        [s.platform, s.workspace, fallbackTz, ...optionParams(patch)],
      );
    },
  };
}
