/**
 * Contract: a channel's live drop. A claim closes the open drop and inserts the new one in one step,
 * one drop posts or is open per channel (the database refuses a second), and an answer counts only
 * while its drop is live, however a close from another connection interleaves with it.
 */
import { describe, expect, it } from 'vitest';
import type { InsertResult } from '../../../src/core/ports.ts';
import { ENGINES, useDatabase, type Opened } from './engines.ts';
import { answer, CHANNEL, claimed, newDrop, openDrop, schedule, SCOPE, T0 } from './fixtures.ts';

const LIVE_IN_CHANNEL = `SELECT CAST(COUNT(*) AS INTEGER) AS n FROM drops WHERE platform = 'test' AND workspace = 'W1' AND channel = 'C1' AND state IN ('posting', 'open')`;
const RAW_DROP = `INSERT INTO drops (platform, workspace, channel, pack_id, question_id, difficulty, state, opened_at, closes_at)
  VALUES ('test', 'W1', ?, 'p', 'q', 'easy', ?, 0, 1)`;

/** Resolves once the server shows a statement starting with `prefix` waiting for a lock (PostgreSQL only). */
async function waitingOnLock(db: Opened, prefix: string, done: () => boolean): Promise<void> {
  const like = `${prefix.replace(/'/g, "''")}%`;
  for (;;) {
    if (done()) return;
    const rows = await db.sql(`SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '${like}'`);
    if (rows[0]!.n === 1) return;
    await new Promise((r) => setImmediate(r));
  }
}

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`live drops [${engine.title}]`, () => {
    const db = useDatabase(engine);
    const inChannel = { channel: CHANNEL.channel };

    it('a claim closes the channel\'s open drop in the same step and returns it, streaks ended', async () => {
      const { store } = db();
      const before = await openDrop(store, { ...inChannel, questionId: 'q0' });
      await store.answers.insert(answer(before, 'cy'), ['all']); // cy is on a streak
      const d1 = await openDrop(store, { ...inChannel, openedAt: T0 + 1 });
      await store.answers.insert(answer(d1, 'ann', { answeredAt: T0 + 20_000 }), ['all']);
      await store.answers.insert(answer(d1, 'bo', { answeredAt: T0 + 5_000, correct: false }), ['all']);
      const r = await store.drops.claim(newDrop({ questionId: 'q2', openedAt: T0 + 10_000 }));
      const d2 = claimed(r);
      const previous = r.kind === 'claimed' ? r.previous : undefined;
      expect(previous).toEqual(await store.drops.get(d1));
      // Closed at the new drop's opening, or at the latest answer it accepted if that came later.
      expect(previous).toMatchObject({ id: d1, state: 'closed', closedAt: T0 + 20_000 });
      expect(d2).toMatchObject({ state: 'posting', questionId: 'q2', openedAt: T0 + 10_000 });
      expect(await store.boards.streakOf(SCOPE, 'ann')).toEqual({ current: 1, best: 1 });
      expect(await store.boards.streakOf(SCOPE, 'cy')).toEqual({ current: 0, best: 1 });
      expect(await db().sql(LIVE_IN_CHANNEL)).toEqual([{ n: 1 }]);
    });

    it('refuses a claim while a drop is posting in the channel; a failed one no longer blocks', async () => {
      const { store } = db();
      const posting = claimed(await store.drops.claim(newDrop()));
      expect(await store.drops.claim(newDrop({ questionId: 'q2' }))).toEqual({ kind: 'busy', posting });
      expect((await store.drops.claim(newDrop({ channel: 'C2' }))).kind).toBe('claimed');
      await store.drops.markFailed(posting.id, 'Missing Access');
      const r = await store.drops.claim(newDrop({ questionId: 'q3' }));
      expect(r).toMatchObject({ kind: 'claimed', previous: undefined, drop: { questionId: 'q3' } });
    });

    it('the database itself refuses a second drop posting or open in a channel', async () => {
      const { store } = db();
      await openDrop(store, inChannel);
      for (const state of ['open', 'posting']) await expect(db().sql(RAW_DROP, ['C1', state])).rejects.toThrow(/unique/i);
      await db().sql(RAW_DROP, ['C1', 'closed']);
      await db().sql(RAW_DROP, ['C1', 'failed']);
      await db().sql(RAW_DROP, ['C2', 'open']);
      expect(await db().sql(LIVE_IN_CHANNEL)).toEqual([{ n: 1 }]);
    });

    it('of two connections claiming in one channel at once, one claims and the other is told busy or slot taken', async () => {
      const { store } = db();
      const other = await db().another();
      const s = await store.schedules.add(schedule({ cron: '* * * * *' }));
      let last: number | undefined;
      for (let round = 0; round < 16; round++) {
        // Even rounds are manual drops, odd rounds one schedule slot fired by both.
        const over = round % 2 ? { scheduleId: s.id, slot: round } : {};
        const results = await Promise.all([store.drops.claim(newDrop(over)), other.drops.claim(newDrop(over))]);
        const won = results.filter((r) => r.kind === 'claimed');
        expect(won).toHaveLength(1);
        const lost = results.find((r) => r.kind !== 'claimed')!;
        if (round % 2) expect(['slot_taken', 'busy']).toContain(lost.kind);
        else expect(lost).toEqual({ kind: 'busy', posting: won[0]!.drop });
        expect(won[0]!.previous?.id).toBe(last);
        expect(await db().sql(LIVE_IN_CHANNEL)).toEqual([{ n: 1 }]);
        last = won[0]!.drop.id;
        await store.drops.markOpen(last, `m${round}`);
      }
      expect(Number((await db().sql(`SELECT COUNT(*) AS n FROM drops WHERE state = 'closed'`))[0]!.n)).toBe(15);
    });

    it('refuses an answer once the drop is closed or its time is up, storing nothing; a first answer still wins', async () => {
      const { store } = db();
      const d = await openDrop(store, { closesAt: T0 + 100_000 });
      expect(await store.answers.insert(answer(d, 'late', { answeredAt: T0 + 100_000 }), ['all'])).toEqual({ inserted: false, closed: true });
      expect(await store.answers.insert(answer(d, 'ann', { answeredAt: T0 + 99_999 }), ['all'])).toEqual({ inserted: true });
      await store.drops.close(d, T0 + 50_000);
      const closed: InsertResult = { inserted: false, closed: true };
      expect(await store.answers.insert(answer(d, 'bo', { answeredAt: T0 + 1 }), ['all'])).toEqual(closed);
      expect(await store.answers.insert(answer(d, 'ann', { correct: false }), ['all'])).toEqual({ inserted: false, existing: answer(d, 'ann', { answeredAt: T0 + 99_999 }) });
      expect((await store.answers.forDrop(d)).map((a) => a.userId)).toEqual(['ann']);
      expect(await store.boards.playerCount(SCOPE, 'all')).toBe(1);
      expect(await store.boards.streakOf(SCOPE, 'bo')).toEqual({ current: 0, best: 0 });
      // A drop still posting takes answers: its message may already be in the channel.
      const posting = claimed(await store.drops.claim(newDrop({ channel: 'C2' })));
      expect(await store.answers.insert(answer(posting.id, 'cy'), ['all'])).toEqual({ inserted: true });
    });

    it('answers racing a close from another connection are each stored or refused, none stored after closed_at', async () => {
      const { store } = db();
      const other = await db().another();
      const d = await openDrop(store);
      const send = (i: number) => store.answers.insert(answer(d, `u${i}`, { answeredAt: T0 + 1_000 * i }), ['all']);
      const results = await Promise.all([
        ...Array.from({ length: 30 }, (_, i) => send(i)),
        other.drops.close(d, T0 + 30_000),
        ...Array.from({ length: 30 }, (_, i) => send(30 + i)),
      ]);
      const outcomes = results.filter((r): r is InsertResult => typeof r === 'object');
      const stored = await store.answers.forDrop(d);
      expect(outcomes.filter((r) => r.inserted)).toHaveLength(stored.length);
      expect(outcomes.filter((r) => !r.inserted && 'closed' in r)).toHaveLength(60 - stored.length);
      const { closedAt } = (await store.drops.get(d))!;
      expect(stored.every((a) => a.answeredAt <= closedAt!)).toBe(true);
      expect(await store.boards.playerCount(SCOPE, 'all')).toBe(stored.length);
      expect(await store.answers.insert(answer(d, 'after'), ['all'])).toEqual({ inserted: false, closed: true });
    });

    it.skipIf(!engine.concurrentWriters)('a close waits for an answer still being committed; closed_at and the streak count it', async () => {
      const { store } = db();
      const other = await db().another();
      const d = await openDrop(store);
      let commit!: () => void;
      const gate = new Promise<void>((r) => (commit = r));
      let inserted!: () => void;
      const insertedYet = new Promise<void>((r) => (inserted = r));
      const answering = store.transaction(async (tx) => {
        await tx.answers.insert(answer(d, 'ann', { answeredAt: T0 + 90_000 }), ['all']);
        inserted();
        await gate;
      });
      await insertedYet;
      let closed = false;
      const closing = other.drops.close(d, T0 + 1).then((r) => ((closed = true), r));
      await waitingOnLock(db(), `UPDATE drops SET state = 'closed'`, () => closed);
      const waited = !closed;
      commit();
      expect(waited).toBe(true);
      await answering;
      expect(await closing).toBe(true);
      expect((await store.drops.get(d))?.closedAt).toBe(T0 + 90_000);
      expect(await store.boards.streakOf(SCOPE, 'ann')).toEqual({ current: 1, best: 1 });
    });

    it.skipIf(!engine.concurrentWriters)('an answer waits for a close still being committed, then is refused', async () => {
      const { store } = db();
      const other = await db().another();
      const d = await openDrop(store);
      let commit!: () => void;
      const gate = new Promise<void>((r) => (commit = r));
      let closedYet!: () => void;
      const closedInTx = new Promise<void>((r) => (closedYet = r));
      const closing = other.transaction(async (tx) => {
        await tx.drops.close(d, T0 + 1);
        closedYet();
        await gate;
      });
      await closedInTx;
      let settled = false;
      const answering = store.answers.insert(answer(d, 'ann', { answeredAt: T0 }), ['all']).finally(() => (settled = true));
      await waitingOnLock(db(), '\n  WITH d AS (SELECT id', () => settled);
      const waited = !settled;
      commit();
      expect(waited).toBe(true);
      await closing;
      expect(await answering).toEqual({ inserted: false, closed: true });
      expect(await store.answers.forDrop(d)).toEqual([]);
    });

    it.skipIf(!engine.concurrentWriters)('a close that deadlocks with an answer batch is run again, and both land', async () => {
      const { store } = db();
      const other = await db().another();
      const [x, o, p] = [await openDrop(store), await openDrop(store), await openDrop(store)];
      await store.answers.insert(answer(p, 'ann'), ['all']); // ann is on a streak: closing o must end it
      let go!: () => void;
      const gate = new Promise<void>((r) => (go = r));
      let locked!: () => void;
      const lockedYet = new Promise<void>((r) => (locked = r));
      const batch = store.transaction(async (tx) => {
        await tx.answers.insert(answer(x, 'ann'), ['all']); // holds ann's streak row
        locked();
        await gate;
        return tx.answers.insert(answer(o, 'ann', { correct: false }), ['all']); // waits for the close's lock on o
      });
      await lockedYet;
      let closed = false;
      const closing = other.drops.close(o, T0 + 1).finally(() => (closed = true));
      // The close holds o and waits for ann's streak row: releasing the batch closes the cycle.
      await waitingOnLock(db(), '\n  WITH settle', () => closed);
      go();
      const [b, c] = await Promise.allSettled([batch, closing]);
      expect(c).toEqual({ status: 'fulfilled', value: true });
      // The server picks one side; a batch it picks fails whole and is replayed by the core's group commit.
      if (b.status === 'rejected') expect((b.reason as { code?: string }).code).toBe('40P01');
      else expect(b.value).toEqual({ inserted: true });
      const stored = await store.answers.forDrop(o);
      expect((await store.drops.get(o))?.closedAt).toBe(Math.max(T0 + 1, ...stored.map((a) => a.answeredAt)));
      expect(await store.boards.streakOf(SCOPE, 'ann')).toEqual({ current: 0, best: b.status === 'fulfilled' ? 2 : 1 });
    });
  });
}
