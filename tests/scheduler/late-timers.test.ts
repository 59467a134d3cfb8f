/**
 * node-cron's own timers under a stalled event loop or a clock jump. Vitest's fake clock stands in for
 * the machine's: the Date jumps while no timer runs, as it does for a process that was not scheduled.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../src/core/ports.ts';
import { createScheduler, type Scheduler } from '../../src/scheduler/index.ts';
import { makeWorld, T0, type World } from '../helpers/world.ts';

const MIN = 60_000;
let w: World;
let scheduler: Scheduler | undefined;
let consoleCalls: unknown[][];

beforeEach(() => {
  w = makeWorld();
  consoleCalls = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void consoleCalls.push(args));
  }
});
afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
  vi.useRealTimers();
  vi.restoreAllMocks();
  w.cleanup();
});

async function startAt(now: number) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now });
  const at = (level: string) => (event: string, fields: Record<string, unknown> = {}) => void w.log.push({ level, event, fields });
  const log: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  scheduler = createScheduler(w.tutor, { now: () => Date.now() }, log, ['test']);
  await scheduler.start();
  return scheduler;
}

const events = (name: string) => w.log.filter((l) => l.event === name).map((l) => l.fields);

describe('timers that fire late', () => {
  it('a stall of 9 s over 09:00 still posts the 09:00 question, logged as one JSON event, nothing on the console', async () => {
    const schedule = await w.tutor.addSchedule({ channel: w.channel, cron: '0 9 * * *', by: 'admin' }, T0 - 86_400_000);
    await startAt(T0 - 5_000);
    vi.setSystemTime(T0 + 4_000); // the event loop is blocked from 08:59:55 to 09:00:09
    await vi.advanceTimersByTimeAsync(5_000);
    await scheduler!.stop();
    expect(w.store.drops.openIn(w.channel)).toMatchObject({ scheduleId: schedule.id, slot: T0 });
    expect(w.chat.posted).toHaveLength(1);
    expect(events('scheduler.timer_late')).toContainEqual({ timer: `schedule-${schedule.id}`, missed: 1, first: '2026-11-26T09:00:00.000Z' });
    expect(consoleCalls).toEqual([]);
  });

  it('a jump of three hours posts only the latest slot of a frequent schedule, and logs one line per timer', async () => {
    await w.tutor.addSchedule({ channel: w.channel, cron: '*/5 * * * *', by: 'admin' }, T0 - 86_400_000);
    await startAt(T0 + 4 * MIN);
    expect(w.chat.posted).toHaveLength(1); // 09:00, caught up at start
    vi.setSystemTime(T0 + 3 * 60 * MIN + MIN); // suspended at 09:04, resumed at 12:01
    await vi.advanceTimersByTimeAsync(MIN); // the 09:05 timer wakes at 12:02
    await scheduler!.stop();
    expect(w.chat.posted).toHaveLength(2);
    expect(w.store.drops.openIn(w.channel)?.slot).toBe(T0 + 3 * 60 * MIN);
    const late = events('scheduler.timer_late').filter((f) => f.timer !== 'sweep');
    expect(late).toEqual([{ timer: 'schedule-1', missed: 36, first: '2026-11-26T09:05:00.000Z' }]);
    expect(consoleCalls).toEqual([]);
  });
});
