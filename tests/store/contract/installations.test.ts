/** Contract: a workspace's sealed installation is kept, replaced and removed; erasing a workspace deletes exactly its rows. */
import { describe, expect, it } from 'vitest';
import { TABLES } from '../../../src/store/postgres/tables.ts';
import { ENGINES, useDatabase } from './engines.ts';
import { OTHER, SCOPE, T0, answer, card, openDrop, schedule, seedHistory } from './fixtures.ts';

const SLACK_A = { platform: 'slack', workspace: 'TAAAA' };
const SLACK_B = { platform: 'slack', workspace: 'TBBBB' };

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`installations [${engine.title}]`, () => {
    const db = useDatabase(engine);

    it('puts, replaces on reinstall, lists per platform, and removes one workspace only', async () => {
      const { store } = db();
      expect(await store.installations.get(SLACK_A)).toBeUndefined();
      await store.installations.put({ ...SLACK_A, keyId: 'k1', sealed: 'sealed-a', installedAt: T0 });
      await store.installations.put({ ...SLACK_B, keyId: 'k1', sealed: 'sealed-b', installedAt: T0 + 1 });
      await store.installations.put({ platform: 'other', workspace: 'TAAAA', keyId: 'k1', sealed: 'x', installedAt: T0 });
      await store.installations.put({ ...SLACK_A, keyId: 'k2', sealed: 'sealed-a2', installedAt: T0 + 2 });
      expect(await store.installations.get(SLACK_A)).toEqual({ ...SLACK_A, keyId: 'k2', sealed: 'sealed-a2', installedAt: T0 + 2 });
      expect((await store.installations.all('slack')).map((r) => [r.workspace, r.sealed])).toEqual([['TAAAA', 'sealed-a2'], ['TBBBB', 'sealed-b']]);
      expect(await store.installations.remove(SLACK_A)).toBe(true);
      expect(await store.installations.remove(SLACK_A)).toBe(false);
      expect(await store.installations.get(SLACK_A)).toBeUndefined();
      expect(await store.installations.get(SLACK_B)).toBeDefined();
      expect(await store.installations.get({ platform: 'other', workspace: 'TAAAA' })).toBeDefined();
    });

    it('every table with a workspace column is one that erasing a workspace covers', async () => {
      const columns =
        engine.name === 'sqlite'
          ? `SELECT m.name AS name FROM sqlite_master m JOIN pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name = 'workspace' ORDER BY m.name`
          : `SELECT table_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'workspace' ORDER BY table_name`;
      expect((await db().sql(columns)).map((r) => r.name)).toEqual(TABLES.filter((t) => t.workspace).map((t) => t.name).sort());
    });

    it('erases every row of one workspace in one go, and not one row of another', async () => {
      const { store } = db();
      const sql = (text: string, params?: unknown[]) => db().sql(text, params);
      await seedHistory(store);
      // The other workspace gets a bit of everything too.
      const otherDrop = await openDrop(store, { ...OTHER, channel: 'C-other' });
      await store.answers.insert(answer(otherDrop, 'zed', { ...OTHER }), ['all']);
      await store.members.remember(OTHER, 'zed', 'Zed', T0);
      await store.schedules.add(schedule({ ...OTHER, channel: 'C-other' }));
      await store.cards.put(OTHER, 'zed', 'q1', 'pack-a', card(T0));
      await store.installations.put({ ...OTHER, keyId: 'k1', sealed: 's', installedAt: T0 });
      const count = async (table: string, scope: { platform: string; workspace: string }) =>
        Number((await sql(`SELECT COUNT(*) AS n FROM ${table} WHERE platform = ? AND workspace = ?`, [scope.platform, scope.workspace]))[0]!.n);
      const scoped = TABLES.filter((t) => t.workspace).map((t) => t.name);
      const before = Object.fromEntries(await Promise.all(scoped.map(async (t) => [t, await count(t, OTHER)] as const)));
      const total = async () => Number((await sql('SELECT COUNT(*) AS n FROM deliveries'))[0]!.n);
      const deliveries = await total();

      const erased = await store.erasure.workspace(SCOPE);
      // seedHistory touches every workspace table in SCOPE; each is counted.
      for (const t of ['members', 'schedules', 'drops', 'answers', 'score_totals', 'cards', 'reviews', 'pending_reviews', 'reminders', 'streaks', 'workspaces', 'hints', 'installations']) {
        expect(erased[t], t).toBeGreaterThan(0);
      }
      for (const t of scoped) expect(await count(t, SCOPE), t).toBe(0);
      for (const t of scoped) expect(await count(t, OTHER), t).toBe(before[t]);
      expect(before.answers).toBe(1);
      // Deliveries are event ids, no one's data, and not per workspace.
      expect(await total()).toBe(deliveries);
      expect(await store.erasure.workspace(SCOPE)).toEqual({});
    });
  });
}
