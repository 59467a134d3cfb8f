/** Cron arithmetic backed by node-cron's own parser, so validation matches what actually fires. */
import cron from 'node-cron';
import type { CronCalendar } from '../core/ports.ts';

const MINUTE = 60_000;

/** Created tasks are only used for `match`; they are never started, so they hold no timers. */
const matchers = new Map<string, ReturnType<typeof cron.createTask>>();

function matcher(expr: string, tz: string) {
  const key = `${tz}\u0000${expr}`;
  let task = matchers.get(key);
  if (!task) {
    task = cron.createTask(expr, () => undefined, { timezone: tz });
    matchers.set(key, task);
  }
  return task;
}

/** node-cron backed CronCalendar. */
export const nodeCronCalendar: CronCalendar = {
  check(expr) {
    if (!expr.trim()) return 'it is empty';
    const fields = expr.trim().split(/\s+/).length;
    if (fields < 5 || fields > 6) return `it has ${fields} field(s); cron needs 5 (minute hour day month weekday)`;
    const result = cron.validateDetailed(expr);
    if (result.valid) return null;
    return result.errors.map((e) => e.message.replace(/ is a invalid /, ' is an invalid ')).join('; ') || 'it does not parse';
  },
  latestSlot(expr, tz, from, to) {
    const task = matcher(expr, tz);
    const { second, minute } = cron.parse(expr);
    // Every UTC offset is a multiple of 15 minutes, so a local minute and its UTC minute agree modulo
    // 15: only those minutes can match, and the costly zone-aware match runs on 1 in 15 at most.
    const residues = new Set(minute.map((m) => m % 15));
    const at = (second[0] ?? 0) * 1000;
    for (let t = Math.floor(to / MINUTE) * MINUTE; t >= from; t -= MINUTE) {
      if (residues.has((t / MINUTE) % 15) && task.match(new Date(t + at))) return t;
    }
    return null;
  },
};
