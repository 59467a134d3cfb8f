/** Queries on `workspaces` (PostgreSQL): settings that belong to a workspace rather than to an instance. */
import type { StoreQueries } from '../async-port.ts';
import { HOLD_TOTALS, rebuildIn } from './boards.ts';
import type { Db } from './db.ts';
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
  };
}
