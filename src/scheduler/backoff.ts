/** One step of the sweep, guarded: a failure is logged and retried later, never thrown at a timer. */
import { reasonOf } from '../core/deps.ts';
import type { Logger } from '../core/ports.ts';

/** After n failures in a row, wait this many sweeps before the next try: 1, 2, 4, 8, 16, 20, 20… */
const MAX_WAIT = 20;

/**
 * Backoff counted in sweeps, not milliseconds, so a clock that jumps neither hammers a failing
 * database nor postpones the retry for hours. With the 15-second sweep the wait grows to 5 minutes.
 */
export function guardedStep(step: string, log: Logger) {
  let failures = 0;
  let wait = 0;
  return {
    /**
     * Runs `work` unless this step is backing off; true when it ran and succeeded. A run that is not
     * a sweep (`sweep` false, such as a catch-up after a late timer) does not count down the wait.
     */
    async run(work: () => Promise<unknown>, sweep = true): Promise<boolean> {
      if (wait > 0) {
        if (sweep) wait -= 1;
        return false;
      }
      try {
        await work();
      } catch (err) {
        failures += 1;
        wait = Math.min(2 ** (failures - 1), MAX_WAIT) - 1;
        log.error('scheduler.step_failed', { step, reason: reasonOf(err), failures, retryInSweeps: wait + 1 });
        return false;
      }
      if (failures > 0) log.info('scheduler.step_recovered', { step, failures });
      failures = 0;
      return true;
    },
    /** Consecutive failures so far (0 when the last try worked). */
    failures: () => failures,
  };
}
