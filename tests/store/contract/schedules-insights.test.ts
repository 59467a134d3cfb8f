/** Contract: schedules, and the admin insights read from answers. */
import { describe, expect, it } from 'vitest';
import { ENGINES, useDatabase } from './engines.ts';
import { answer, OTHER, openDrop, schedule, SCOPE, T0 } from './fixtures.ts';

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`schedules and insights [${engine.title}]`, () => {
    const db = useDatabase(engine);

    it('adds schedules with ids, lists them per workspace in id order, pauses and removes them', async () => {
      const { store } = db();
      const a = await store.schedules.add(schedule({ packId: 'pack-a', difficulty: 'hard' }));
      expect(a).toEqual({ id: 1, ...schedule({ packId: 'pack-a', difficulty: 'hard' }) });
      const b = await store.schedules.add(schedule({ ...OTHER, paused: true }));
      const c = await store.schedules.add(schedule({ channel: 'C2' }));
      expect((await store.schedules.list(SCOPE)).map((s) => s.id)).toEqual([a.id, c.id]);
      expect((await store.schedules.all()).map((s) => s.id)).toEqual([a.id, b.id, c.id]);
      expect(await store.schedules.get(b.id)).toMatchObject({ paused: true, workspace: 'W2' });
      expect(await store.schedules.setPaused(a.id, true)).toBe(true);
      expect((await store.schedules.get(a.id))?.paused).toBe(true);
      expect(await store.schedules.setPaused(99, true)).toBe(false);
      expect(await store.schedules.remove(a.id)).toBe(true);
      expect(await store.schedules.remove(a.id)).toBe(false);
      expect(await store.schedules.get(a.id)).toBeUndefined();
    });

    it('keeps whether reactions count per schedule, and turns them off and on', async () => {
      const { store } = db();
      const on = await store.schedules.add(schedule());
      const off = await store.schedules.add(schedule({ channel: 'C2', reactions: false }));
      expect([on.reactions, off.reactions]).toEqual([true, false]);
      expect(await store.schedules.setReactions(on.id, false)).toBe(true);
      expect(await store.schedules.setReactions(off.id, true)).toBe(true);
      expect((await store.schedules.all()).map((s) => [s.id, s.reactions])).toEqual([[on.id, false], [off.id, true]]);
      expect(await store.schedules.setReactions(99, true)).toBe(false);
    });

    it('removing a schedule keeps its drops, unlinked from it', async () => {
      const { store } = db();
      const s = await store.schedules.add(schedule());
      const d = await openDrop(store, { scheduleId: s.id, slot: T0 });
      await store.schedules.remove(s.id);
      expect(await store.drops.get(d)).toMatchObject({ scheduleId: null, slot: T0 });
    });

    it('reports answers and right answers per question, wrong picks by count, and people and answers per week', async () => {
      const { store } = db();
      const d1 = await openDrop(store, { questionId: 'q1' });
      const d2 = await openDrop(store, { questionId: 'q2', packId: 'pack-b' });
      const picks: [number, string, string, string][] = [
        [d1, 'ann', 'B', 'q1'], [d1, 'bo', 'A', 'q1'], [d1, 'cy', 'C', 'q1'], [d1, 'dee', 'C', 'q1'], [d2, 'ann', 'D', 'q2'],
      ];
      for (const [i, [d, u, choice, q]] of picks.entries()) {
        const packId = q === 'q2' ? 'pack-b' : 'pack-a';
        await store.answers.insert(answer(d, u, { choice, correct: choice === 'B', questionId: q, packId, answeredAt: T0 + i }), ['all', i < 2 ? 'week:1' : 'week:2']);
      }
      await store.answers.insert(answer(d1, 'x', { ...OTHER }), ['all']);
      expect(await store.insights.questions(SCOPE)).toEqual([
        { questionId: 'q1', packId: 'pack-a', answered: 4, correct: 1 },
        { questionId: 'q2', packId: 'pack-b', answered: 1, correct: 0 },
      ]);
      expect(await store.insights.questions(SCOPE, 'pack-b')).toEqual([{ questionId: 'q2', packId: 'pack-b', answered: 1, correct: 0 }]);
      expect(await store.insights.wrongPicks(SCOPE)).toEqual([
        { questionId: 'q1', choice: 'C', n: 2 },
        { questionId: 'q1', choice: 'A', n: 1 },
        { questionId: 'q2', choice: 'D', n: 1 },
      ]);
      expect(await store.insights.wrongPicks(SCOPE, 'pack-a')).toHaveLength(2);
      expect(await store.insights.weeks(SCOPE, ['week:2', 'week:1', 'week:9'])).toEqual([
        { period: 'week:1', people: 2, answers: 2 },
        { period: 'week:2', people: 3, answers: 3 },
      ]);
      expect(await store.insights.weeks(SCOPE, ['week:1', 'week:2'], 'pack-b')).toEqual([{ period: 'week:2', people: 1, answers: 1 }]);
      expect(await store.insights.weeks(OTHER, ['week:1', 'week:2'])).toEqual([]);
    });
  });
}
