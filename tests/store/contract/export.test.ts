/** Contract: the workspace-wide reads behind /quiz export (every streak, every card), on every engine. */
import { describe, expect, it } from 'vitest';
import { ENGINES, useDatabase } from './engines.ts';
import { answer, card, openDrop, OTHER, SCOPE, T0 } from './fixtures.ts';

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`export reads [${engine.title}]`, () => {
    const db = useDatabase(engine);

    it('lists every person’s current and best streak in the workspace, by user id in byte order', async () => {
      const { store } = db();
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push(await openDrop(store, { questionId: `q${i}` }));
      // bo: right, right, wrong (best 2, current 0); Amy: right (1, 1); ann: wrong (0, 0).
      for (const [i, correct] of [true, true, false].entries()) await store.answers.insert(answer(ids[i]!, 'bo', { correct }), ['all']);
      await store.answers.insert(answer(ids[0]!, 'Amy'), ['all']);
      await store.answers.insert(answer(ids[0]!, 'ann', { correct: false }), ['all']);
      await store.answers.insert(answer(ids[0]!, 'far', { ...OTHER }), ['all']);
      expect(await store.boards.streaks(SCOPE)).toEqual([
        { userId: 'Amy', current: 1, best: 1 },
        { userId: 'ann', current: 0, best: 0 },
        { userId: 'bo', current: 0, best: 2 },
      ]);
      expect(await store.boards.streaks({ platform: 'test', workspace: 'none' })).toEqual([]);
    });

    it('lists every card of the workspace by person, pack and question, and no other workspace’s', async () => {
      const { store } = db();
      const a = card(T0 + 1000, { stability: 2.5 });
      const b = card(T0 + 2000, { reps: 2 });
      await store.cards.put(SCOPE, 'bo', 'q2', 'pack-b', a);
      await store.cards.put(SCOPE, 'bo', 'q1', 'pack-a', b);
      await store.cards.put(SCOPE, 'Amy', 'q9', 'pack-b', a);
      await store.cards.put(OTHER, 'bo', 'q1', 'pack-a', a);
      expect(await store.cards.inWorkspace(SCOPE)).toEqual([
        { userId: 'Amy', questionId: 'q9', packId: 'pack-b', card: a },
        { userId: 'bo', questionId: 'q1', packId: 'pack-a', card: b },
        { userId: 'bo', questionId: 'q2', packId: 'pack-b', card: a },
      ]);
      expect(await store.cards.inWorkspace({ platform: 'test', workspace: 'none' })).toEqual([]);
    });
  });
}
