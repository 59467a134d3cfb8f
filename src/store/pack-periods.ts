/**
 * Which period keys the per-pack totals keep, and the backfill window for their weeks. Shared by both
 * engines' migration 10 and rebuilds, so they agree with the answer path.
 */
import { periodKey } from '../core/boards.ts';
import { WEEKS_SHOWN } from '../core/insights.ts';

/**
 * Per-pack totals keep 'all' (for /quiz stats) and weeks (for insights' participation per pack);
 * months are read by nobody per pack, so they cost the answer path nothing.
 */
export const isPackPeriod = (period: string): boolean => period === 'all' || period.startsWith('week:');

const GEN = /#\d+$/;

/**
 * The period keys of `periods` (an answer's, live generation first) that per-pack totals keep: 'all', and
 * the weeks of the live generation without their `#<gen>`. Per-pack weeks are not recounted after a zone
 * change: they follow the zone in force when each answer came, which insights read (`zoneOf`), and an
 * answer counted in two generations during a recount is counted once here.
 */
export function packPeriods(periods: readonly string[]): string[] {
  const liveGen = periods.find((p) => p.startsWith('week:'))?.match(GEN)?.[0] ?? '';
  return periods
    .filter((p) => p === 'all' || (p.startsWith('week:') && (p.match(GEN)?.[0] ?? '') === liveGen))
    .map((p) => p.replace(GEN, ''));
}

/**
 * How far back before a workspace's latest answer migration 10 fills per-pack weeks: insights read
 * the last WEEKS_SHOWN weeks before "now", and now is never before the latest answer, so older weeks
 * are never read (a day of margin for the week boundary).
 */
export const BACKFILL_WEEKS_MS = (WEEKS_SHOWN + 1) * 7 * 86_400_000;

/** The week key of an answer at `t` in zone `tz`, as the answer path writes it. */
export const weekKeyOf = (t: number, tz: string): string => periodKey('week', t, tz);
