/** Contract: a workspace's zone is recorded by the first writer, and changing it rebuilds that workspace's totals. */
import { describe, expect, it } from 'vitest';
import { ENGINES, useDatabase } from './engines.ts';
import { answer, OTHER, openDrop, SCOPE, T0 } from './fixtures.ts';

const HOUR = 3_600_000;
/** Period keys that move with the zone: the hour of day in it (a stand-in for the core's weeks and months). */
const hourIn = (offset: number) => (t: number) => ['all', `hour:${Math.floor((t + offset * HOUR) / HOUR) % 24}`];

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`workspaces [${engine.title}]`, () => {
    const db = useDatabase(engine);

    it('records the zone the first caller gives; later callers with another zone get the recorded one', async () => {
      const { store } = db();
      expect(await store.workspaces.zone(SCOPE, 'Europe/Paris')).toBe('Europe/Paris');
      expect(await store.workspaces.zone(SCOPE, 'America/New_York')).toBe('Europe/Paris');
      expect(await store.workspaces.zone(OTHER, 'UTC')).toBe('UTC');
      expect(await store.workspaces.zone({ platform: 'other', workspace: 'W1' }, 'Asia/Tokyo')).toBe('Asia/Tokyo');
    });

    it('of two connections seeing a workspace first at once, both get the same zone', async () => {
      const { store } = db();
      const other = await db().another();
      const scopes = Array.from({ length: 20 }, (_, i) => ({ platform: 'test', workspace: `N${i}` }));
      const zones = await Promise.all(scopes.flatMap((s) => [store.workspaces.zone(s, 'Europe/Paris'), other.workspaces.zone(s, 'UTC')]));
      for (let i = 0; i < zones.length; i += 2) expect(zones[i]).toBe(zones[i + 1]);
      for (const [i, s] of scopes.entries()) expect(await other.workspaces.zone(s, 'Asia/Tokyo')).toBe(zones[2 * i]);
    });

    it('setZone changes the zone and rebuilds that workspace\'s totals in the new periods, and no other\'s', async () => {
      const { store } = db();
      await store.workspaces.zone(SCOPE, 'UTC');
      await store.workspaces.zone(OTHER, 'UTC');
      const d = await openDrop(store);
      const e = await openDrop(store, { workspace: OTHER.workspace });
      await store.answers.insert(answer(d, 'ann', { answeredAt: T0 + 60_000 }), hourIn(0)(T0 + 60_000));
      await store.answers.insert(answer(e, 'bo', { ...OTHER, answeredAt: T0 + 60_000 }), hourIn(0)(T0 + 60_000));
      expect(await store.boards.playerCount(SCOPE, 'hour:9')).toBe(1);

      await store.workspaces.setZone(SCOPE, 'Asia/Tokyo', hourIn(9));
      expect(await store.workspaces.zone(SCOPE, 'UTC')).toBe('Asia/Tokyo');
      expect(await store.boards.playerCount(SCOPE, 'hour:9')).toBe(0);
      expect((await store.boards.top(SCOPE, 'hour:18', 5)).map((t) => [t.userId, t.points])).toEqual([['ann', 2]]);
      expect(await store.boards.playerCount(SCOPE, 'all')).toBe(1);
      // The other workspace keeps its zone and totals.
      expect(await store.workspaces.zone(OTHER, 'Asia/Tokyo')).toBe('UTC');
      expect(await store.boards.playerCount(OTHER, 'hour:9')).toBe(1);
      // A workspace never seen before can be given a zone directly.
      const fresh = { platform: 'test', workspace: 'W9' };
      await store.workspaces.setZone(fresh, 'Europe/Berlin', hourIn(1));
      expect(await store.workspaces.zone(fresh, 'UTC')).toBe('Europe/Berlin');
    });

    it.skipIf(!engine.concurrentWriters)('setZone waits for an answer batch still being committed, and counts its answers', async () => {
      const { store } = db();
      const other = await db().another();
      const d = await openDrop(store);
      await store.answers.insert(answer(d, 'ann'), hourIn(0)(T0 + 60_000));
      let commit!: () => void;
      const gate = new Promise<void>((r) => (commit = r));
      let written!: () => void;
      const writtenYet = new Promise<void>((r) => (written = r));
      const batch = store.transaction(async (tx) => {
        await tx.answers.insert(answer(d, 'bo'), hourIn(0)(T0 + 60_000));
        written();
        await gate;
        await tx.answers.insert(answer(d, 'cy'), hourIn(0)(T0 + 60_000));
      });
      await writtenYet;
      let done = false;
      const changing = other.workspaces.setZone(SCOPE, 'Asia/Tokyo', hourIn(9)).finally(() => (done = true));
      for (;;) {
        const rows = await db().sql(`SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'LOCK TABLE score_totals%'`);
        if (done || rows[0]!.n === 1) break;
        await new Promise((r) => setImmediate(r));
      }
      const waited = !done;
      commit();
      expect(waited).toBe(true);
      await batch;
      await changing;
      // Every answer of the batch is in the rebuilt totals, under the new zone's keys only, counted once.
      expect((await store.boards.top(SCOPE, 'hour:18', 5)).map((t) => [t.userId, t.answered])).toEqual([['ann', 1], ['bo', 1], ['cy', 1]]);
      expect(await store.boards.playerCount(SCOPE, 'hour:9')).toBe(0);
      expect((await store.boards.top(SCOPE, 'all', 5)).every((t) => t.answered === 1)).toBe(true);
    });
  });
}
