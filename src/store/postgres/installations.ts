/** Queries on `installations` (PostgreSQL): a platform's sealed installation per workspace, and erasing a workspace. */
import type { InstallationRow } from '../../core/ports.ts';
import type { StoreQueries } from '../async-port.ts';
import type { Db } from './db.ts';
import { ERASE_ORDER } from './tables.ts';

interface Row {
  platform: string;
  workspace: string;
  key_id: string;
  sealed: string;
  installed_at: string;
}

const toInstallation = (r: Row): InstallationRow => ({ platform: r.platform, workspace: r.workspace, keyId: r.key_id, sealed: r.sealed, installedAt: Number(r.installed_at) });

/** The installations part of the Store port. */
export function installationQueries(db: Db): StoreQueries['installations'] {
  return {
    async put(r) {
      await db.query(
        'installations.put',
        `INSERT INTO installations (platform, workspace, key_id, sealed, installed_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (platform, workspace) DO UPDATE SET key_id = excluded.key_id, sealed = excluded.sealed, installed_at = excluded.installed_at`,
        [r.platform, r.workspace, r.keyId, r.sealed, r.installedAt],
      );
    },
    async get(s) {
      const row = (await db.query<Row>('installations.get', 'SELECT * FROM installations WHERE platform = $1 AND workspace = $2', [s.platform, s.workspace])).rows[0];
      return row && toInstallation(row);
    },
    remove: async (s) => ((await db.query('installations.remove', 'DELETE FROM installations WHERE platform = $1 AND workspace = $2', [s.platform, s.workspace])).rowCount ?? 0) > 0,
    all: async (platform) => (await db.query<Row>('installations.all', 'SELECT * FROM installations WHERE platform = $1 ORDER BY workspace', [platform])).rows.map(toInstallation),
  };
}

/** The erasure part of the Store port: every table marked `workspace`, in ERASE_ORDER, in one transaction. */
export function erasureQueries(db: Db): StoreQueries['erasure'] {
  const tables = ERASE_ORDER;
  return {
    workspace: (s) =>
      db.atomic(async (tx) => {
        const counts: Record<string, number> = {};
        for (const t of tables) {
          const n = (await tx.query(`erasure.${t.name}`, `DELETE FROM ${t.name} WHERE platform = $1 AND workspace = $2`, [s.platform, s.workspace])).rowCount ?? 0;
          if (n > 0) counts[t.name] = n;
        }
        return counts;
      }),
  };
}
