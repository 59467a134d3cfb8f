/**
 * Timers: node-cron lives here and nowhere else. Arms one task per active schedule, and every 15 s
 * sweeps: closes due drops, catches up slots the timers missed, sends review reminders and weekly summaries.
 */
import cron, { type ScheduledTask } from 'node-cron';
import { reasonOf } from '../core/deps.ts';
import type { Clock, Logger } from '../core/ports.ts';
import type { Tutor } from '../core/tutor.ts';
import type { Schedule } from '../core/types.ts';
import { guardedStep } from './backoff.ts';
import { isSlot } from './calendar.ts';
import { cronLogger } from './cron-log.ts';

export { nodeCronCalendar } from './calendar.ts';

const MINUTE = 60_000;
/**
 * The sweep leaves a slot this long to its own timer, which fires it within node-cron's 1 s tolerance
 * or reports it missed, before catching it up itself.
 */
const GRACE_MS = 10_000;

/** Runs schedules for the platforms that are up, re-arming every stored schedule at start. */
/** Optional observers of the scheduler (main.ts feeds /healthz and /metrics from them). */
export interface SchedulerHooks {
  /** After each sweep, failed steps included: how long it took. */
  swept?(ms: number): void;
}

export function createScheduler(tutor: Tutor, clock: Clock, log: Logger, platforms: readonly string[], hooks: SchedulerHooks = {}) {
  const tasks = new Map<number, ScheduledTask>();
  /** Per armed schedule, the earliest firing instant no catch-up pass has checked yet. */
  const unchecked = new Map<number, number>();
  const inFlight = new Set<Promise<unknown>>();
  const steps = { close: guardedStep('close', log), catchUp: guardedStep('catch_up', log), reminders: guardedStep('reminders', log), weekly: guardedStep('weekly', log) };
  const cronLog = cronLogger(log);
  let sweeper: ScheduledTask | undefined;
  let passes: Promise<unknown> = Promise.resolve();

  /** Keeps a timer's work for `stop()`, and logs instead of leaving a rejection unhandled. */
  const track = (p: Promise<unknown>): void => {
    const guarded = p.catch((err: unknown) => log.error('scheduler.task_failed', { reason: reasonOf(err) }));
    inFlight.add(guarded);
    void guarded.finally(() => inFlight.delete(guarded));
  };

  /**
   * Catches up every armed schedule's slots up to `grace` ago, one pass at a time. Each schedule's
   * range starts where its last pass ended, so a slot too old to post is logged once, and a clock
   * jump (a suspended VM) or a stalled event loop posts the latest missed slot when it resumes.
   */
  function catchUpPass(grace: number, sweep: boolean): Promise<unknown> {
    const pass = passes.then(() =>
      steps.catchUp.run(async () => {
        const now = clock.now();
        const to = now - grace;
        const failed: string[] = [];
        for (const [id, from] of [...unchecked]) {
          if (to < from) continue;
          try {
            await tutor.catchUpSchedule(id, from, to, now);
            if (unchecked.has(id)) unchecked.set(id, to + 1);
          } catch (err) {
            failed.push(`schedule #${id}: ${reasonOf(err)}`);
          }
        }
        if (failed.length > 0) throw new Error(failed.join('; '));
      }, sweep),
    );
    passes = pass;
    return pass;
  }

  /** Timers that fired late (a stall over 1 s, or a clock jump), gathered into one line per timer. */
  const late = new Map<string, { missed: number; first: string }>();
  function noteLate(timer: string, date: Date): void {
    if (late.size === 0) queueMicrotask(flushLate);
    const seen = late.get(timer);
    if (seen) seen.missed += 1;
    else late.set(timer, { missed: 1, first: date.toISOString() });
  }
  function flushLate(): void {
    const schedules = [...late.keys()].some((t) => t !== 'sweep');
    for (const [timer, { missed, first }] of late) log.warn('scheduler.timer_late', { timer, missed, first });
    late.clear();
    if (schedules) track(catchUpPass(0, false));
  }

  function arm(s: Schedule, from: number): void {
    disarm(s.id);
    if (s.paused || !platforms.includes(s.platform)) return;
    const task = cron.schedule(
      s.cron,
      ({ date }) => {
        const at = date.getTime();
        // One slot per local time: never the second pass of a repeated hour, whatever node-cron does.
        if (!isSlot(s.cron, s.tz, at)) return;
        // The slot is the minute the cron matched: the key that makes a firing idempotent.
        track(tutor.fireSchedule(s.id, Math.floor(at / MINUTE) * MINUTE, clock.now()));
      },
      { timezone: s.tz, name: `schedule-${s.id}`, logger: cronLog },
    );
    task.on('execution:missed', ({ date }) => noteLate(`schedule-${s.id}`, date));
    tasks.set(s.id, task);
    unchecked.set(s.id, from);
  }

  function disarm(id: number): void {
    const task = tasks.get(id);
    if (task) void task.destroy();
    tasks.delete(id);
    unchecked.delete(id);
  }

  /** One sweep; each step fails alone, is logged, and is retried with backoff. */
  async function sweep(): Promise<void> {
    const now = clock.now();
    const started = performance.now();
    try {
      await steps.close.run(() => tutor.closeDue(now));
      await catchUpPass(GRACE_MS, true);
      await steps.reminders.run(() => tutor.sendDueReminders(now));
      await steps.weekly.run(() => tutor.postWeeklies(now));
    } finally {
      hooks.swept?.(performance.now() - started);
    }
  }

  return {
    /** Arms every schedule, closes what came due and catches up what was missed while down, starts the sweep. */
    async start(): Promise<void> {
      // A schedule armed while running catches up from that moment: slots missed while it was paused stay skipped.
      tutor.onScheduleChange(({ type, schedule }) => (type === 'armed' ? arm(schedule, clock.now()) : disarm(schedule.id)));
      // At start, from the schedule's creation (the catch-up bounds the look-back).
      for (const s of await tutor.allSchedules()) arm(s, -Infinity);
      await steps.close.run(() => tutor.closeDue(clock.now()));
      await catchUpPass(0, true);
      sweeper = cron.schedule('*/15 * * * * *', () => track(sweep()), { name: 'sweep', noOverlap: true, logger: cronLog });
      sweeper.on('execution:missed', ({ date }) => noteLate('sweep', date));
      log.info('scheduler.started', { schedules: tasks.size });
    },
    /** Runs one sweep now, as the 15-second timer does (tests drive it with their own clock). */
    sweep,
    /** Ids of schedules with a live timer (for tests and logs). */
    armed: (): number[] => [...tasks.keys()].sort((a, b) => a - b),
    /** Stops every timer, then waits for firings and passes already under way. */
    async stop(): Promise<void> {
      if (sweeper) await sweeper.destroy();
      for (const id of [...tasks.keys()]) disarm(id);
      await Promise.allSettled([...inFlight, passes]);
    },
  };
}

/** The scheduler's public face. */
export type Scheduler = ReturnType<typeof createScheduler>;
