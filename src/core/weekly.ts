/**
 * The weekly summary: each Monday at 09:00 in the workspace's zone, the past week's leaderboard card and its
 * champion, in each channel an admin turned it on for. Each (channel, week) is claimed in the store before
 * posting, so it goes out once across restarts and instances; a Monday missed by more than the catch-up
 * grace is skipped, as a scheduled question would be.
 */
import { leaderboard } from './boards.ts';
import { picturesOf, reasonOf, where, type TutorDeps } from './deps.ts';
import { NotFoundError, UsageError } from './errors.ts';
import type { WeeklyPost } from './ports.ts';
import { periodStart, shortDate, zonedParts, zonedTime } from './time.ts';
import type { ChannelRef } from './types.ts';
import type { LeaderboardView } from './views.ts';
import { zoneOf } from './zones.ts';

/** The local hour on Monday the summary goes out. */
export const WEEKLY_HOUR = 9;
const DAY = 86_400_000;

/** Monday 09:00 local of the week containing `now`, and that week's start (Monday 00:00 local). */
export function weeklySlot(now: number, tz: string): { week: number; slot: number } {
  const week = periodStart('week', now, tz);
  const p = zonedParts(week, tz);
  return { week, slot: zonedTime(tz, p.year, p.month, p.day, WEEKLY_HOUR) };
}

/** The summary of the week before `week` (a Monday 00:00 in `tz`): its board, labelled, with its champion. */
export async function weeklyView(deps: TutorDeps, scope: ChannelRef, week: number, tz: string): Promise<LeaderboardView> {
  const last = periodStart('week', week - DAY * 3.5, tz);
  // The board of a moment in last week; nobody is the caller, so no own row.
  const board = await leaderboard(deps, scope, 'week', '', week - 1);
  const firsts = board.rows.filter((r) => r.rank === 1);
  const champion = firsts.length ? { name: firsts.map((r) => r.name).join(' & '), points: firsts[0]!.points } : undefined;
  const span = `last week (${shortDate(last, tz)} – ${shortDate(week - DAY / 2, tz)}, ${tz})`;
  return {
    ...board,
    label: champion ? `${span} · 👑 champion: ${champion.name}, ${champion.points} pts` : span,
    ...(champion ? { champion } : {}),
  };
}

/** What one channel's summary came to this sweep. */
export type WeeklyOutcome = 'none' | 'posted' | 'empty' | 'skipped' | 'taken' | 'failed';

/** Posts the summary of one channel if its Monday slot has come and nobody claimed it yet. */
export async function postWeekly(deps: TutorDeps, row: WeeklyPost, now: number): Promise<WeeklyOutcome> {
  const chat = deps.chat(row.platform);
  if (!chat?.postView) return 'none';
  const tz = await zoneOf(deps, row);
  const { week, slot } = weeklySlot(now, tz);
  // Not Monday 09:00 yet, already claimed, or turned on after this week's slot (its first is next Monday).
  if (now < slot || (row.lastWeek !== null && row.lastWeek >= week) || row.createdAt > slot) return 'none';
  if (!(await deps.store.weekly.claim(row, week))) return 'taken';
  const fields = { ...where(row), week: new Date(week).toISOString() };
  if (now - slot > deps.settings.catchupMs) {
    deps.log.warn('weekly.missed_skipped', { ...fields, lateS: Math.round((now - slot) / 1000) });
    return 'skipped';
  }
  const view = await weeklyView(deps, row, week, tz);
  if (view.rows.length === 0) {
    deps.log.info('weekly.empty', fields);
    return 'empty';
  }
  const files = await picturesOf(deps, view);
  try {
    await chat.postView({ platform: row.platform, workspace: row.workspace, channel: row.channel }, view, files);
    deps.log.info('weekly.posted', { ...fields, champion: view.champion?.name, picture: Boolean(files) });
    return 'posted';
  } catch (err) {
    // Claimed, so not retried: a summary twice is worse than a week without one.
    deps.log.error('weekly.post_failed', { ...fields, reason: reasonOf(err) });
    return 'failed';
  }
}

/** The sweep's step: every channel with the summary on. One channel's failure does not stop the others. */
export async function postWeeklies(deps: TutorDeps, now: number): Promise<number> {
  let posted = 0;
  const failed: string[] = [];
  for (const row of await deps.store.weekly.all()) {
    try {
      if ((await postWeekly(deps, row, now)) === 'posted') posted += 1;
    } catch (err) {
      failed.push(`${row.channel}: ${reasonOf(err)}`);
    }
  }
  if (failed.length > 0) throw new Error(`weekly summary: ${failed.join('; ')}`);
  return posted;
}

/** `/quiz schedule weekly`: turns the summary on or off for a channel; says what it did. */
export async function setWeekly(deps: TutorDeps, channel: ChannelRef, on: boolean, by: string, now: number): Promise<string> {
  if (!on) {
    if (!(await deps.store.weekly.disable(channel))) throw new NotFoundError(`The weekly summary is not on in channel ${channel.channel}.`);
    return `The weekly summary in channel ${channel.channel} is off.`;
  }
  const refusal = await deps.chat(channel.platform)?.checkChannel?.(channel);
  if (refusal) throw new UsageError(refusal);
  const added = await deps.store.weekly.enable(channel, by, now);
  const tz = await zoneOf(deps, channel);
  const when = `Mondays at ${String(WEEKLY_HOUR).padStart(2, '0')}:00 (${tz})`;
  return added
    ? `The weekly summary is on in channel ${channel.channel}: last week's leaderboard and champion, ${when}.`
    : `The weekly summary was already on in channel ${channel.channel} (${when}).`;
}
