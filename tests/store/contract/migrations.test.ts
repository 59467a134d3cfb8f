/** Contract: both engines have the same numbered schema versions and refuse a newer database alike. */
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/core/errors.ts';
import { SCHEMA_VERSION } from '../../../src/store/index.ts';
import { MIGRATIONS } from '../../../src/store/migrations/index.ts';
import { PG_MIGRATIONS } from '../../../src/store/postgres/migrations/index.ts';
import { TABLES } from '../../../src/store/postgres/tables.ts';
import { ENGINES } from './engines.ts';

describe('schema versions', () => {
  it('PostgreSQL has a step for every SQLite version, with the same number and name', () => {
    expect(PG_MIGRATIONS.map((m) => [m.version, m.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
  });
});

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`migrations [${engine.title}]`, () => {
    it('migrates an empty database to the latest version with every table, and re-opening changes nothing', async () => {
      const b = await engine.blank();
      try {
        expect(await b.migrateTo()).toEqual(MIGRATIONS.map((m) => m.version));
        expect(await b.migrateTo()).toEqual([]);
        for (const t of TABLES) expect(Number((await b.sql(`SELECT COUNT(*) AS n FROM ${t.name}`))[0]!.n)).toBe(0);
        // The shared table list (db:copy walks it) names every table the migrations made, and no other.
        const listing =
          engine.name === 'sqlite'
            ? `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`
            : `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> 'stepwise_schema' ORDER BY name`;
        expect((await b.sql(listing)).map((r) => r.name)).toEqual(TABLES.map((t) => t.name).sort());
        const store = await b.reopen();
        await store.members.remember({ platform: 'p', workspace: 'w' }, 'ann', 'Ann', 1);
        expect(await (await b.reopen()).members.name({ platform: 'p', workspace: 'w' }, 'ann')).toBe('Ann');
      } finally {
        await b.cleanup();
      }
    });

    it('refuses a database from a newer Stepwise with the same one-line message, and leaves it as it was', async () => {
      const b = await engine.blank();
      try {
        await b.setVersion(SCHEMA_VERSION + 1);
        const opening = b.reopen();
        await expect(opening).rejects.toBeInstanceOf(StoreError);
        await expect(opening).rejects.toThrow(
          `The database is at schema version ${SCHEMA_VERSION + 1}, but this Stepwise only knows up to ${SCHEMA_VERSION}. ` +
            'Upgrade Stepwise, or point STEPWISE_DB at another file. Nothing was changed.',
        );
        await expect(b.sql('SELECT COUNT(*) AS n FROM drops')).rejects.toThrow(/drops/); // no table was created
      } finally {
        await b.cleanup();
      }
    });

    it('version 6 replays an existing history into streaks, in drop order', async () => {
      const b = await engine.blank();
      try {
        await b.migrateTo(5);
        const drop = `INSERT INTO drops (platform, workspace, channel, pack_id, question_id, difficulty, state, opened_at, closes_at)
          VALUES ('p', 'W', 'C', 'k', 'q', 'easy', ?, ?, ?) RETURNING id`;
        const ids: number[] = [];
        for (const i of [1, 2, 3, 4, 5]) ids.push(Number((await b.sql(drop, [i === 5 ? 'open' : 'closed', i, i + 1]))[0]!.id));
        const ans = `INSERT INTO answers (drop_id, user_id, platform, workspace, pack_id, question_id, choice, correct, points, answered_at, elapsed_ms, via)
          VALUES (?, ?, 'p', 'W', 'k', 'q', 'B', ?, 1, 0, 0, 'button')`;
        // ann: right, right, wrong, right, (open, unanswered) → current 1, best 2.
        // bo: right, right, right, (missed), right on the open one → current 1, best 3.
        for (const [d, c] of [[ids[0], 1], [ids[1], 1], [ids[2], 0], [ids[3], 1]]) await b.sql(ans, [d, 'ann', c]);
        for (const [d, c] of [[ids[0], 1], [ids[1], 1], [ids[2], 1], [ids[4], 1]]) await b.sql(ans, [d, 'bo', c]);
        expect(await b.migrateTo(6)).toEqual([6]);
        const store = await b.reopen();
        expect(await store.boards.streakOf({ platform: 'p', workspace: 'W' }, 'ann')).toEqual({ current: 1, best: 2 });
        expect(await store.boards.streakOf({ platform: 'p', workspace: 'W' }, 'bo')).toEqual({ current: 1, best: 3 });
      } finally {
        await b.cleanup();
      }
    });

    it('version 7 leaves one live drop per channel, keeps the totals\' zone per workspace, and adds the new columns', async () => {
      const b = await engine.blank();
      try {
        await b.migrateTo(6);
        const drop = `INSERT INTO drops (platform, workspace, channel, pack_id, question_id, difficulty, state, opened_at, closes_at)
          VALUES ('p', 'W', ?, 'k', 'q', 'easy', ?, ?, ?) RETURNING id`;
        const id = async (channel: string, state: string, i: number) => Number((await b.sql(drop, [channel, state, i, i + 100]))[0]!.id);
        // Left by several processes: C has three open and a later posting one, D a posting one and a later open one.
        const c = [await id('C', 'open', 1), await id('C', 'open', 2), await id('C', 'open', 3), await id('C', 'posting', 4)];
        const d = [await id('D', 'posting', 5), await id('D', 'open', 6)];
        const e = await id('E', 'open', 7);
        await b.sql(`INSERT INTO answers (drop_id, user_id, platform, workspace, pack_id, question_id, choice, correct, points, answered_at, elapsed_ms, via)
          VALUES (?, 'ann', 'p', 'W', 'k', 'q', 'B', 1, 1, 3, 0, 'button')`, [e]);
        await b.sql(`INSERT INTO meta (key, value) VALUES ('totals_built_for', 'Europe/Paris')`);
        await b.sql(`INSERT INTO schedules (platform, workspace, channel, cron, tz, created_by, created_at) VALUES ('p', 'W', 'C', '0 9 * * *', 'UTC', 'a', 0)`);
        await b.sql(`INSERT INTO reminders (platform, workspace, user_id, at_minute) VALUES ('p', 'W', 'ann', 540)`);
        expect(await b.migrateTo(7)).toEqual([7]);
        const store = await b.reopen();
        const states = async (ids: number[]) => Promise.all(ids.map(async (i) => (await store.drops.get(i))!));
        expect((await states(c)).map((x) => [x.state, x.closedAt])).toEqual([['closed', 101], ['closed', 102], ['closed', 103], ['posting', null]]);
        expect((await states(d)).map((x) => [x.state, x.failure])).toEqual([['failed', 'abandoned while posting (found when upgrading)'], ['open', null]]);
        expect(await store.drops.get(e)).toMatchObject({ state: 'open', reactions: true, question: null });
        await expect(b.sql(drop, ['E', 'posting', 8, 108])).rejects.toThrow(/unique/i);
        expect(await store.workspaces.zone({ platform: 'p', workspace: 'W' }, 'UTC')).toBe('Europe/Paris');
        expect(await store.workspaces.zone({ platform: 'p', workspace: 'new' }, 'UTC')).toBe('UTC');
        expect((await store.schedules.all())[0]?.reactions).toBe(true);
        expect((await store.reminders.get({ platform: 'p', workspace: 'W' }, 'ann'))?.notice).toBeNull();
      } finally {
        await b.cleanup();
      }
    });

    it.skipIf(!engine.concurrentWriters)('several instances starting at once migrate once between them', async () => {
      const b = await engine.blank();
      try {
        const applied = await Promise.all([b.migrateTo(), b.migrateTo(), b.migrateTo()]);
        expect(applied.flat().sort((x, y) => x - y)).toEqual(MIGRATIONS.map((m) => m.version));
      } finally {
        await b.cleanup();
      }
    });
  });
}
