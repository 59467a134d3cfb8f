/** Queries on `workspace_packs`: a workspace's own packs, and the version counter that says when they changed. */
import type { Database } from 'better-sqlite3';
import { packFromRow, type PackRow } from './rows.ts';
import type { SyncStore } from './sync-port.ts';

/** The packs part of the Store port. */
export function workspacePackQueries(db: Database): SyncStore['packs'] {
  const version = db.prepare<[string, string], { version: number }>('SELECT version FROM workspace_pack_versions WHERE platform = ? AND workspace = ?');
  const bump = db.prepare(`
    INSERT INTO workspace_pack_versions (platform, workspace, version) VALUES (?, ?, 1)
    ON CONFLICT (platform, workspace) DO UPDATE SET version = version + 1`);
  const list = db.prepare<[string, string], PackRow>('SELECT * FROM workspace_packs WHERE platform = ? AND workspace = ? ORDER BY added_at, pack_id');
  const get = db.prepare<[string, string, string], PackRow>('SELECT * FROM workspace_packs WHERE platform = ? AND workspace = ? AND pack_id = ?');
  const upsert = db.prepare(`
    INSERT INTO workspace_packs (platform, workspace, pack_id, title, questions, markdown, format, file_name, added_by, added_at, updated_at)
    VALUES (@platform, @workspace, @packId, @title, @questions, @markdown, @format, @fileName, @addedBy, @addedAt, @updatedAt)
    ON CONFLICT (platform, workspace, pack_id) DO UPDATE SET title = excluded.title, questions = excluded.questions,
      markdown = excluded.markdown, format = excluded.format, file_name = excluded.file_name, added_by = excluded.added_by,
      updated_at = excluded.updated_at`);
  const remove = db.prepare('DELETE FROM workspace_packs WHERE platform = ? AND workspace = ? AND pack_id = ?');
  const put = db.transaction((p: Parameters<SyncStore['packs']['put']>[0], ifVersion?: number): 'added' | 'replaced' | 'changed' => {
    if (ifVersion !== undefined && (version.get(p.platform, p.workspace)?.version ?? 0) !== ifVersion) return 'changed';
    const existed = get.get(p.platform, p.workspace, p.packId) !== undefined;
    upsert.run(p);
    bump.run(p.platform, p.workspace);
    return existed ? 'replaced' : 'added';
  });
  const drop = db.transaction((platform: string, workspace: string, packId: string): boolean => {
    if (remove.run(platform, workspace, packId).changes === 0) return false;
    bump.run(platform, workspace);
    return true;
  });
  return {
    version: (s) => version.get(s.platform, s.workspace)?.version ?? 0,
    list: (s) => list.all(s.platform, s.workspace).map(packFromRow),
    get: (s, packId) => {
      const row = get.get(s.platform, s.workspace, packId);
      return row && packFromRow(row);
    },
    put: (p, ifVersion) => put.immediate(p, ifVersion),
    remove: (s, packId) => drop.immediate(s.platform, s.workspace, packId),
  };
}
