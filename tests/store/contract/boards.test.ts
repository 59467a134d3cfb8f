/** Contract: leaderboards, ranks, streaks, per-pack totals, rebuilding totals, and member names. */
import { describe, expect, it } from 'vitest';
import { ENGINES, useDatabase } from './engines.ts';
import { answer, OTHER, openDrop, SCOPE, T0 } from './fixtures.ts';

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`boards and members [${engine.title}]`, () => {
    const db = useDatabase(engine);

    /** Five people on one drop: points and corrects chosen to exercise every tie-break. */
    async function seedBoard() {
      const { store } = db();
      const d1 = await openDrop(store);
      const d2 = await openDrop(store, { questionId: 'q2' });
      // (points, correct): amy 3/1, Zed 3/1 (tie, byte order puts 'Zed' before 'amy'), bo 3/2 (more right), cy 1/1, dee 0/0.
      const rows: [string, number, number, boolean][] = [['amy', d1, 3, true], ['Zed', d1, 3, true], ['bo', d1, 2, true], ['bo', d2, 1, true], ['cy', d1, 1, true], ['dee', d1, 0, false]];
      for (const [u, d, points, correct] of rows) await store.answers.insert(answer(d, u, { points, correct }), ['all', 'week:1']);
      await store.answers.insert(answer(d1, 'elsewhere', { ...OTHER, points: 50 }), ['all']);
      await store.members.remember(SCOPE, 'amy', 'Amy A.', T0);
      return store;
    }

    it('orders the top by points, then right answers, then user id in byte order, with names', async () => {
      const store = await seedBoard();
      const top = await store.boards.top(SCOPE, 'all', 10);
      expect(top.map((t) => [t.userId, t.name, t.points, t.correct, t.answered])).toEqual([
        ['bo', 'bo', 3, 2, 2],
        ['Zed', 'Zed', 3, 1, 1],
        ['amy', 'Amy A.', 3, 1, 1],
        ['cy', 'cy', 1, 1, 1],
        ['dee', 'dee', 0, 0, 1],
      ]);
      expect((await store.boards.top(SCOPE, 'all', 2)).map((t) => t.userId)).toEqual(['bo', 'Zed']);
      expect(await store.boards.top(SCOPE, 'week:2', 10)).toEqual([]);
    });

    it('ranks a person by how many are strictly ahead, so ties share a rank', async () => {
      const store = await seedBoard();
      expect(await store.boards.rankOf(SCOPE, 'all', 'amy')).toEqual({ rank: 2, players: 5, totals: { userId: 'amy', name: 'Amy A.', points: 3, correct: 1, answered: 1, streak: 1 } });
      expect((await store.boards.rankOf(SCOPE, 'all', 'Zed'))?.rank).toBe(2);
      expect((await store.boards.rankOf(SCOPE, 'all', 'dee'))?.rank).toBe(5);
      expect(await store.boards.rankOf(SCOPE, 'all', 'nobody')).toBeUndefined();
      expect(await store.boards.playerCount(SCOPE, 'week:1')).toBe(5);
      expect(await store.boards.playerCount(OTHER, 'all')).toBe(1);
      expect(await store.boards.playerCount(OTHER, 'week:1')).toBe(0);
    });

    it('sums right answers and answers per pack for one person', async () => {
      const { store } = db();
      const a = await openDrop(store, { packId: 'pack-b' });
      const b = await openDrop(store, { packId: 'pack-a' });
      const c = await openDrop(store, { packId: 'pack-a', questionId: 'q2' });
      await store.answers.insert(answer(a, 'ann', { packId: 'pack-b' }), ['all']);
      await store.answers.insert(answer(b, 'ann', { correct: false }), ['all']);
      await store.answers.insert(answer(c, 'ann'), ['all']);
      expect(await store.boards.perPack(SCOPE, 'ann')).toEqual([
        { packId: 'pack-a', correct: 1, answered: 2 },
        { packId: 'pack-b', correct: 1, answered: 1 },
      ]);
      expect(await store.boards.perPack(SCOPE, 'nobody')).toEqual([]);
    });

    it('reads when a person answered, newest first, from a time on and at most a number of times', async () => {
      const { store } = db();
      const drops = [await openDrop(store), await openDrop(store, { questionId: 'q2' }), await openDrop(store, { questionId: 'q3' })];
      for (const [i, d] of drops.entries()) await store.answers.insert(answer(d, 'ann', { answeredAt: T0 + 100 * i }), ['all']);
      await store.answers.insert(answer(drops[0]!, 'bob', { answeredAt: T0 + 50 }), ['all']);
      await store.answers.insert(answer(drops[0]!, 'ann', { ...OTHER, answeredAt: T0 + 500 }), ['all']);
      expect(await store.boards.answerTimes(SCOPE, 'ann', 0, 10)).toEqual([T0 + 200, T0 + 100, T0]);
      expect(await store.boards.answerTimes(SCOPE, 'ann', T0 + 100, 10)).toEqual([T0 + 200, T0 + 100]);
      expect(await store.boards.answerTimes(SCOPE, 'ann', 0, 1)).toEqual([T0 + 200]);
      expect(await store.boards.answerTimes(SCOPE, 'nobody', 0, 10)).toEqual([]);
    });

    it('rebuilds one workspace\'s totals from its answers with new period keys, leaving others as they were', async () => {
      const store = await seedBoard();
      const rows = await store.boards.rebuild(SCOPE, (t) => ['all', `day:${Math.floor(t / 86_400_000)}`]);
      expect(rows).toBe(10); // 5 people × 2 keys
      expect(await store.boards.top(SCOPE, 'week:1', 10)).toEqual([]);
      const day = `day:${Math.floor((T0 + 60_000) / 86_400_000)}`;
      expect((await store.boards.top(SCOPE, day, 1))[0]).toMatchObject({ userId: 'bo', points: 3, correct: 2, answered: 2 });
      expect((await store.boards.top(SCOPE, 'all', 10)).map((t) => t.userId)).toEqual(['bo', 'Zed', 'amy', 'cy', 'dee']);
      expect((await store.boards.top(OTHER, 'all', 1))[0]).toMatchObject({ userId: 'elsewhere', points: 50 });
      expect(await store.boards.rebuild(SCOPE, () => [])).toBe(0);
      expect(await store.boards.playerCount(SCOPE, 'all')).toBe(0);
      expect(await store.boards.playerCount(OTHER, 'all')).toBe(1);
    });

    it('rebuilds histories larger than one read page', async () => {
      const { store } = db();
      const drops = [];
      for (let i = 0; i < 3; i++) drops.push(await openDrop(store, { questionId: `q${i}` }));
      // Bulk rows straight in SQL (valid on both engines): the port would take seconds for 27,000.
      for (const d of drops) {
        await db().sql(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 8999)
          INSERT INTO answers (drop_id, user_id, platform, workspace, pack_id, question_id, choice, correct, points, answered_at, elapsed_ms, via)
          SELECT ?, 'u' || i, 'test', 'W1', 'pack-a', 'q1', 'B', 1, 1, 0, 0, 'button' FROM n`, [d]);
      }
      expect(await store.boards.rebuild(SCOPE, () => ['all'])).toBe(9000);
      expect(await store.boards.rankOf(SCOPE, 'all', 'u8999')).toMatchObject({ rank: 1, players: 9000, totals: { points: 3, answered: 3 } });
    });

    it('remembers a display name per workspace and updates it', async () => {
      const { store } = db();
      expect(await store.members.name(SCOPE, 'ann')).toBeUndefined();
      await store.members.remember(SCOPE, 'ann', 'Ann', T0);
      await store.members.remember(OTHER, 'ann', 'Annie', T0);
      expect(await store.members.name(SCOPE, 'ann')).toBe('Ann');
      await store.members.remember(SCOPE, 'ann', 'Ann B.', T0 + 1);
      await store.members.remember(SCOPE, 'ann', 'Ann B.', T0 + 2);
      expect(await store.members.name(SCOPE, 'ann')).toBe('Ann B.');
      expect(await store.members.name(OTHER, 'ann')).toBe('Annie');
    });
  });
}
