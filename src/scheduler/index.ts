/** Timers: node-cron lives here and nowhere else. Arms one task per active schedule and sweeps closings. */
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock, Logger } from '../core/ports.ts';
import type { Tutor } from '../core/tutor.ts';
import type { Schedule } from '../core/types.ts';

export { nodeCronCalendar } from './calendar.ts';

const MINUTE = 60_000;

/** Runs schedules for the platforms that are up, re-arming every stored schedule at start. */
export function createScheduler(tutor: Tutor, clock: Clock, log: Logger, platforms: readonly string[]) {
  const tasks = new Map<number, ScheduledTask>();
  const inFlight = new Set<Promise<unknown>>();
  let sweeper: ScheduledTask | undefined;

  const track = (p: Promise<unknown>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  function arm(s: Schedule): void {
    disarm(s.id);
    if (s.paused || !platforms.includes(s.platform)) return;
    const task = cron.schedule(
      s.cron,
      () => {
        const now = clock.now();
        // The slot is the minute the cron matched: the key that makes a firing idempotent.
        track(tutor.fireSchedule(s.id, Math.floor(now / MINUTE) * MINUTE, now));
      },
      { timezone: s.tz, name: `schedule-${s.id}`, noOverlap: true },
    );
    tasks.set(s.id, task);
  }

  function disarm(id: number): void {
    const task = tasks.get(id);
    if (task) void task.destroy();
    tasks.delete(id);
  }

  return {
    /** Catches up missed slots, arms every schedule, starts the close sweep. */
    async start(): Promise<void> {
      tutor.onScheduleChange(({ type, schedule }) => (type === 'armed' ? arm(schedule) : disarm(schedule.id)));
      await tutor.closeDue(clock.now());
      await tutor.catchUp(clock.now());
      for (const s of tutor.allSchedules()) arm(s);
      // Every 15 s: drops close within seconds of their time without a timer per drop, and daily
      // review reminders go out within seconds of their minute.
      sweeper = cron.schedule(
        '*/15 * * * * *',
        () => track(tutor.closeDue(clock.now()).then(() => tutor.sendDueReminders(clock.now()))),
        { name: 'sweep', noOverlap: true },
      );
      log.info('scheduler.started', { schedules: tasks.size });
    },
    /** Ids of schedules with a live timer (for tests and logs). */
    armed: (): number[] => [...tasks.keys()].sort((a, b) => a - b),
    /** Stops every timer, then waits for firings already under way. */
    async stop(): Promise<void> {
      if (sweeper) await sweeper.destroy();
      for (const id of [...tasks.keys()]) disarm(id);
      await Promise.allSettled([...inFlight]);
    },
  };
}

/** The scheduler's public face. */
export type Scheduler = ReturnType<typeof createScheduler>;
