/** Queries on `deliveries`: event ids a platform may deliver more than once. */
import type { Database } from 'better-sqlite3';
import type { SyncStore } from './sync-port.ts';

/** The deliveries part of the Store port. */
export function deliveryQueries(db: Database): SyncStore['deliveries'] {
  const forget = db.prepare('DELETE FROM deliveries WHERE seen_at < ?');
  const claim = db.prepare('INSERT INTO deliveries (platform, id, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  return {
    claim: (platform, id, at, forgetBefore) => {
      forget.run(forgetBefore);
      return claim.run(platform, id, at).changes === 1;
    },
  };
}
