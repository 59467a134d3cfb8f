/** Queries on `deliveries` (PostgreSQL): event ids a platform may deliver more than once, to any instance. */
import type { StoreQueries } from '../async-port.ts';
import type { Db } from './db.ts';

/** The deliveries part of the Store port. */
export function deliveryQueries(db: Db): StoreQueries['deliveries'] {
  return {
    // One statement, one round trip. As on SQLite, ids older than `forgetBefore` are forgotten first, so
    // such an id counts as new: here its row is renewed instead (the DELETE leaves it to the upsert, as
    // two parts of one statement must not touch the same row). Of two instances recording an id at once,
    // the second waits for the first to commit and then finds it recent.
    claim: async (platform, id, at, forgetBefore) =>
      (
        await db.query<{ claimed: number }>(
          'deliveries.claim',
          `WITH forget AS (DELETE FROM deliveries WHERE seen_at < $4 AND (platform, id) <> ($1, $2)),
           ins AS (
             INSERT INTO deliveries (platform, id, seen_at) VALUES ($1, $2, $3)
             ON CONFLICT (platform, id) DO UPDATE SET seen_at = excluded.seen_at WHERE deliveries.seen_at < $4
             RETURNING 1)
           SELECT COUNT(*)::int AS claimed FROM ins`,
          [platform, id, at, forgetBefore],
        )
      ).rows[0]!.claimed === 1,
  };
}
