/** Contract: channels with the weekly summary, and each (channel, week) claimed exactly once. */
import { describe, expect, it } from 'vitest';
import { ENGINES, useDatabase } from './engines.ts';
import { T0 } from './fixtures.ts';

const C1 = { platform: 'p', workspace: 'w', channel: 'c1' };
const C2 = { platform: 'p', workspace: 'w', channel: 'c2' };
const OTHER = { platform: 'p', workspace: 'x', channel: 'c1' };
const WEEK = 7 * 86_400_000;

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`weekly posts [${engine.title}]`, () => {
    const db = useDatabase(engine);

    it('turns on once per channel, lists per workspace, turns off', async () => {
      const { store } = db();
      expect(await store.weekly.enable(C2, 'ann', T0)).toBe(true);
      expect(await store.weekly.enable(C1, 'ann', T0 + 1)).toBe(true);
      expect(await store.weekly.enable(C1, 'bob', T0 + 2)).toBe(false);
      expect(await store.weekly.enable(OTHER, 'cy', T0)).toBe(true);
      expect(await store.weekly.list(C1)).toEqual([
        { ...C1, createdBy: 'ann', createdAt: T0 + 1, lastWeek: null },
        { ...C2, createdBy: 'ann', createdAt: T0, lastWeek: null },
      ]);
      expect((await store.weekly.all()).map((r) => `${r.workspace}/${r.channel}`)).toEqual(['w/c1', 'w/c2', 'x/c1']);
      expect(await store.weekly.disable(C2)).toBe(true);
      expect(await store.weekly.disable(C2)).toBe(false);
      expect((await store.weekly.list(C1)).map((r) => r.channel)).toEqual(['c1']);
    });

    it('claims a week once, a later week again, never an earlier one; survives a reopen', async () => {
      const { store } = db();
      await store.weekly.enable(C1, 'ann', T0);
      expect(await store.weekly.claim(C1, T0)).toBe(true);
      expect(await store.weekly.claim(C1, T0)).toBe(false);
      expect(await store.weekly.claim(C1, T0 - WEEK)).toBe(false);
      expect(await store.weekly.claim(OTHER, T0)).toBe(false); // not turned on there
      const reopened = await db().reopen();
      expect(await reopened.weekly.claim(C1, T0)).toBe(false);
      expect((await reopened.weekly.all())[0]!.lastWeek).toBe(T0);
      expect(await reopened.weekly.claim(C1, T0 + WEEK)).toBe(true);
    });

    it('of two connections claiming the same week at once, exactly one wins', async () => {
      const { store } = db();
      await store.weekly.enable(C1, 'ann', T0);
      const other = await db().another();
      const wins = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? other : store).weekly.claim(C1, T0 + WEEK)));
      expect(wins.filter(Boolean)).toHaveLength(1);
    });
  });
}
