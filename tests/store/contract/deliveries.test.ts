/** Contract: a platform delivery (an event id) is handled once, whichever instance it reaches. */
import { describe, expect, it } from 'vitest';
import { ENGINES, useDatabase } from './engines.ts';
import { T0 } from './fixtures.ts';

const HOUR = 3_600_000;

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`deliveries [${engine.title}]`, () => {
    const db = useDatabase(engine);

    it('records an id once per platform; an id older than the memory counts as new again', async () => {
      const { store } = db();
      expect(await store.deliveries.claim('slack', 'Ev1', T0, T0 - HOUR)).toBe(true);
      expect(await store.deliveries.claim('slack', 'Ev1', T0 + 1, T0 - HOUR)).toBe(false);
      expect(await store.deliveries.claim('discord', 'Ev1', T0 + 1, T0 - HOUR)).toBe(true);
      expect(await store.deliveries.claim('slack', 'Ev2', T0 + 2, T0 - HOUR)).toBe(true);
      // An hour later Ev1 is forgotten (and claimed anew); Ev2, seen since the cut-off, is still known.
      expect(await store.deliveries.claim('slack', 'Ev1', T0 + HOUR + 1, T0 + 1)).toBe(true);
      expect(await store.deliveries.claim('slack', 'Ev2', T0 + HOUR + 2, T0 + 1)).toBe(false);
      expect(await store.deliveries.claim('slack', 'Ev1', T0 + HOUR + 3, T0 + 1)).toBe(false);
      // Forgetting is housekeeping too: old rows of other ids go.
      await store.deliveries.claim('slack', 'Ev3', T0 + 5 * HOUR, T0 + 4 * HOUR);
      expect((await db().sql('SELECT id FROM deliveries ORDER BY platform, id')).map((r) => r.id)).toEqual(['Ev3']);
    });

    it('of two connections recording the same ids at once, exactly one records each', async () => {
      const { store } = db();
      const other = await db().another();
      const ids = Array.from({ length: 30 }, (_, i) => `Ev${i}`);
      const wins = await Promise.all(ids.flatMap((id) => [store.deliveries.claim('slack', id, T0, T0 - HOUR), other.deliveries.claim('slack', id, T0, T0 - HOUR)]));
      expect(wins.filter(Boolean)).toHaveLength(30);
    });
  });
}
