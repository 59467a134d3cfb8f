/** Queries on `workspaces` (PostgreSQL): settings that belong to a workspace rather than to an instance. */
import type { StoreQueries } from '../async-port.ts';
import { HOLD_TOTALS, rebuildIn } from './boards.ts';
import type { Db } from './db.ts';

/** The workspaces part of the Store port. */
export function workspaceQueries(db: Db): StoreQueries['workspaces'] {
  const known = async (q: Db, platform: string, workspace: string) =>
    (await q.query<{ tz: string }>('workspaces.zone', 'SELECT tz FROM workspaces WHERE platform = $1 AND workspace = $2', [platform, workspace])).rows[0]?.tz;

  return {
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
          'INSERT INTO workspaces (platform, workspace, tz) VALUES ($1, $2, $3) ON CONFLICT (platform, workspace) DO UPDATE SET tz = excluded.tz',
          [s.platform, s.workspace, tz],
        );
        await rebuildIn(tx, s, periodsOf);
      }),
  };
}
