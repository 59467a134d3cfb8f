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

/** The period keys of `periods` that per-pack totals keep. */
export const packPeriods = (periods: string[]): string[] => periods.filter(isPackPeriod);

/**
 * How far back before a workspace's latest answer migration 10 fills per-pack weeks: insights read
 * the last WEEKS_SHOWN weeks before "now", and now is never before the latest answer, so older weeks
 * are never read (a day of margin for the week boundary).
 */
export const BACKFILL_WEEKS_MS = (WEEKS_SHOWN + 1) * 7 * 86_400_000;

/** The week key of an answer at `t` in zone `tz`, as the answer path writes it. */
export const weekKeyOf = (t: number, tz: string): string => periodKey('week', t, tz);
