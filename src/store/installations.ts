/** Queries on `installations`: a platform's sealed installation per workspace, and erasing a workspace. */
import type { Database } from 'better-sqlite3';
import type { InstallationRow } from '../core/ports.ts';
import { ERASE_ORDER } from './postgres/tables.ts';
import type { SyncStore } from './sync-port.ts';

interface Row {
  platform: string;
  workspace: string;
  key_id: string;
  sealed: string;
  installed_at: number;
}

const toInstallation = (r: Row): InstallationRow => ({ platform: r.platform, workspace: r.workspace, keyId: r.key_id, sealed: r.sealed, installedAt: r.installed_at });

/** The installations part of the Store port. */
export function installationQueries(db: Database): SyncStore['installations'] {
  const put = db.prepare(`
    INSERT INTO installations (platform, workspace, key_id, sealed, installed_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (platform, workspace) DO UPDATE SET key_id = excluded.key_id, sealed = excluded.sealed, installed_at = excluded.installed_at`);
  const get = db.prepare<[string, string], Row>('SELECT * FROM installations WHERE platform = ? AND workspace = ?');
  const remove = db.prepare('DELETE FROM installations WHERE platform = ? AND workspace = ?');
  const all = db.prepare<[string], Row>('SELECT * FROM installations WHERE platform = ? ORDER BY workspace');
  return {
    put: (r) => void put.run(r.platform, r.workspace, r.keyId, r.sealed, r.installedAt),
    get: (s) => {
      const row = get.get(s.platform, s.workspace);
      return row && toInstallation(row);
    },
    remove: (s) => remove.run(s.platform, s.workspace).changes > 0,
    all: (platform) => all.all(platform).map(toInstallation),
  };
}

/** The erasure part of the Store port: every table marked `workspace`, in ERASE_ORDER. */
export function erasureQueries(db: Database): SyncStore['erasure'] {
  const deletes = ERASE_ORDER.map((t) => ({ name: t.name, stmt: db.prepare(`DELETE FROM ${t.name} WHERE platform = ? AND workspace = ?`) }));
  const erase = db.transaction((platform: string, workspace: string) => {
    const counts: Record<string, number> = {};
    for (const d of deletes) {
      const n = d.stmt.run(platform, workspace).changes;
      if (n > 0) counts[d.name] = n;
    }
    return counts;
  });
  return { workspace: (s) => erase.immediate(s.platform, s.workspace) };
}
