/**
 * Cron arithmetic backed by node-cron's own parser, so validation matches what actually fires.
 *
 * A schedule's slots are local wall-clock times, each posted once. Where the clocks go back (New York,
 * first Sunday of November) a repeated time is a slot on its first pass only; where they go forward (second
 * Sunday of March) a time that does not exist that day is moved forward by the skipped hour, as Temporal's
 * and java.time's default resolution does: "30 2 * * *" posts at 03:30.
 */
import cron from 'node-cron';
import type { CronCalendar } from '../core/ports.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Matchers compare a wall-clock time written as a UTC instant, so one matcher serves every zone. They
 * are only used for `match`; they are never started, so they hold no timers.
 */
const matchers = new Map<string, ReturnType<typeof cron.createTask>>();

function wallMatcher(expr: string) {
  let task = matchers.get(expr);
  if (!task) {
    task = cron.createTask(expr, () => undefined, { timezone: 'UTC' });
    matchers.set(expr, task);
  }
  return task;
}

/** Hours and minutes the expression names: a cheap test that rules out most instants before node-cron's. */
const clockFields = new Map<string, { hours: Set<number>; minutes: Set<number> }>();

/** Whether a wall-clock time (written as a UTC instant) matches `expr`. */
function wallMatches(expr: string, wall: number): boolean {
  let fields = clockFields.get(expr);
  if (!fields) {
    const { hour, minute } = cron.parse(expr);
    fields = { hours: new Set(hour), minutes: new Set(minute) };
    clockFields.set(expr, fields);
  }
  const date = new Date(wall);
  return fields.hours.has(date.getUTCHours()) && fields.minutes.has(date.getUTCMinutes()) && wallMatcher(expr).match(date);
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();
/** Offsets by zone and quarter hour: zones only change on quarter hours, and scans revisit them. */
const offsets = new Map<string, number>();

/** The zone's UTC offset at `t`, in ms (New York in winter: -5 h). */
export function offsetAt(tz: string, t: number): number {
  const key = `${tz}\u0000${Math.floor(t / (15 * MINUTE))}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  let format = offsetFormats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' });
    offsetFormats.set(tz, format);
  }
  const name = format.formatToParts(t).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?/.exec(name);
  const ms = m ? (m[1] === '-' ? -1 : 1) * ((Number(m[2]) * 60 + Number(m[3])) * MINUTE + Number(m[4] ?? 0) * 1000) : 0;
  if (offsets.size > 50_000) offsets.clear(); // a bound, not a cache policy: scans are short
  offsets.set(key, ms);
  return ms;
}

/**
 * Whether the instant `t` is a slot of `expr` in `tz` under the rule above. No zone changes its offset
 * twice within three hours, so the offset three hours earlier is the one before any change at `t`.
 */
export function isSlot(expr: string, tz: string, t: number): boolean {
  const matches = (wall: number) => wallMatches(expr, wall);
  const now = offsetAt(tz, t);
  const before = offsetAt(tz, t - 3 * HOUR);
  if (now === before) return matches(t + now);
  if (before > now) {
    // Clocks went back by `before - now`: the same wall time was already shown that much earlier.
    return offsetAt(tz, t - (before - now)) !== before && matches(t + now);
  }
  // Clocks went forward by `gap`: in the first `gap` after the change, also the skipped wall times
  // (read with the old offset) fall here.
  const gap = now - before;
  return matches(t + now) || (offsetAt(tz, t - gap) === before && matches(t + before));
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
  /** The latest slot whose firing instant (the minute plus any seconds field) lies in [from, to]. */
  latestSlot(expr, tz, from, to) {
    const { second, minute } = cron.parse(expr);
    // Every UTC offset is a multiple of 15 minutes, so a local minute and its UTC minute agree modulo
    // 15: only those minutes can match, and the costly zone-aware check runs on 1 in 15 at most.
    const residues = new Set(minute.map((m) => m % 15));
    const at = (second[0] ?? 0) * 1000;
    for (let t = Math.floor((to - at) / MINUTE) * MINUTE; t + at >= from; t -= MINUTE) {
      if (residues.has((((t / MINUTE) % 15) + 15) % 15) && isSlot(expr, tz, t + at)) return t;
    }
    return null;
  },
};
