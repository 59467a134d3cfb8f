/** Contract: drops. A schedule slot is claimed once, a drop moves posting → open → closed once. */
import { describe, expect, it } from 'vitest';
import { ENGINES, useDatabase } from './engines.ts';
import { answer, CHANNEL, claimed, newDrop, openDrop, question, schedule, SCOPE, T0 } from './fixtures.ts';

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`drops [${engine.title}]`, () => {
    const db = useDatabase(engine);

    it('claims a drop in state posting, with every field as given, the question kept as posted', async () => {
      const { store } = db();
      const r = await store.drops.claim(newDrop({ difficulty: 'hard', createdBy: null, reactions: false }));
      const d = claimed(r);
      expect(r).toEqual({ kind: 'claimed', drop: d, previous: undefined });
      expect(d).toEqual({
        id: 1, ...CHANNEL, packId: 'pack-a', questionId: 'q1', difficulty: 'hard', scheduleId: null, slot: null, state: 'posting',
        messageRef: null, failure: null, openedAt: T0, closesAt: T0 + 3_600_000, closedAt: null, createdBy: null,
        reactions: false, question: question('q1'),
      });
      expect((await store.drops.get(1))?.question?.prompt).toBe(question('q1').prompt);
      expect(await store.drops.get(1)).toEqual(d);
      expect(await store.drops.get(2)).toBeUndefined();
    });

    it('claims a schedule slot once; manual drops never collide with a slot', async () => {
      const { store } = db();
      const s = await store.schedules.add(schedule());
      const first = claimed(await store.drops.claim(newDrop({ scheduleId: s.id, slot: T0, channel: 'A' })));
      // The slot is taken even where the channel is free, and is checked before the channel.
      expect(await store.drops.claim(newDrop({ scheduleId: s.id, slot: T0, questionId: 'other', channel: 'B' }))).toEqual({ kind: 'slot_taken' });
      expect(await store.drops.claim(newDrop({ scheduleId: s.id, slot: T0, channel: 'A' }))).toEqual({ kind: 'slot_taken' });
      expect((await store.drops.claim(newDrop({ scheduleId: s.id, slot: T0 + 60_000, channel: 'C' }))).kind).toBe('claimed');
      expect((await store.drops.claim(newDrop({ channel: 'D' }))).kind).toBe('claimed');
      expect(await store.drops.bySlot(s.id, T0)).toEqual(first);
      expect(await store.drops.bySlot(s.id, T0 + 1)).toBeUndefined();
    });

    it('opens or fails only from posting, and finds a drop by its message', async () => {
      const { store } = db();
      const a = claimed(await store.drops.claim(newDrop()));
      await store.drops.markOpen(a.id, 'msg-1');
      await store.drops.markFailed(a.id, 'too late');
      await store.drops.markOpen(a.id, 'msg-2');
      expect(await store.drops.get(a.id)).toMatchObject({ state: 'open', messageRef: 'msg-1', failure: null });
      const b = claimed(await store.drops.claim(newDrop({ channel: 'C2' })));
      await store.drops.markFailed(b.id, 'Missing Access');
      expect(await store.drops.get(b.id)).toMatchObject({ state: 'failed', failure: 'Missing Access', messageRef: null });
      expect((await store.drops.byMessage('test', 'msg-1'))?.id).toBe(a.id);
      expect(await store.drops.byMessage('other', 'msg-1')).toBeUndefined();
    });

    it('closes an open or a posting drop once; a second close and a close of a failed drop do nothing', async () => {
      const { store } = db();
      const d = await openDrop(store);
      const posting = claimed(await store.drops.claim(newDrop({ channel: 'C2' })));
      const failed = claimed(await store.drops.claim(newDrop({ channel: 'C3' })));
      await store.drops.markFailed(failed.id, 'x');
      expect(await store.drops.close(d, T0 + 5)).toBe(true);
      expect(await store.drops.close(d, T0 + 9)).toBe(false);
      expect(await store.drops.close(posting.id, T0 + 9)).toBe(true);
      expect(await store.drops.close(failed.id, T0 + 9)).toBe(false);
      expect(await store.drops.get(d)).toMatchObject({ state: 'closed', closedAt: T0 + 5 });
      expect(await store.drops.get(posting.id)).toMatchObject({ state: 'closed', closedAt: T0 + 9 });
      expect(await store.drops.get(failed.id)).toMatchObject({ state: 'failed', closedAt: null });
    });

    it('closed_at is never before an answer the drop accepted', async () => {
      const { store } = db();
      const d = await openDrop(store);
      await store.answers.insert(answer(d, 'ann', { answeredAt: T0 + 5_000 }), ['all']);
      await store.answers.insert(answer(d, 'bo', { answeredAt: T0 + 2_000 }), ['all']);
      expect(await store.drops.close(d, T0 + 1_000)).toBe(true);
      expect((await store.drops.get(d))?.closedAt).toBe(T0 + 5_000);
      const quiet = await openDrop(store);
      await store.drops.close(quiet, T0 + 7);
      expect((await store.drops.get(quiet))?.closedAt).toBe(T0 + 7);
    });

    it('closing ends the streak of everyone in the workspace without a right answer to it', async () => {
      const { store } = db();
      const d1 = await openDrop(store);
      for (const u of ['ann', 'bo', 'cy']) await store.answers.insert(answer(d1, u), ['all']);
      await store.answers.insert(answer(d1, 'other-ws', { workspace: 'W2' }), ['all']);
      const d2 = await openDrop(store, { questionId: 'q2' });
      await store.answers.insert(answer(d2, 'ann'), ['all']);
      await store.answers.insert(answer(d2, 'bo', { correct: false }), ['all']);
      await store.drops.close(d2, T0);
      expect(await store.boards.streakOf(SCOPE, 'ann')).toEqual({ current: 2, best: 2 });
      expect(await store.boards.streakOf(SCOPE, 'bo')).toEqual({ current: 0, best: 1 });
      expect(await store.boards.streakOf(SCOPE, 'cy')).toEqual({ current: 0, best: 1 });
      expect(await store.boards.streakOf({ ...SCOPE, workspace: 'W2' }, 'other-ws')).toEqual({ current: 1, best: 1 });
    });

    it('finds the open and latest drop of a channel, and what is due to close', async () => {
      const { store } = db();
      expect(await store.drops.openIn(CHANNEL)).toBeUndefined();
      const a = await openDrop(store, { channel: CHANNEL.channel, closesAt: T0 + 10 });
      const b = await openDrop(store, { channel: 'C2', closesAt: T0 + 5 });
      const c = await openDrop(store, { channel: 'C3', closesAt: T0 + 1 });
      expect((await store.drops.openIn(CHANNEL))?.id).toBe(a);
      expect((await store.drops.latestIn(CHANNEL))?.id).toBe(a);
      expect((await store.drops.dueToClose(T0 + 5)).map((d) => d.id)).toEqual([c, b]);
      await store.drops.close(a, T0 + 6);
      expect(await store.drops.openIn(CHANNEL)).toBeUndefined();
      expect((await store.drops.latestIn(CHANNEL))?.id).toBe(a);
      await store.drops.claim(newDrop()); // posting: neither open nor latest
      expect(await store.drops.openIn(CHANNEL)).toBeUndefined();
      expect((await store.drops.latestIn(CHANNEL))?.id).toBe(a);
      expect((await store.drops.dueToClose(T0 + 100)).map((d) => d.id)).toEqual([c, b]);
    });

    it('counts how often each question was dropped in a channel (open and closed only)', async () => {
      const { store } = db();
      const inChannel = { channel: CHANNEL.channel };
      await openDrop(store, { ...inChannel, questionId: 'q1' });
      await openDrop(store, { ...inChannel, questionId: 'q1' }); // closes the first
      await openDrop(store, { ...inChannel, questionId: 'q2' });
      await openDrop(store, { questionId: 'q9', channel: 'C2' });
      await store.drops.markFailed(claimed(await store.drops.claim(newDrop({ ...inChannel, questionId: 'q3', openedAt: T0 + 1 }))).id, 'x');
      expect(await store.drops.usage(CHANNEL)).toEqual(new Map([['q1', 2], ['q2', 1]]));
    });

    it('lists drops left posting before a time, and a schedule\'s latest states newest first', async () => {
      const { store } = db();
      const s = await store.schedules.add(schedule());
      const old = claimed(await store.drops.claim(newDrop({ channel: 'A', openedAt: T0 - 700_000 })));
      claimed(await store.drops.claim(newDrop({ channel: 'B', openedAt: T0 - 10 })));
      await openDrop(store, { channel: 'C', openedAt: T0 - 900_000 }); // open, not posting: not listed
      const older = claimed(await store.drops.claim(newDrop({ channel: 'D', openedAt: T0 - 800_000 })));
      expect((await store.drops.postingBefore(T0 - 600_000)).map((d) => d.id)).toEqual([old.id, older.id]);
      expect(await store.drops.postingBefore(T0 - 900_000)).toEqual([]);

      const states = [];
      for (let slot = 0; slot < 4; slot++) {
        const d = claimed(await store.drops.claim(newDrop({ channel: `S${slot}`, scheduleId: s.id, slot })));
        if (slot === 1) await store.drops.markFailed(d.id, 'Missing Access');
        if (slot === 2) await store.drops.markOpen(d.id, 'm');
        states.push((await store.drops.get(d.id))!.state);
      }
      expect(states).toEqual(['posting', 'failed', 'open', 'posting']);
      expect(await store.drops.recentStates(s.id, 3)).toEqual(['posting', 'open', 'failed']);
      expect(await store.drops.recentStates(s.id, 10)).toEqual(['posting', 'open', 'failed', 'posting']);
      expect(await store.drops.recentStates(s.id + 1, 3)).toEqual([]);
    });
  });
}
