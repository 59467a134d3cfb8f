/** Contract: a workspace's packs are its own, replacing keeps when a pack was first added, and every change bumps the version. */
import { describe, expect, it } from 'vitest';
import type { StoredPack } from '../../../src/core/ports.ts';
import { ENGINES, useDatabase } from './engines.ts';
import { T0 } from './fixtures.ts';

const W = { platform: 'p', workspace: 'w' };
const OTHER = { platform: 'p', workspace: 'x' };

const pack = (over: Partial<StoredPack> = {}): StoredPack => ({
  ...W,
  packId: 'onboarding',
  title: 'Onboarding',
  questions: 3,
  markdown: '# Pack: Onboarding\nid: onboarding\n',
  format: 'markdown',
  fileName: 'onboarding.md',
  addedBy: 'ann',
  addedAt: T0,
  updatedAt: T0,
  ...over,
});

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`workspace packs [${engine.title}]`, () => {
    const db = useDatabase(engine);

    it('stores a pack for its workspace only, and lists in the order packs were first added', async () => {
      const { store } = db();
      expect(await store.packs.version(W)).toBe(0);
      expect(await store.packs.put(pack())).toBe('added');
      expect(await store.packs.put(pack({ packId: 'security', title: 'Security', addedAt: T0 + 10, updatedAt: T0 + 10 }))).toBe('added');
      expect(await store.packs.put(pack({ ...OTHER, addedAt: T0 - 5, updatedAt: T0 - 5 }))).toBe('added');
      expect((await store.packs.list(W)).map((p) => p.packId)).toEqual(['onboarding', 'security']);
      expect((await store.packs.list(OTHER)).map((p) => p.packId)).toEqual(['onboarding']);
      expect(await store.packs.get(W, 'onboarding')).toEqual(pack());
      expect(await store.packs.get(OTHER, 'security')).toBeUndefined();
      expect(await store.packs.version(W)).toBe(2);
      expect(await store.packs.version(OTHER)).toBe(1);
    });

    it('replacing keeps the first added time, takes the new text and bumps the version', async () => {
      const { store } = db();
      await store.packs.put(pack());
      expect(await store.packs.put(pack({ title: 'Onboarding v2', questions: 4, markdown: 'new', addedAt: T0 + 99, updatedAt: T0 + 99, addedBy: 'bob' }))).toBe('replaced');
      const got = await store.packs.get(W, 'onboarding');
      expect(got).toMatchObject({ title: 'Onboarding v2', questions: 4, markdown: 'new', addedAt: T0, updatedAt: T0 + 99, addedBy: 'bob' });
      expect(await store.packs.version(W)).toBe(2);
    });

    it('removes only in its workspace; removing nothing leaves the version alone', async () => {
      const { store } = db();
      await store.packs.put(pack());
      await store.packs.put(pack(OTHER));
      expect(await store.packs.remove(W, 'onboarding')).toBe(true);
      expect(await store.packs.remove(W, 'onboarding')).toBe(false);
      expect(await store.packs.version(W)).toBe(2);
      expect(await store.packs.list(W)).toEqual([]);
      expect((await store.packs.list(OTHER)).length).toBe(1);
    });

    it('a put inside a transaction that fails is not kept, version included', async () => {
      const { store } = db();
      await expect(
        store.transaction(async (tx) => {
          await tx.packs.put(pack());
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.packs.list(W)).toEqual([]);
      expect(await store.packs.version(W)).toBe(0);
    });

    it('another connection sees a change at once (what other instances rely on)', async () => {
      const { store, another } = db();
      const other = await another();
      expect(await other.packs.version(W)).toBe(0);
      await store.packs.put(pack());
      expect(await other.packs.version(W)).toBe(1);
      expect((await other.packs.list(W)).map((p) => p.title)).toEqual(['Onboarding']);
    });

    it('a put with ifVersion writes only from that version; of two at once from one version, one lands', async () => {
      const { store, another } = db();
      expect(await store.packs.put(pack(), 1)).toBe('changed');
      expect(await store.packs.version(W)).toBe(0);
      expect(await store.packs.put(pack(), 0)).toBe('added');
      expect(await store.packs.put(pack({ title: 'Stale' }), 0)).toBe('changed');
      const other = await another();
      const both = await Promise.all([store.packs.put(pack({ title: 'Mine' }), 1), other.packs.put(pack({ title: 'Theirs' }), 1)]);
      expect([...both].sort()).toEqual(['changed', 'replaced']);
      expect(await store.packs.version(W)).toBe(2);
      expect((await store.packs.get(W, 'onboarding'))!.title).toBe(both[0] === 'replaced' ? 'Mine' : 'Theirs');
    });
  });
}
