import { afterEach, describe, expect, it } from 'vitest';
import { isSlot, nodeCronCalendar as calendar } from '../../src/scheduler/calendar.ts';
import { createScheduler, type Scheduler } from '../../src/scheduler/index.ts';
import { makeWorld, memoryLog, type World } from '../helpers/world.ts';

const NY = 'America/New_York';
// Sun 1 Nov 2026: New York goes from EDT (UTC-4) back to EST (UTC-5) at 02:00, so 01:00-01:59 happens twice:
// 01:30 EDT is 05:30 UTC, 01:30 EST is 06:30 UTC.
const FIRST_0130 = Date.UTC(2026, 10, 1, 5, 30);
const SECOND_0130 = Date.UTC(2026, 10, 1, 6, 30);
// Sun 8 Mar 2026: New York goes from EST to EDT at 02:00, so 02:00-02:59 does not exist; 03:30 EDT is 07:30 UTC.
const SPRING_0330 = Date.UTC(2026, 2, 8, 7, 30);

const worlds: World[] = [];
const schedulers: Scheduler[] = [];
afterEach(async () => {
  for (const s of schedulers.splice(0)) await s.stop();
  for (const w of worlds.splice(0)) w.cleanup();
});

/** A world with one New York schedule created well before the day in question. */
async function worldWith(cron: string, createdAt: number) {
  const w = makeWorld({ tz: NY });
  worlds.push(w);
  const schedule = await w.tutor.addSchedule({ channel: w.channel, cron, by: 'admin' }, createdAt);
  return { w, schedule };
}

/** A scheduler whose clock the test sets. */
function scheduler(w: World, at: { now: number }) {
  const s = createScheduler(w.tutor, { now: () => at.now }, memoryLog().log, ['test']);
  schedulers.push(s);
  return s;
}

describe('slots on the autumn change (repeated hour)', () => {
  it('a daily 01:30 has one slot that day: the first pass', () => {
    expect(isSlot('30 1 * * *', NY, FIRST_0130)).toBe(true);
    expect(isSlot('30 1 * * *', NY, SECOND_0130)).toBe(false);
    expect(calendar.latestSlot('30 1 * * *', NY, Date.UTC(2026, 9, 31, 12), Date.UTC(2026, 10, 1, 12))).toBe(FIRST_0130);
    // The day after, 01:30 EST again.
    expect(calendar.latestSlot('30 1 * * *', NY, Date.UTC(2026, 10, 1, 12), Date.UTC(2026, 10, 2, 12))).toBe(Date.UTC(2026, 10, 2, 6, 30));
  });

  it('"*/30" posts each local time once: nothing again in the repeated hour', () => {
    const hits = [5, 6, 7].flatMap((h) => [0, 30].map((m) => Date.UTC(2026, 10, 1, h, m))).filter((t) => isSlot('*/30 * * * *', NY, t));
    expect(hits).toEqual([Date.UTC(2026, 10, 1, 5, 0), Date.UTC(2026, 10, 1, 5, 30), Date.UTC(2026, 10, 1, 7, 0), Date.UTC(2026, 10, 1, 7, 30)]);
  });

  it('a restart at 01:40 on the second pass does not post the daily question again', async () => {
    const { w, schedule } = await worldWith('30 1 * * *', Date.UTC(2026, 9, 25));
    // The running bot posted 01:30 EDT.
    expect(await w.tutor.fireSchedule(schedule.id, FIRST_0130, FIRST_0130)).not.toBeNull();
    // Restart at 01:40 EST (06:40 UTC), within the catch-up period of the second 01:30.
    const at = { now: Date.UTC(2026, 10, 1, 6, 40) };
    const s = scheduler(w, at);
    await s.start();
    at.now += 15_000;
    await s.sweep();
    expect(w.chat.posted).toHaveLength(1);
    expect(w.store.drops.openIn(w.channel)).toMatchObject({ scheduleId: schedule.id, slot: FIRST_0130 });
  });
});

describe('slots on the spring change (skipped hour)', () => {
  it('02:30, which does not exist that day, is a slot at 03:30 EDT; other days stay at 02:30', () => {
    expect(isSlot('30 2 * * *', NY, SPRING_0330)).toBe(true);
    expect(calendar.latestSlot('30 2 * * *', NY, Date.UTC(2026, 2, 7, 12), Date.UTC(2026, 2, 8, 12))).toBe(SPRING_0330);
    expect(calendar.latestSlot('30 2 * * *', NY, Date.UTC(2026, 2, 6, 12), Date.UTC(2026, 2, 7, 12))).toBe(Date.UTC(2026, 2, 7, 7, 30)); // 02:30 EST
    expect(calendar.latestSlot('30 2 * * *', NY, Date.UTC(2026, 2, 8, 12), Date.UTC(2026, 2, 9, 12))).toBe(Date.UTC(2026, 2, 9, 6, 30)); // 02:30 EDT
  });

  it('a real 03:30 and the moved 02:30 are one slot', () => {
    expect(calendar.latestSlot('30 2,3 * * *', NY, Date.UTC(2026, 2, 8, 5), Date.UTC(2026, 2, 8, 8, 29))).toBe(SPRING_0330);
    expect(isSlot('30 2,3 * * *', NY, Date.UTC(2026, 2, 8, 6, 30))).toBe(false); // 01:30 EST
  });

  it('the running bot posts the 02:30 schedule at 03:30, not before, and once', async () => {
    const { w, schedule } = await worldWith('30 2 * * *', Date.UTC(2026, 2, 1));
    const at = { now: Date.UTC(2026, 2, 8, 6, 59) }; // 01:59 EST
    const s = scheduler(w, at);
    await s.start();
    for (const t of [Date.UTC(2026, 2, 8, 7, 0, 15), Date.UTC(2026, 2, 8, 7, 15), Date.UTC(2026, 2, 8, 7, 30)]) {
      at.now = t; // 03:00:15 EDT up to 03:30:00 EDT: too early
      await s.sweep();
    }
    expect(w.chat.posted).toHaveLength(0);
    at.now = Date.UTC(2026, 2, 8, 7, 30, 15); // the first sweep after 03:30 EDT
    await s.sweep();
    at.now += 15_000;
    await s.sweep();
    expect(w.chat.posted).toHaveLength(1);
    expect(w.store.drops.openIn(w.channel)).toMatchObject({ scheduleId: schedule.id, slot: SPRING_0330 });
  });

  it('a restart after 03:30 catches the moved slot up like any missed slot', async () => {
    const { w } = await worldWith('30 2 * * *', Date.UTC(2026, 2, 1));
    const s = scheduler(w, { now: Date.UTC(2026, 2, 8, 8, 0) }); // 04:00 EDT
    await s.start();
    expect(w.store.drops.openIn(w.channel)?.slot).toBe(SPRING_0330);
  });
});
