import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeWorld, T0, type World } from '../helpers/world.ts';

let w: World;
beforeEach(() => {
  w = makeWorld();
});
afterEach(() => w.cleanup());

const HOUR = 3_600_000;

describe('drops', () => {
  it('goes easy, then medium, then hard, and repeats nothing until the pack is used up', async () => {
    const order: string[] = [];
    for (let i = 0; i < 7; i++) order.push((await w.tutor.postDrop({ channel: w.channel }, T0 + i * HOUR))!.questionId);
    expect(order).toEqual([
      'mlc-data-preparation',
      'mlc-stage-order',
      'mlc-enumerate-stages',
      'mlc-remove-stage',
      'mlc-automated-retraining',
      'mlc-data-preparation',
      'mlc-stage-order',
    ]);
    // Another channel has its own rotation.
    const other = await w.tutor.postDrop({ channel: { ...w.channel, channel: 'C2' } }, T0);
    expect(other!.questionId).toBe('mlc-data-preparation');
  });

  it('a new drop closes the channel’s open one and posts its reveal', async () => {
    const first = (await w.tutor.postDrop({ channel: w.channel }, T0))!;
    await w.tutor.answerInChannel(w.channel, w.member('u1', 'Ann'), 'B', 'command', T0 + 1);
    await w.tutor.answerInChannel(w.channel, w.member('u2', 'Bo'), 'A', 'command', T0 + 2);
    await w.tutor.postDrop({ channel: w.channel }, T0 + HOUR);
    expect(w.store.drops.get(first.id)!.state).toBe('closed');
    expect(w.chat.reveals).toHaveLength(1);
    const reveal = w.chat.reveals[0]!.view;
    expect(reveal.options.map((o) => o.count)).toEqual([1, 1, 0, 0]);
    expect(reveal.winners).toEqual(['Ann']);
    expect(reveal.solution.correctLetter).toBe('B');
  });

  it('closes a drop when its window passes, once, with the reveal', async () => {
    const drop = (await w.tutor.postDrop({ channel: w.channel }, T0))!;
    expect(await w.tutor.closeDue(T0 + 23 * HOUR)).toBe(0);
    expect(await w.tutor.closeDue(T0 + 24 * HOUR)).toBe(1);
    expect(await w.tutor.closeDue(T0 + 25 * HOUR)).toBe(0);
    expect(w.store.drops.get(drop.id)).toMatchObject({ state: 'closed', closedAt: T0 + 24 * HOUR });
    expect(w.chat.reveals).toHaveLength(1);
  });

  it('records a post that fails as failed, with the reason, and says so', async () => {
    w.chat.failWith('Missing Access');
    await expect(w.tutor.postDrop({ channel: w.channel }, T0)).rejects.toThrow('Could not post the question: Missing Access');
    expect(w.db.prepare('SELECT state, failure FROM drops').all()).toEqual([{ state: 'failed', failure: 'Missing Access' }]);
    expect(w.log.some((l) => l.event === 'drop.post_failed' && l.fields.channel === 'C1')).toBe(true);
  });

  it('refuses an unknown pack', async () => {
    await expect(w.tutor.postDrop({ channel: w.channel, packId: '../../etc/passwd' }, T0)).rejects.toThrow(/no pack "..\/..\/etc\/passwd"/);
    expect(w.db.prepare('SELECT COUNT(*) AS n FROM drops').get()).toEqual({ n: 0 });
  });
});

describe('schedules', () => {
  const addDaily = (cron = '0 9 * * *', tz = 'UTC') => w.tutor.addSchedule({ channel: w.channel, cron, tz, by: 'admin' }, T0 - 7 * 24 * HOUR);

  it('the same slot fired twice gives one drop', async () => {
    const s = await addDaily();
    const a = await w.tutor.fireSchedule(s.id, T0, T0);
    const b = await w.tutor.fireSchedule(s.id, T0, T0 + 500);
    expect(a).not.toBeNull();
    expect(b).toBeNull();
    expect(w.chat.posted).toHaveLength(1);
  });

  it('two processes on one database firing the same slot post one drop', async () => {
    const s = await addDaily();
    const other = makeWorld({ dir: w.dir });
    try {
      const results = await Promise.all([w.tutor.fireSchedule(s.id, T0, T0), other.tutor.fireSchedule(s.id, T0, T0)]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(w.chat.posted.length + other.chat.posted.length).toBe(1);
      expect(w.db.prepare('SELECT COUNT(*) AS n FROM drops').get()).toEqual({ n: 1 });
    } finally {
      other.close();
    }
  });

  it('a paused schedule does not fire; resumed, it does', async () => {
    const s = await addDaily();
    await w.tutor.setPaused(w.channel, s.id, true);
    expect(await w.tutor.fireSchedule(s.id, T0, T0)).toBeNull();
    await w.tutor.setPaused(w.channel, s.id, false);
    expect(await w.tutor.fireSchedule(s.id, T0, T0)).not.toBeNull();
  });

  it('catches up a slot missed within the grace period, once', async () => {
    await addDaily('0 9 * * *');
    const posted = await w.tutor.catchUp(T0 + 40 * 60_000); // 09:40, slot 09:00 missed
    expect(posted).toHaveLength(1);
    expect(posted[0]!.slot).toBe(T0);
    expect(await w.tutor.catchUp(T0 + 41 * 60_000)).toHaveLength(0);
  });

  it('skips a slot missed beyond the grace period, with a log line', async () => {
    await addDaily('0 9 * * *');
    expect(await w.tutor.catchUp(T0 + 2 * HOUR)).toHaveLength(0);
    expect(w.chat.posted).toHaveLength(0);
    const line = w.log.find((l) => l.event === 'schedule.missed_slot_skipped');
    expect(line?.fields).toMatchObject({ platform: 'test', workspace: 'W1', channel: 'C1', slot: '2026-11-26T09:00:00.000Z' });
  });

  it('matches slots in the schedule’s own time zone', async () => {
    await addDaily('0 9 * * *', 'Asia/Tokyo'); // 09:00 Tokyo = 00:00 UTC
    const posted = await w.tutor.catchUp(Date.UTC(2026, 10, 26, 0, 30));
    expect(posted[0]?.slot).toBe(Date.UTC(2026, 10, 26, 0, 0));
  });

  it('refuses a bad cron, a bad time zone and an unknown pack, storing nothing', async () => {
    const add = (cron: string, tz?: string, packId?: string) =>
      w.tutor.addSchedule({ channel: w.channel, cron, by: 'admin', ...(tz ? { tz } : {}), ...(packId ? { packId } : {}) }, T0);
    await expect(add('61 * * * *')).rejects.toThrow('"61 * * * *" is not a valid cron expression: 61 is an invalid expression for minute');
    await expect(add('every day')).rejects.toThrow(/not a valid cron expression: it has 2 field/);
    await expect(add('0 9 * * *', 'Mars/Olympus')).rejects.toThrow('"Mars/Olympus" is not a time zone');
    await expect(add('0 9 * * *', undefined, 'nope')).rejects.toThrow('There is no pack "nope"');
    expect(await w.tutor.listSchedules(w.channel)).toEqual([]);
  });
});
