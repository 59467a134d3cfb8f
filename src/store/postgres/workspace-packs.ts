/** Queries on `workspace_packs` (PostgreSQL): a workspace's own packs and their version counter. */
import type { StoreQueries } from '../async-port.ts';
import { packFromRow, type PackRow } from '../rows.ts';
import type { Scope } from '../../core/types.ts';
import type { Db } from './db.ts';

const BUMP = `INSERT INTO workspace_pack_versions (platform, workspace, version) VALUES ($1, $2, 1)
  ON CONFLICT (platform, workspace) DO UPDATE SET version = workspace_pack_versions.version + 1`;

/** Moves the workspace's pack version from `from` to the next; false when it was not at `from`. */
async function moveVersion(tx: Db, s: Scope, from: number): Promise<boolean> {
  const moved = from === 0
    ? await tx.query('packs.version_first', 'INSERT INTO workspace_pack_versions (platform, workspace, version) VALUES ($1, $2, 1) ON CONFLICT DO NOTHING', [s.platform, s.workspace])
    : await tx.query('packs.version_move', 'UPDATE workspace_pack_versions SET version = version + 1 WHERE platform = $1 AND workspace = $2 AND version = $3', [s.platform, s.workspace, from]);
  return (moved.rowCount ?? 0) > 0;
}

/** The packs part of the Store port. */
export function workspacePackQueries(db: Db): StoreQueries['packs'] {
  return {
    version: async (s) =>
      Number((await db.query<{ version: string }>('packs.version', 'SELECT version FROM workspace_pack_versions WHERE platform = $1 AND workspace = $2', [s.platform, s.workspace])).rows[0]?.version ?? 0),
    list: async (s) =>
      (await db.query<PackRow>('packs.list', 'SELECT * FROM workspace_packs WHERE platform = $1 AND workspace = $2 ORDER BY added_at, pack_id', [s.platform, s.workspace])).rows.map(packFromRow),
    get: async (s, packId) => {
      const row = (await db.query<PackRow>('packs.get', 'SELECT * FROM workspace_packs WHERE platform = $1 AND workspace = $2 AND pack_id = $3', [s.platform, s.workspace, packId])).rows[0];
      return row && packFromRow(row);
    },
    put: (p, ifVersion) =>
      db.atomic(async (tx) => {
        // The version moves first, and only from `ifVersion`: a concurrent writer holds its row until it
        // commits, after which this UPDATE sees the new version and matches nothing.
        if (ifVersion !== undefined && !(await moveVersion(tx, p, ifVersion))) return 'changed';
        // xmax = 0 on the returned row: it was inserted, not updated.
        const r = await tx.query<{ inserted: boolean }>(
          'packs.put',
          `INSERT INTO workspace_packs (platform, workspace, pack_id, title, questions, markdown, format, file_name, added_by, added_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           ON CONFLICT (platform, workspace, pack_id) DO UPDATE SET title = excluded.title, questions = excluded.questions,
             markdown = excluded.markdown, format = excluded.format, file_name = excluded.file_name, added_by = excluded.added_by,
             updated_at = excluded.updated_at
           RETURNING (xmax = 0) AS inserted`,
          [p.platform, p.workspace, p.packId, p.title, p.questions, p.markdown, p.format, p.fileName, p.addedBy, p.addedAt, p.updatedAt],
        );
        if (ifVersion === undefined) await tx.query('packs.bump', BUMP, [p.platform, p.workspace]);
        return r.rows[0]!.inserted ? 'added' : 'replaced';
      }),
    remove: (s, packId) =>
      db.atomic(async (tx) => {
        const r = await tx.query('packs.remove', 'DELETE FROM workspace_packs WHERE platform = $1 AND workspace = $2 AND pack_id = $3', [s.platform, s.workspace, packId]);
        if (r.rowCount === 0) return false;
        await tx.query('packs.bump', BUMP, [s.platform, s.workspace]);
        return true;
      }),
  };
}
