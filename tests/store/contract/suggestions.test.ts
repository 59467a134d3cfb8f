/** Contract: the suggestion queue, its limits, decisions made once, and the credit of an approved question. */
import { describe, expect, it } from 'vitest';
import type { NewSuggestion } from '../../../src/core/ports.ts';
import { ENGINES, useDatabase } from './engines.ts';
import { T0 } from './fixtures.ts';

const W = { platform: 'p', workspace: 'w' };
const X = { platform: 'p', workspace: 'x' };
const FIELDS = { prompt: 'Which one?', options: ['One', 'Two'], answer: 'B', steps: 'Because two.', hint: 'Count.' };
const LIMITS = { perAuthor: 2, perWorkspace: 3 };
const row = (authorId: string, at = T0, scope = W): NewSuggestion => ({ ...scope, authorId, authorName: `Name ${authorId}`, channel: 'c1', fields: FIELDS, createdAt: at });

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`suggestions [${engine.title}]`, () => {
    const db = useDatabase(engine);

    it('queues with ids, per workspace, oldest first, within the limits', async () => {
      const { store } = db();
      const first = await store.suggestions.add(row('a'), LIMITS);
      expect(first).toMatchObject({ id: 1, status: 'pending', authorName: 'Name a', channel: 'c1', fields: FIELDS, createdAt: T0, decidedBy: null, packId: null });
      await store.suggestions.add(row('a', T0 + 1), LIMITS);
      expect(await store.suggestions.add(row('a', T0 + 2), LIMITS)).toEqual({ full: 'author' });
      await store.suggestions.add(row('b', T0 + 3), LIMITS);
      expect(await store.suggestions.add(row('c', T0 + 4), LIMITS)).toEqual({ full: 'workspace' });
      await store.suggestions.add(row('c', T0 + 5, X), LIMITS);
      const { items, total } = await store.suggestions.pending(W, 2);
      expect(total).toBe(3);
      expect(items.map((s) => [s.id, s.authorId])).toEqual([[1, 'a'], [2, 'a']]);
      expect((await store.suggestions.pending(X, 5)).items.map((s) => s.authorId)).toEqual(['c']);
      expect(await store.suggestions.get(X, 1)).toBeUndefined();
    });

    it('edits and decides only while pending; a decision is made once', async () => {
      const { store } = db();
      await store.suggestions.add(row('a'), LIMITS);
      expect(await store.suggestions.edit(W, 1, { ...FIELDS, hint: 'Count again.' }, 'Ed')).toBe(true);
      expect(await store.suggestions.decide(W, 1, { status: 'approved', packId: 'suggested', questionId: 'suggestion-1' }, 'Ada', T0 + 9)).toBe(true);
      expect(await store.suggestions.decide(W, 1, { status: 'rejected', reason: 'late' }, 'Bo', T0 + 10)).toBe(false);
      expect(await store.suggestions.edit(W, 1, FIELDS, 'Ed')).toBe(false);
      expect(await store.suggestions.get(W, 1)).toMatchObject({ status: 'approved', decidedBy: 'Ada', decidedAt: T0 + 9, reason: null, editedBy: 'Ed', packId: 'suggested', questionId: 'suggestion-1', fields: { hint: 'Count again.' } });
      expect((await store.suggestions.pending(W, 5)).total).toBe(0);
      // Decided ones no longer count against the author's limit.
      await store.suggestions.add(row('a', T0 + 11), LIMITS);
      expect(await store.suggestions.add(row('a', T0 + 12), LIMITS)).toMatchObject({ id: 3 });
    });

    it('counts approved suggestions per author and names the author of an approved question', async () => {
      const { store } = db();
      for (const who of ['a', 'a', 'b']) await store.suggestions.add(row(who), { perAuthor: 9, perWorkspace: 9 });
      await store.suggestions.decide(W, 1, { status: 'approved', packId: 'suggested', questionId: 'suggestion-1' }, 'Ada', T0);
      await store.suggestions.decide(W, 2, { status: 'rejected', reason: 'no' }, 'Ada', T0);
      expect(await store.suggestions.approvedCount(W, 'a')).toBe(1);
      expect(await store.suggestions.approvedCount(W, 'b')).toBe(0);
      expect(await store.suggestions.authorOf(W, 'suggested', 'suggestion-1')).toBe('Name a');
      expect(await store.suggestions.authorOf(W, 'other', 'suggestion-1')).toBeUndefined();
      expect(await store.suggestions.authorOf(X, 'suggested', 'suggestion-1')).toBeUndefined();
    });

    it('two connections adding at once cannot pass a limit together', async () => {
      const { store, another } = db();
      const other = await another();
      const results = await Promise.all([0, 1, 2, 3].map((i) => (i % 2 ? other : store).suggestions.add(row('a', T0 + i), LIMITS)));
      expect(results.filter((r) => 'id' in r)).toHaveLength(2);
      expect((await store.suggestions.pending(W, 9)).total).toBe(2);
    });
  });
}
