/** Contract: hint requests are recorded once per person and target, and counted per question. */
import { describe, expect, it } from 'vitest';
import { ENGINES, useDatabase } from './engines.ts';
import { T0 } from './fixtures.ts';

const W = { platform: 'p', workspace: 'w' };
const OTHER = { platform: 'p', workspace: 'x' };

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`hints [${engine.title}]`, () => {
    const db = useDatabase(engine);

    it('records the first request only; asked() is per person, target and workspace', async () => {
      const { store } = db();
      expect(await store.hints.asked(W, 'ann', 'drop:1')).toBe(false);
      expect(await store.hints.ask(W, 'ann', 'drop:1', 'q1', 'pack', T0)).toBe(true);
      expect(await store.hints.ask(W, 'ann', 'drop:1', 'q1', 'pack', T0 + 5)).toBe(false);
      expect(await store.hints.asked(W, 'ann', 'drop:1')).toBe(true);
      expect(await store.hints.asked(W, 'bob', 'drop:1')).toBe(false);
      expect(await store.hints.asked(W, 'ann', 'drop:2')).toBe(false);
      expect(await store.hints.asked(OTHER, 'ann', 'drop:1')).toBe(false);
      // The first time is what is kept.
      expect((await db().sql('SELECT asked_at FROM hints')).map((r) => Number(r.asked_at))).toEqual([T0]);
    });

    it('counts requests per question, drops and review cards alike, optionally in one pack', async () => {
      const { store } = db();
      await store.hints.ask(W, 'ann', 'drop:1', 'q1', 'pack', T0);
      await store.hints.ask(W, 'bob', 'drop:1', 'q1', 'pack', T0);
      await store.hints.ask(W, 'ann', 'review:q1:100', 'q1', 'pack', T0);
      await store.hints.ask(W, 'ann', 'drop:2', 'q2', 'other', T0);
      await store.hints.ask(OTHER, 'ann', 'drop:3', 'q1', 'pack', T0);
      expect(await store.hints.counts(W)).toEqual([
        { questionId: 'q1', packId: 'pack', n: 3 },
        { questionId: 'q2', packId: 'other', n: 1 },
      ]);
      expect(await store.hints.counts(W, 'other')).toEqual([{ questionId: 'q2', packId: 'other', n: 1 }]);
    });

    it('of two connections asking at once, exactly one records the request', async () => {
      const { store } = db();
      const other = await db().another();
      const wins = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? other : store).hints.ask(W, 'ann', 'drop:9', 'q9', 'pack', T0 + i)));
      expect(wins.filter(Boolean)).toHaveLength(1);
    });
  });
}
