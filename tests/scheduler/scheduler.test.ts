import { afterEach, describe, expect, it } from 'vitest';
import { nodeCronCalendar } from '../../src/scheduler/calendar.ts';
import { createScheduler, type Scheduler } from '../../src/scheduler/index.ts';
import { makeWorld, memoryLog, T0, type World } from '../helpers/world.ts';

const worlds: World[] = [];
const schedulers: Scheduler[] = [];
afterEach(async () => {
  for (const s of schedulers.splice(0)) await s.stop();
  for (const w of worlds.splice(0)) w.cleanup();
});

function start(w: World, now: number, platforms = ['test']) {
  const s = createScheduler(w.tutor, { now: () => now }, memoryLog().log, platforms);
  schedulers.push(s);
  return s;
}

describe('the scheduler', () => {
  it('re-arms every stored, active schedule of running platforms after a restart', async () => {
    const first = makeWorld();
    const add = (cron: string, platform = 'test') =>
      first.tutor.addSchedule({ channel: { ...first.channel, platform }, cron, by: 'admin' }, T0);
    const a = await add('0 9 * * 1-5');
    const b = await add('30 17 * * *');
    const paused = await add('0 12 * * *');
    await first.tutor.setPaused(first.channel, paused.id, true);
    await first.store.schedules.add({ ...first.channel, platform: 'discord', cron: '0 8 * * *', tz: 'UTC', packId: null, difficulty: null, paused: false, createdBy: 'x', createdAt: T0, reactions: true });
    first.close();

    const restarted = makeWorld({ dir: first.dir });
    worlds.push(restarted);
    const scheduler = start(restarted, T0 + 5 * 60_000);
    await scheduler.start();
    expect(scheduler.armed()).toEqual([a.id, b.id]);

    // Changes made through the tutor arm and disarm timers at once.
    const c = await restarted.tutor.addSchedule({ channel: restarted.channel, cron: '*/5 * * * *', by: 'admin' }, T0);
    expect(scheduler.armed()).toEqual([a.id, b.id, c.id]);
    await restarted.tutor.setPaused(restarted.channel, a.id, true);
    await restarted.tutor.removeSchedule(restarted.channel, b.id);
    expect(scheduler.armed()).toEqual([c.id]);
    await restarted.tutor.setPaused(restarted.channel, a.id, false);
    expect(scheduler.armed()).toEqual([a.id, c.id]);
    await scheduler.stop();
    expect(scheduler.armed()).toEqual([]);
  });

  it('at start, closes drops whose window passed while down and catches up a recent missed slot', async () => {
    const w = makeWorld();
    worlds.push(w);
    await w.tutor.addSchedule({ channel: w.channel, cron: '0 9 * * *', by: 'admin' }, T0 - 3 * 86_400_000);
    const old = (await w.tutor.postDrop({ channel: w.channel }, T0 - 86_400_000))!; // yesterday 09:00, closes today 09:00
    await start(w, T0 + 10 * 60_000).start();
    expect(w.store.drops.get(old.id)!.state).toBe('closed');
    expect(w.chat.reveals.map((r) => r.drop.id)).toEqual([old.id]);
    expect(w.chat.posted).toHaveLength(2);
    expect(w.store.drops.openIn(w.channel)).toMatchObject({ slot: T0, scheduleId: 1 });
  });
});

describe('the cron calendar', () => {
  it('explains invalid expressions', () => {
    expect(nodeCronCalendar.check('61 * * * *')).toBe('61 is an invalid expression for minute');
    expect(nodeCronCalendar.check('* * *')).toMatch(/3 field/);
    expect(nodeCronCalendar.check('0 9 * * 1-5')).toBeNull();
  });

  it('finds the latest matching minute in a zone, across a DST change', () => {
    // New York leaves DST on Sun 1 Nov 2026: 09:00 local is 13:00 UTC before, 14:00 UTC after.
    const before = nodeCronCalendar.latestSlot('0 9 * * *', 'America/New_York', Date.UTC(2026, 9, 31, 0), Date.UTC(2026, 9, 31, 23));
    const after = nodeCronCalendar.latestSlot('0 9 * * *', 'America/New_York', Date.UTC(2026, 10, 2, 0), Date.UTC(2026, 10, 2, 23));
    expect(before).toBe(Date.UTC(2026, 9, 31, 13));
    expect(after).toBe(Date.UTC(2026, 10, 2, 14));
    expect(nodeCronCalendar.latestSlot('0 9 * * *', 'UTC', T0 + 60_000, T0 + 3_600_000)).toBeNull();
  });

  it('finds slots in half- and quarter-hour zones, and with a seconds field', () => {
    const day = [Date.UTC(2026, 10, 25), Date.UTC(2026, 10, 26)] as const;
    // 09:00 in India (UTC+5:30) is 03:30 UTC; 09:45 in Nepal (UTC+5:45) is 04:00 UTC.
    expect(nodeCronCalendar.latestSlot('30 0 9 * * *', 'Asia/Kolkata', ...day)).toBe(Date.UTC(2026, 10, 25, 3, 30));
    expect(nodeCronCalendar.latestSlot('45 9 * * *', 'Asia/Kathmandu', ...day)).toBe(Date.UTC(2026, 10, 25, 4, 0));
    expect(nodeCronCalendar.latestSlot('*/20 * * * *', 'Asia/Kathmandu', ...day)).toBe(Date.UTC(2026, 10, 25, 23, 55));
  });
});
