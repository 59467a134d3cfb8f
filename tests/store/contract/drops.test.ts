/** Contract: drops. A schedule slot is claimed once, a drop moves posting → open → closed once. */
import { describe, expect, it } from 'vitest';
import { ENGINES, useDatabase } from './engines.ts';
import { answer, CHANNEL, newDrop, openDrop, SCOPE, T0 } from './fixtures.ts';

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`drops [${engine.name}]`, () => {
    const db = useDatabase(engine);

    it('claims a drop in state posting, with every field as given', async () => {
      const { store } = db();
      const d = await store.drops.claim(newDrop({ difficulty: 'hard', createdBy: null }));
      expect(d).toEqual({
        id: 1, ...CHANNEL, packId: 'pack-a', questionId: 'q1', difficulty: 'hard', scheduleId: null, slot: null, state: 'posting',
        messageRef: null, failure: null, openedAt: T0, closesAt: T0 + 3_600_000, closedAt: null, createdBy: null,
      });
      expect(await store.drops.get(1)).toEqual(d);
      expect(await store.drops.get(2)).toBeUndefined();
    });

    it('claims a schedule slot once; manual drops never collide', async () => {
      const { store } = db();
      const s = await store.schedules.add({ ...CHANNEL, cron: '0 9 * * *', tz: 'UTC', packId: null, difficulty: null, paused: false, createdBy: 'a', createdAt: T0 });
      const first = await store.drops.claim(newDrop({ scheduleId: s.id, slot: T0 }));
      expect(first).not.toBeNull();
      expect(await store.drops.claim(newDrop({ scheduleId: s.id, slot: T0, questionId: 'other' }))).toBeNull();
      expect(await store.drops.claim(newDrop({ scheduleId: s.id, slot: T0 + 60_000 }))).not.toBeNull();
      expect(await store.drops.claim(newDrop())).not.toBeNull();
      expect(await store.drops.claim(newDrop())).not.toBeNull();
      expect(await store.drops.bySlot(s.id, T0)).toEqual(first);
      expect(await store.drops.bySlot(s.id, T0 + 1)).toBeUndefined();
    });

    it('of two connections claiming the same slot at once, exactly one gets the drop', async () => {
      const { store } = db();
      const other = await db().another();
      const s = await store.schedules.add({ ...CHANNEL, cron: '* * * * *', tz: 'UTC', packId: null, difficulty: null, paused: false, createdBy: 'a', createdAt: T0 });
      for (let slot = 0; slot < 10; slot++) {
        const got = await Promise.all([store.drops.claim(newDrop({ scheduleId: s.id, slot })), other.drops.claim(newDrop({ scheduleId: s.id, slot }))]);
        expect(got.filter((d) => d !== null)).toHaveLength(1);
      }
      expect((await store.drops.usage(CHANNEL)).size).toBe(0); // all still 'posting'
    });

    it('opens or fails only from posting, and finds a drop by its message', async () => {
      const { store } = db();
      const a = (await store.drops.claim(newDrop()))!;
      await store.drops.markOpen(a.id, 'msg-1');
      await store.drops.markFailed(a.id, 'too late');
      await store.drops.markOpen(a.id, 'msg-2');
      expect(await store.drops.get(a.id)).toMatchObject({ state: 'open', messageRef: 'msg-1', failure: null });
      const b = (await store.drops.claim(newDrop()))!;
      await store.drops.markFailed(b.id, 'Missing Access');
      expect(await store.drops.get(b.id)).toMatchObject({ state: 'failed', failure: 'Missing Access', messageRef: null });
      expect((await store.drops.byMessage('test', 'msg-1'))?.id).toBe(a.id);
      expect(await store.drops.byMessage('other', 'msg-1')).toBeUndefined();
    });

    it('closes an open drop once; the second close and a close of a posting drop do nothing', async () => {
      const { store } = db();
      const d = await openDrop(store);
      const posting = (await store.drops.claim(newDrop()))!;
      expect(await store.drops.close(d, T0 + 5)).toBe(true);
      expect(await store.drops.close(d, T0 + 9)).toBe(false);
      expect(await store.drops.close(posting.id, T0 + 9)).toBe(false);
      expect(await store.drops.get(d)).toMatchObject({ state: 'closed', closedAt: T0 + 5 });
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

    it.skipIf(!engine.concurrentWriters)('a close waits for a right answer still being committed, and keeps that streak', async () => {
      const { store } = db();
      const other = await db().another();
      const d = await openDrop(store);
      let commit!: () => void;
      const gate = new Promise<void>((r) => (commit = r));
      let inserted!: () => void;
      const insertedYet = new Promise<void>((r) => (inserted = r));
      const answering = store.transaction(async (tx) => {
        await tx.answers.insert(answer(d, 'ann'), ['all']);
        inserted();
        await gate;
      });
      await insertedYet;
      let closed = false;
      const closing = other.drops.close(d, T0 + 1).then((r) => ((closed = true), r));
      // Either the close finishes (the bug) or the server shows it waiting for the answer's lock on the drop.
      for (;;) {
        if (closed) break;
        const waiting = await db().sql(`SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE drops SET state = ''closed''%'`);
        if (waiting[0]!.n === 1) break;
        await new Promise((r) => setImmediate(r));
      }
      expect(closed).toBe(false);
      commit();
      await answering;
      expect(await closing).toBe(true);
      expect(await store.boards.streakOf(SCOPE, 'ann')).toEqual({ current: 1, best: 1 });
    });

    it('finds the open and latest drop of a channel, and what is due to close', async () => {
      const { store } = db();
      expect(await store.drops.openIn(CHANNEL)).toBeUndefined();
      const a = await openDrop(store, { closesAt: T0 + 10 });
      const b = await openDrop(store, { closesAt: T0 + 5 });
      await openDrop(store, { channel: 'C2', closesAt: T0 + 1 });
      await store.drops.claim(newDrop()); // posting: neither open nor latest
      expect((await store.drops.openIn(CHANNEL))?.id).toBe(b);
      expect((await store.drops.latestIn(CHANNEL))?.id).toBe(b);
      expect((await store.drops.dueToClose(T0 + 5)).map((d) => d.closesAt)).toEqual([T0 + 1, T0 + 5]);
      await store.drops.close(b, T0 + 6);
      expect((await store.drops.openIn(CHANNEL))?.id).toBe(a);
      expect((await store.drops.latestIn(CHANNEL))?.id).toBe(b);
      expect((await store.drops.dueToClose(T0 + 100)).map((d) => d.id).sort()).toEqual([a, 3].sort());
    });

    it('counts how often each question was dropped in a channel (open and closed only)', async () => {
      const { store } = db();
      const d1 = await openDrop(store, { questionId: 'q1' });
      await openDrop(store, { questionId: 'q1' });
      await openDrop(store, { questionId: 'q2' });
      await openDrop(store, { questionId: 'q9', channel: 'C2' });
      await store.drops.markFailed((await store.drops.claim(newDrop({ questionId: 'q3' })))!.id, 'x');
      await store.drops.close(d1, T0);
      expect(await store.drops.usage(CHANNEL)).toEqual(new Map([['q1', 2], ['q2', 1]]));
    });
  });
}
