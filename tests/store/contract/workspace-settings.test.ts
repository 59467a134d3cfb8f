/** Contract: a workspace's own settings (migration 12) are stored per workspace, changed one at a time, and reset to the default. */
import { describe, expect, it } from 'vitest';
import { ENGINES, useDatabase } from './engines.ts';
import { OTHER, SCOPE } from './fixtures.ts';

const NONE = { windowMs: null, adminGroup: null, reactions: null };

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`workspace settings [${engine.title}]`, () => {
    const db = useDatabase(engine);

    it('a workspace never seen, or seen only for its zone, follows every default', async () => {
      const { store } = db();
      expect(await store.workspaces.options(SCOPE)).toEqual(NONE);
      await store.workspaces.zone(SCOPE, 'Europe/Paris');
      expect(await store.workspaces.options(SCOPE)).toEqual(NONE);
    });

    it('changes only the settings named, keeps the zone, and leaves other workspaces alone', async () => {
      const { store } = db();
      await store.workspaces.zone(SCOPE, 'Europe/Paris');
      await store.workspaces.setOptions(SCOPE, { windowMs: 30 * 60_000 }, 'UTC');
      await store.workspaces.setOptions(SCOPE, { reactions: false }, 'UTC');
      await store.workspaces.setOptions(SCOPE, { adminGroup: 'S0TUTORS' }, 'UTC');
      expect(await store.workspaces.options(SCOPE)).toEqual({ windowMs: 30 * 60_000, adminGroup: 'S0TUTORS', reactions: false });
      expect(await store.workspaces.zone(SCOPE, 'UTC')).toBe('Europe/Paris');
      expect(await store.workspaces.options(OTHER)).toEqual(NONE);
      // A window of 30 days fits (the longest allowed), as ms.
      await store.workspaces.setOptions(SCOPE, { windowMs: 30 * 86_400_000, reactions: true }, 'UTC');
      expect(await store.workspaces.options(SCOPE)).toEqual({ windowMs: 30 * 86_400_000, adminGroup: 'S0TUTORS', reactions: true });
    });

    it('null puts a setting back to the default', async () => {
      const { store } = db();
      await store.workspaces.setOptions(SCOPE, { windowMs: 60_000, adminGroup: 'tutors', reactions: false }, 'UTC');
      await store.workspaces.setOptions(SCOPE, { adminGroup: null, reactions: null }, 'UTC');
      expect(await store.workspaces.options(SCOPE)).toEqual({ windowMs: 60_000, adminGroup: null, reactions: null });
    });

    it('a workspace first seen through a settings change records the fallback zone, which later callers get', async () => {
      const { store } = db();
      await store.workspaces.setOptions(OTHER, { reactions: false }, 'Asia/Tokyo');
      expect(await store.workspaces.zone(OTHER, 'UTC')).toBe('Asia/Tokyo');
      expect(await store.workspaces.options(OTHER)).toEqual({ windowMs: null, adminGroup: null, reactions: false });
    });

    it('settings survive a restart and inside a transaction land with it or not at all', async () => {
      const opened = db();
      await opened.store.workspaces.setOptions(SCOPE, { windowMs: 7_200_000 }, 'UTC');
      await expect(
        opened.store.transaction(async (tx) => {
          await tx.workspaces.setOptions(SCOPE, { windowMs: 60_000, reactions: false }, 'UTC');
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      const again = await opened.reopen();
      expect(await again.workspaces.options(SCOPE)).toEqual({ windowMs: 7_200_000, adminGroup: null, reactions: null });
    });
  });
}
