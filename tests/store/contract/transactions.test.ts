/** Contract: transactions through `tx` land together or not at all, which group commit relies on. */
import { describe, expect, it } from 'vitest';
import { TransactionOverError, type AsyncStore, type StoreQueries } from '../../../src/store/async-port.ts';
import type { Answer } from '../../../src/core/types.ts';
import { ENGINES, useDatabase } from './engines.ts';
import { answer, CHANNEL, newDrop, openDrop, SCOPE, T0 } from './fixtures.ts';

type Write = (tx: StoreQueries) => Promise<unknown>;

/** What the core's write batcher does with the async port: one transaction, else each write alone. */
async function groupCommit(store: AsyncStore, writes: Write[]): Promise<PromiseSettledResult<unknown>[]> {
  try {
    const values = await store.transaction((tx) => Promise.all(writes.map((w) => w(tx))));
    return values.map((value) => ({ status: 'fulfilled', value }));
  } catch {
    const out: PromiseSettledResult<unknown>[] = [];
    for (const w of writes) out.push(...(await Promise.allSettled([store.transaction(w)])));
    return out;
  }
}

for (const engine of ENGINES) {
  describe.skipIf(engine.skip)(`transactions [${engine.title}]`, () => {
    const db = useDatabase(engine);

    it('commits every write made through tx, and returns fn\'s value', async () => {
      const { store } = db();
      const d = await openDrop(store);
      const value = await store.transaction(async (tx) => {
        await tx.members.remember(SCOPE, 'ann', 'Ann', T0);
        await Promise.all([tx.answers.insert(answer(d, 'ann'), ['all']), tx.answers.insert(answer(d, 'bo'), ['all'])]);
        return (await tx.answers.forDrop(d)).length; // reads its own writes
      });
      expect(value).toBe(2);
      expect(await store.boards.playerCount(SCOPE, 'all')).toBe(2);
      expect(await store.members.name(SCOPE, 'ann')).toBe('Ann');
    });

    it('rolls back every write, nested closes included, when fn throws, and rethrows', async () => {
      const { store } = db();
      const d = await openDrop(store);
      const failure = store.transaction(async (tx) => {
        await tx.answers.insert(answer(d, 'ann'), ['all']);
        await tx.members.remember(SCOPE, 'ann', 'Ann', T0);
        expect(await tx.drops.close(d, T0)).toBe(true);
        throw new Error('boom');
      });
      await expect(failure).rejects.toThrow('boom');
      expect(await store.answers.forDrop(d)).toEqual([]);
      expect(await store.boards.playerCount(SCOPE, 'all')).toBe(0);
      expect(await store.boards.streakOf(SCOPE, 'ann')).toEqual({ current: 0, best: 0 });
      expect(await store.members.name(SCOPE, 'ann')).toBeUndefined();
      expect((await store.drops.get(d))?.state).toBe('open');
    });

    it('a claim made through tx closes the previous drop and inserts the new one with the transaction, or not at all', async () => {
      const { store } = db();
      const d = await openDrop(store, { channel: CHANNEL.channel });
      const failure = store.transaction(async (tx) => {
        expect((await tx.drops.claim(newDrop({ questionId: 'q2', openedAt: T0 + 5 }))).kind).toBe('claimed');
        throw new Error('boom');
      });
      await expect(failure).rejects.toThrow('boom');
      expect((await store.drops.openIn(CHANNEL))?.id).toBe(d);
      const r = await store.transaction((tx) => tx.drops.claim(newDrop({ questionId: 'q3', openedAt: T0 + 6 })));
      expect(r).toMatchObject({ kind: 'claimed', previous: { id: d, state: 'closed', closedAt: T0 + 6 }, drop: { questionId: 'q3' } });
    });

    it('a failed batch rolls back whole; replayed write by write, the good writes land and the bad one fails alone', async () => {
      const { store } = db();
      const d = await openDrop(store);
      const results = await groupCommit(store, [
        (tx) => tx.answers.insert(answer(d, 'ann'), ['all']),
        // Refused by the CHECK on reviews.source, on both engines.
        (tx) => tx.reviews.add({ ...SCOPE, userId: 'bo', questionId: 'q1', packId: 'pack-a', choice: 'B', correct: true, rating: 3, reviewedAt: T0, source: 'bogus' as 'drop' }),
        (tx) => tx.answers.insert(answer(d, 'cy'), ['all']),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((await store.answers.forDrop(d)).map((a) => a.userId)).toEqual(['ann', 'cy']);
      expect(await store.boards.playerCount(SCOPE, 'all')).toBe(2);
      expect((await store.boards.top(SCOPE, 'all', 5)).every((t) => t.answered === 1)).toBe(true);
      expect(await store.reviews.count(SCOPE, 'bo', 'drop')).toBe(0);
    });

    it('refuses tx after its transaction ended, so a late write never lands outside it', async () => {
      const { store } = db();
      let kept: StoreQueries | undefined;
      await store.transaction(async (tx) => void (kept = tx));
      await expect(kept!.members.remember(SCOPE, 'late', 'Late', T0)).rejects.toBeInstanceOf(TransactionOverError);
      expect(await store.members.name(SCOPE, 'late')).toBeUndefined();
    });

    it('refuses an ended transaction\'s tx while a later transaction is open, so a late write never lands in the wrong one', async () => {
      const { store } = db();
      let kept: StoreQueries | undefined;
      await store.transaction(async (tx) => void (kept = tx));
      await store.transaction(async (tx) => {
        await expect(kept!.members.remember(SCOPE, 'late', 'Late', T0)).rejects.toBeInstanceOf(TransactionOverError);
        await tx.members.remember(SCOPE, 'now', 'Now', T0);
      });
      expect(await store.members.name(SCOPE, 'late')).toBeUndefined();
      expect(await store.members.name(SCOPE, 'now')).toBe('Now');
    });

    it('a call on the store while a transaction is open never sees its uncommitted writes, and is not rolled back with it', async () => {
      const { store } = db();
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let written!: () => void;
      const writtenYet = new Promise<void>((r) => (written = r));
      const tx = store.transaction(async (t) => {
        await t.members.remember(SCOPE, 'ghost', 'Ghost', T0);
        written();
        await gate;
        throw new Error('rolled back');
      });
      await writtenYet;
      const read = store.members.name(SCOPE, 'ghost');
      const write = store.members.remember(SCOPE, 'kept', 'Kept', T0);
      release();
      await expect(tx).rejects.toThrow('rolled back');
      expect(await read).toBeUndefined();
      await write;
      expect(await store.members.name(SCOPE, 'kept')).toBe('Kept');
    });

    it('transactions started together on one store both commit', async () => {
      const { store } = db();
      const d = await openDrop(store);
      await Promise.all(
        ['ann', 'bo', 'cy'].map((u) =>
          store.transaction(async (tx) => {
            await tx.members.remember(SCOPE, u, u.toUpperCase(), T0);
            await tx.answers.insert(answer(d, u), ['all']);
          }),
        ),
      );
      expect(await store.boards.playerCount(SCOPE, 'all')).toBe(3);
    });

    it.skipIf(!engine.concurrentWriters)('two batches that deadlock on another connection: one is aborted whole and its replay lands', async () => {
      const { store } = db();
      const other = await db().another();
      const d1 = await openDrop(store);
      const d2 = await openDrop(store, { questionId: 'q2' });
      // Each batch locks u1's and u2's streak and totals rows, in opposite orders. Their first answers
      // differ in question and points, so they share no summary row (per option, per points total) and
      // both get as far as their second answer.
      let ready = 0;
      let go!: () => void;
      const both = new Promise<void>((r) => (go = r));
      const batch = (s: AsyncStore, d: number, order: string[], over: Partial<Answer>) =>
        groupCommit(s, [
          async (tx) => {
            await tx.answers.insert(answer(d, order[0]!, over), ['all']);
            if (++ready === 2) go();
            await both;
            return tx.answers.insert(answer(d, order[1]!, over), ['all']);
          },
        ]);
      const results = await Promise.all([
        batch(store, d1, ['u1', 'u2'], { points: 1 }),
        batch(other, d2, ['u2', 'u1'], { questionId: 'q2', points: 2 }),
      ]);
      expect(results.flat().map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
      expect(await store.answers.forDrop(d1)).toHaveLength(2);
      expect(await store.answers.forDrop(d2)).toHaveLength(2);
      expect((await store.boards.top(SCOPE, 'all', 5)).map((t) => t.answered)).toEqual([2, 2]);
    });
  });
}
