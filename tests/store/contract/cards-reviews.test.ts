/** Contract: review cards, the review log and pending card, and daily reminders claimed once. */
import { describe, expect, it } from 'vitest';
import { ENGINES, useDatabase } from './engines.ts';
import { card, OTHER, SCOPE, T0 } from './fixtures.ts';

const DAY = 86_400_000;

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`cards, reviews, reminders [${engine.title}]`, () => {
    const db = useDatabase(engine);

    it('stores a card exactly (fractions, nulls, ms times) and replaces it on the next put', async () => {
      const { store } = db();
      const c = card(T0 + 3 * DAY, { stability: 0.123456789012345, difficulty: 7.000000000000001, elapsedDays: 1 / 3, lastReview: null });
      await store.cards.put(SCOPE, 'ann', 'q1', 'pack-a', c);
      expect(await store.cards.get(SCOPE, 'ann', 'q1')).toEqual(c);
      const next = card(T0 + 9 * DAY, { reps: 3, lapses: 1, state: 3 });
      await store.cards.put(SCOPE, 'ann', 'q1', 'pack-b', next);
      expect(await store.cards.get(SCOPE, 'ann', 'q1')).toEqual(next);
      expect(await store.cards.forUser(SCOPE, 'ann')).toEqual([{ questionId: 'q1', packId: 'pack-b', card: next }]);
      expect(await store.cards.get(OTHER, 'ann', 'q1')).toBeUndefined();
    });

    it('finds the most overdue card, counts what is due, and says when the next one falls due', async () => {
      const { store } = db();
      expect(await store.cards.nextDue(SCOPE, 'ann')).toBeUndefined();
      expect(await store.cards.mostOverdue(SCOPE, 'ann', T0)).toBeUndefined();
      await store.cards.put(SCOPE, 'ann', 'q3', 'pack-a', card(T0 - DAY));
      await store.cards.put(SCOPE, 'ann', 'q2', 'pack-a', card(T0 - DAY)); // same due: question id breaks the tie
      await store.cards.put(SCOPE, 'ann', 'q1', 'pack-b', card(T0 + DAY));
      await store.cards.put(SCOPE, 'bo', 'q9', 'pack-a', card(T0 - 9 * DAY));
      expect((await store.cards.mostOverdue(SCOPE, 'ann', T0))?.questionId).toBe('q2');
      expect(await store.cards.dueCount(SCOPE, 'ann', T0)).toBe(2);
      expect(await store.cards.dueCount(SCOPE, 'ann', T0 + DAY)).toBe(3);
      expect(await store.cards.nextDue(SCOPE, 'ann')).toBe(T0 - DAY);
      expect((await store.cards.forUser(SCOPE, 'ann')).map((c) => `${c.packId}/${c.questionId}`)).toEqual(['pack-a/q2', 'pack-a/q3', 'pack-b/q1']);
    });

    it('logs reviews by source and keeps one pending card per person', async () => {
      const { store } = db();
      const r = { ...SCOPE, userId: 'ann', questionId: 'q1', packId: 'pack-a', choice: 'B', correct: true, rating: 3, reviewedAt: T0, source: 'review' as const };
      await store.reviews.add(r);
      await store.reviews.add({ ...r, correct: false, source: 'review' });
      await store.reviews.add({ ...r, source: 'drop' });
      expect(await store.reviews.count(SCOPE, 'ann', 'review')).toBe(2);
      expect(await store.reviews.count(SCOPE, 'ann', 'drop')).toBe(1);
      expect(await store.reviews.count(OTHER, 'ann', 'review')).toBe(0);
      expect(await store.reviews.pending(SCOPE, 'ann')).toBeUndefined();
      await store.reviews.setPending(SCOPE, 'ann', 'q1', T0);
      await store.reviews.setPending(SCOPE, 'ann', 'q2', T0 + 5);
      expect(await store.reviews.pending(SCOPE, 'ann')).toEqual({ questionId: 'q2', shownAt: T0 + 5 });
      // Clearing is the claim on that very card: another card, or the same one twice, clears nothing.
      expect(await store.reviews.clearPending(SCOPE, 'ann', 'q1')).toBe(false);
      expect(await store.reviews.pending(SCOPE, 'ann')).toEqual({ questionId: 'q2', shownAt: T0 + 5 });
      expect(await store.reviews.clearPending(OTHER, 'ann', 'q2')).toBe(false);
      expect(await store.reviews.clearPending(SCOPE, 'ann', 'q2')).toBe(true);
      expect(await store.reviews.clearPending(SCOPE, 'ann', 'q2')).toBe(false);
      expect(await store.reviews.pending(SCOPE, 'ann')).toBeUndefined();
    });

    it('of two connections answering the same pending card at once, exactly one clears it', async () => {
      const { store } = db();
      const other = await db().another();
      const people = Array.from({ length: 20 }, (_, i) => `u${i}`);
      for (const u of people) await store.reviews.setPending(SCOPE, u, 'q1', T0);
      const wins = await Promise.all(people.flatMap((u) => [store.reviews.clearPending(SCOPE, u, 'q1'), other.reviews.clearPending(SCOPE, u, 'q1')]));
      expect(wins.filter(Boolean)).toHaveLength(20);
    });

    it('keeps a notice for a person with reminder settings until it is cleared', async () => {
      const { store } = db();
      await store.reminders.setNotice(SCOPE, 'ann', 'Your reminders are off.');
      expect(await store.reminders.get(SCOPE, 'ann')).toBeUndefined(); // no settings, no row made
      await store.reminders.setTime(SCOPE, 'ann', 540);
      expect((await store.reminders.get(SCOPE, 'ann'))?.notice).toBeNull();
      await store.reminders.setNotice(SCOPE, 'ann', 'Your reminders are off: your DMs are closed.');
      expect(await store.reminders.get(SCOPE, 'ann')).toMatchObject({ atMinute: 540, notice: 'Your reminders are off: your DMs are closed.' });
      expect((await store.reminders.active())[0]?.notice).toBe('Your reminders are off: your DMs are closed.');
      expect(await store.reminders.get(OTHER, 'ann')).toBeUndefined();
      await store.reminders.setNotice(SCOPE, 'ann', null);
      expect((await store.reminders.get(SCOPE, 'ann'))?.notice).toBeNull();
    });

    it('keeps a reminder time and zone apart, lists active ones in order, and turns one off', async () => {
      const { store } = db();
      expect(await store.reminders.get(SCOPE, 'ann')).toBeUndefined();
      await store.reminders.setZone(SCOPE, 'ann', 'Europe/Paris');
      expect(await store.reminders.get(SCOPE, 'ann')).toEqual({ ...SCOPE, userId: 'ann', atMinute: null, tz: 'Europe/Paris', lastSent: null, notice: null });
      await store.reminders.setTime(SCOPE, 'ann', 540);
      await store.reminders.setTime(SCOPE, 'Bo', 0);
      await store.reminders.setTime(OTHER, 'cy', 1439);
      expect((await store.reminders.active()).map((r) => `${r.workspace}/${r.userId}/${r.atMinute}/${r.tz}`)).toEqual([
        'W1/Bo/0/null',
        'W1/ann/540/Europe/Paris',
        'W2/cy/1439/null',
      ]);
      await store.reminders.setTime(SCOPE, 'ann', null);
      expect(await store.reminders.get(SCOPE, 'ann')).toMatchObject({ atMinute: null, tz: 'Europe/Paris' });
      expect((await store.reminders.active()).map((r) => r.userId)).toEqual(['Bo', 'cy']);
    });

    it('claims a day\'s reminder once; a later day can be claimed, an earlier one not', async () => {
      const { store } = db();
      await store.reminders.setTime(SCOPE, 'ann', 540);
      expect(await store.reminders.claim(SCOPE, 'ann', '2026-11-26')).toBe(true);
      expect(await store.reminders.claim(SCOPE, 'ann', '2026-11-26')).toBe(false);
      expect(await store.reminders.claim(SCOPE, 'ann', '2026-11-25')).toBe(false);
      expect(await store.reminders.claim(SCOPE, 'ann', '2026-11-27')).toBe(true);
      expect((await store.reminders.get(SCOPE, 'ann'))?.lastSent).toBe('2026-11-27');
      expect(await store.reminders.claim(SCOPE, 'nobody', '2026-11-27')).toBe(false);
    });

    it('of two connections claiming the same reminder at once, exactly one wins', async () => {
      const { store } = db();
      const other = await db().another();
      const people = Array.from({ length: 20 }, (_, i) => `u${i}`);
      for (const u of people) await store.reminders.setTime(SCOPE, u, 540);
      const wins = await Promise.all(people.flatMap((u) => [store.reminders.claim(SCOPE, u, '2026-11-26'), other.reminders.claim(SCOPE, u, '2026-11-26')]));
      expect(wins.filter(Boolean)).toHaveLength(20);
    });
  });
}
