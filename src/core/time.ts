/** Calendar arithmetic in IANA time zones with Intl only, so the core stays free of I/O and libraries. */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** True when `tz` is an IANA zone name this runtime knows. */
export function isValidTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock parts of instant `t` in `tz`; weekday 0 = Monday. */
export function zonedParts(t: number, tz: string) {
  const parts: Record<string, string> = {};
  for (const p of formatter(tz).formatToParts(new Date(t))) parts[p.type] = p.value;
  const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: weekdays.indexOf(parts.weekday ?? 'Mon'),
  };
}

/** Offset of `tz` from UTC at instant `t`, in ms (positive east of Greenwich). */
function offsetAt(t: number, tz: string): number {
  const p = zonedParts(t, tz);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(t / 1000) * 1000;
}

/** The instant at which the wall clock in `tz` shows the given local date and time. */
export function zonedTime(tz: string, year: number, month: number, day: number, hour = 0, minute = 0): number {
  const local = Date.UTC(year, month - 1, day, hour, minute);
  let guess = local - offsetAt(local, tz);
  // A second pass settles instants near a DST change, where the offset differs from the first guess.
  guess = local - offsetAt(guess, tz);
  return guess;
}

/** Every UTC offset in use is a multiple of 15 minutes, so a local midnight never falls inside one of these. */
const QUARTER_HOUR = 900_000;
const starts = new Map<string, number>();

/** Start (ms) of the week (Monday 00:00) or month containing `now`, on the wall clock of `tz`. */
export function periodStart(period: 'week' | 'month', now: number, tz: string): number {
  // Intl is slow (microseconds a call) and every answer needs three period keys: memoise per quarter hour.
  const key = `${period}|${tz}|${Math.floor(now / QUARTER_HOUR)}`;
  let start = starts.get(key);
  if (start === undefined) {
    if (starts.size > 50_000) starts.clear();
    start = computeStart(period, now, tz);
    starts.set(key, start);
  }
  return start;
}

function computeStart(period: 'week' | 'month', now: number, tz: string): number {
  const p = zonedParts(now, tz);
  if (period === 'month') return zonedTime(tz, p.year, p.month, 1);
  const monday = new Date(Date.UTC(p.year, p.month - 1, p.day - p.weekday));
  return zonedTime(tz, monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate());
}

const labels = new Map<string, Intl.DateTimeFormat>();
function labelFormat(kind: 'date' | 'datetime', tz: string): Intl.DateTimeFormat {
  const key = `${kind}|${tz}`;
  let f = labels.get(key);
  if (!f) {
    const time = kind === 'datetime' ? ({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const) : {};
    f = new Intl.DateTimeFormat('en-GB', { timeZone: tz, weekday: 'short', day: 'numeric', month: 'short', ...time });
    labels.set(key, f);
  }
  return f;
}

/** A short local date such as "Mon 23 Nov" for labels. */
export function shortDate(t: number, tz: string): string {
  return labelFormat('date', tz).format(new Date(t));
}

/** A local date and time such as "Thu 26 Nov, 09:00" for closing times. */
export function shortDateTime(t: number, tz: string): string {
  return labelFormat('datetime', tz).format(new Date(t));
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "90s", "30m", "1h", "2d" in ms; a bare number means minutes. Undefined when it is not a duration. */
export function durationMs(raw: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([smhd]?)$/i.exec(raw.trim());
  return m ? Math.round(Number(m[1]) * UNITS[(m[2] || 'm').toLowerCase()]!) : undefined;
}

/** A duration the way people write it back: 24h, 30m, 2d, 90s. */
export function showDuration(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000]] as const) if (ms % size === 0 && ms >= size) return `${ms / size}${unit}`;
  return `${ms / 1000}s`;
}
