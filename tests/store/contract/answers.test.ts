/** Contract: answers. The first answer wins, and totals and streaks move with it, on every engine. */
import { describe, expect, it } from 'vitest';
import { ENGINES, useDatabase } from './engines.ts';
import { answer, openDrop, OTHER, SCOPE, T0 } from './fixtures.ts';

const P = ['all', 'week:100'];

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`answers [${engine.title}]`, () => {
    const db = useDatabase(engine);

    it('tallies a drop for its reveal: per choice, in all, right, and the first right answers in answer order', async () => {
      const { store } = db();
      const d = await openDrop(store);
      const other = await openDrop(store, { questionId: 'q2' });
      expect(await store.answers.tally(d, 3)).toEqual({ choices: [], total: 0, right: 0, firstRight: [] });
      const at = (s: number) => T0 + s * 1000;
      await store.answers.insert(answer(d, 'cy', { answeredAt: at(5) }), P);
      await store.answers.insert(answer(d, 'ann', { correct: false, answeredAt: at(1) }), P);
      await store.answers.insert(answer(d, 'bob', { answeredAt: at(3) }), P);
      await store.answers.insert(answer(d, 'al', { answeredAt: at(3) }), P);
      await store.answers.insert(answer(d, 'dee', { choice: 'C', correct: false, answeredAt: at(2) }), P);
      await store.answers.insert(answer(d, 'eve', { answeredAt: at(9) }), P);
      await store.answers.insert(answer(other, 'zed', { answeredAt: at(0) }), P);
      // Ties in time go by user id, the same on both engines.
      expect(await store.answers.tally(d, 3)).toEqual({
        choices: [{ choice: 'A', n: 1 }, { choice: 'B', n: 4 }, { choice: 'C', n: 1 }],
        total: 6,
        right: 4,
        firstRight: ['al', 'bob', 'cy'],
      });
    });

    it('stores a first answer and adds it to the totals of every period', async () => {
      const { store } = db();
      const d = await openDrop(store);
      expect(await store.answers.insert(answer(d, 'ann', { points: 3 }), P)).toEqual({ inserted: true });
      expect(await store.answers.get(d, 'ann')).toEqual(answer(d, 'ann', { points: 3 }));
      for (const period of P) expect((await store.boards.top(SCOPE, period, 10))[0]).toMatchObject({ userId: 'ann', points: 3, correct: 1, answered: 1 });
      expect(await store.boards.top(SCOPE, 'month:1', 10)).toEqual([]);
    });

    it('keeps the first answer: a second one returns it and changes no total', async () => {
      const { store } = db();
      const d = await openDrop(store);
      await store.answers.insert(answer(d, 'ann', { correct: false, choice: 'C' }), P);
      const again = await store.answers.insert(answer(d, 'ann', { correct: true, answeredAt: 99 }), P);
      expect(again).toEqual({ inserted: false, existing: answer(d, 'ann', { correct: false, choice: 'C' }) });
      expect(await store.boards.top(SCOPE, 'all', 10)).toEqual([{ userId: 'ann', name: 'ann', points: 0, correct: 0, answered: 1, streak: 0 }]);
      expect(await store.boards.streakOf(SCOPE, 'ann')).toEqual({ current: 0, best: 0 });
    });

    it('adds up totals across drops and counts a repeated period key twice, as an upsert per key', async () => {
      const { store } = db();
      const d1 = await openDrop(store);
      const d2 = await openDrop(store, { questionId: 'q2' });
      await store.answers.insert(answer(d1, 'ann', { points: 2 }), ['all']);
      await store.answers.insert(answer(d2, 'ann', { points: 0, correct: false }), ['all', 'all']);
      expect(await store.boards.top(SCOPE, 'all', 10)).toEqual([{ userId: 'ann', name: 'ann', points: 2, correct: 1, answered: 3, streak: 0 }]);
    });

    it('a right answer extends the streak, a wrong one ends it, and the best is kept', async () => {
      const { store } = db();
      const ids = [];
      for (let i = 0; i < 4; i++) ids.push(await openDrop(store, { questionId: `q${i}` }));
      for (const [i, correct] of [true, true, false, true].entries()) await store.answers.insert(answer(ids[i]!, 'ann', { correct }), P);
      expect(await store.boards.streakOf(SCOPE, 'ann')).toEqual({ current: 1, best: 2 });
      expect(await store.boards.streakOf(SCOPE, 'nobody')).toEqual({ current: 0, best: 0 });
    });

    it('lists a drop\'s answers in answer order and finds one by person', async () => {
      const { store } = db();
      const d = await openDrop(store);
      await store.answers.insert(answer(d, 'bo', { answeredAt: 20 }), P);
      await store.answers.insert(answer(d, 'ann', { answeredAt: 30 }), P);
      await store.answers.insert(answer(d, 'cy', { answeredAt: 10 }), P);
      expect((await store.answers.forDrop(d)).map((a) => a.userId)).toEqual(['cy', 'bo', 'ann']);
      expect(await store.answers.get(d, 'dee')).toBeUndefined();
      expect(await store.answers.forDrop(d + 100)).toEqual([]);
    });

    it('lists a person\'s latest answers in a workspace, newest first, ties by the later drop', async () => {
      const { store } = db();
      const ids = [];
      for (let i = 0; i < 4; i++) ids.push(await openDrop(store, { questionId: `q${i}` }));
      const at = [T0 + 30, T0 + 10, T0 + 30, T0 + 20];
      for (const [i, d] of ids.entries()) await store.answers.insert(answer(d, 'ann', { answeredAt: at[i]!, questionId: `q${i}` }), P);
      await store.answers.insert(answer(ids[0]!, 'bo', { answeredAt: T0 + 99 }), P);
      const elsewhere = await openDrop(store, { workspace: OTHER.workspace });
      await store.answers.insert(answer(elsewhere, 'ann', { ...OTHER, answeredAt: T0 + 99 }), P);
      expect((await store.answers.latestFor(SCOPE, 'ann', 3)).map((a) => a.dropId)).toEqual([ids[2], ids[0], ids[3]]);
      expect(await store.answers.latestFor(SCOPE, 'ann', 1)).toEqual([answer(ids[2]!, 'ann', { answeredAt: T0 + 30, questionId: 'q2' })]);
      expect((await store.answers.latestFor(OTHER, 'ann', 5)).map((a) => a.dropId)).toEqual([elsewhere]);
      expect(await store.answers.latestFor(SCOPE, 'nobody', 5)).toEqual([]);
    });

    it('after its drop closes, a first answer still comes back as the person\'s own; a new one is refused as closed and moves nothing', async () => {
      const { store } = db();
      const d = await openDrop(store);
      await store.answers.insert(answer(d, 'ann', { choice: 'C', correct: false, points: 0 }), P);
      expect(await store.drops.close(d, T0 + 120_000)).toBe(true);
      const late = { answeredAt: T0 + 180_000 };
      expect(await store.answers.insert(answer(d, 'ann', late), P)).toEqual({ inserted: false, existing: answer(d, 'ann', { choice: 'C', correct: false, points: 0 }) });
      expect(await store.answers.insert(answer(d, 'bo', late), P)).toEqual({ inserted: false, closed: true });
      expect((await store.answers.forDrop(d)).map((a) => a.userId)).toEqual(['ann']);
      expect((await store.boards.top(SCOPE, 'all', 10)).map((t) => [t.userId, t.answered])).toEqual([['ann', 1]]);
      expect(await store.boards.streakOf(SCOPE, 'bo')).toEqual({ current: 0, best: 0 });
    });

    it('refuses an answer stamped at or after the drop\'s closing time even before the close has run, and stores nothing', async () => {
      const { store } = db();
      const d = await openDrop(store);
      expect(await store.answers.insert(answer(d, 'ann', { answeredAt: T0 + 3_600_000 }), P)).toEqual({ inserted: false, closed: true });
      expect(await store.answers.forDrop(d)).toEqual([]);
      expect(await store.boards.top(SCOPE, 'all', 10)).toEqual([]);
    });

    it('refuses an answer to a drop that does not exist, as closed, and stores nothing', async () => {
      const { store } = db();
      expect(await store.answers.insert(answer(12345, 'ann'), P)).toEqual({ inserted: false, closed: true });
      expect(await store.boards.playerCount(SCOPE, 'all')).toBe(0);
    });

    it('of the same person answering on two connections at once, exactly one answer is stored and counted', async () => {
      const { store } = db();
      const other = await db().another();
      const d = await openDrop(store);
      const results = await Promise.all([
        store.answers.insert(answer(d, 'ann', { choice: 'B' }), P),
        other.answers.insert(answer(d, 'ann', { choice: 'A', correct: false }), P),
      ]);
      expect(results.filter((r) => r.inserted)).toHaveLength(1);
      const loser = results.find((r) => !r.inserted) as { existing: { choice: string } };
      expect(loser.existing.choice).toBe((await store.answers.get(d, 'ann'))!.choice);
      expect((await store.boards.top(SCOPE, 'all', 10))[0]!.answered).toBe(1);
    });

    it('many people answering through two connections at once: all stored, none doubled', async () => {
      const { store } = db();
      const other = await db().another();
      const d = await openDrop(store);
      const users = Array.from({ length: 40 }, (_, i) => `u${i}`);
      await Promise.all(users.flatMap((u) => [store.answers.insert(answer(d, u), P), other.answers.insert(answer(d, u), P)]));
      expect(await store.answers.forDrop(d)).toHaveLength(40);
      expect(await store.boards.playerCount(SCOPE, 'all')).toBe(40);
      expect((await store.boards.top(SCOPE, 'all', 100)).every((t) => t.answered === 1 && t.points === 2)).toBe(true);
    });
  });
}
