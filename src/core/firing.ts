/** Scheduled firings and catch-up: one slot of one schedule becomes one drop, at most once. */
import { reasonOf, where, type TutorDeps } from './deps.ts';
import { postDrop } from './drops.ts';
import type { ChannelRef, Drop, Schedule } from './types.ts';

/** Posts one slot. Null when the slot was already claimed; throws what went wrong. */
async function postSlot(deps: TutorDeps, schedule: Schedule, slot: number, now: number): Promise<Drop | null> {
  return postDrop(
    deps,
    {
      channel: channelOf(schedule),
      ...(schedule.packId ? { packId: schedule.packId } : {}),
      ...(schedule.difficulty ? { difficulty: schedule.difficulty } : {}),
      scheduleId: schedule.id,
      slot,
      by: `schedule:${schedule.id}`,
      reactions: schedule.reactions,
    },
    now,
  );
}

/** One cron firing. Idempotent per (schedule, slot); errors are logged, never thrown at the timer. */
export async function fireSchedule(deps: TutorDeps, scheduleId: number, slot: number, now: number): Promise<Drop | null> {
  let schedule: Schedule | undefined;
  try {
    schedule = await deps.store.schedules.get(scheduleId);
    if (!schedule || schedule.paused) return null;
    return await postSlot(deps, schedule, slot, now);
  } catch (err) {
    deps.log.error('schedule.fire_failed', { ...(schedule ? where(schedule) : {}), schedule: scheduleId, reason: reasonOf(err) });
    return null;
  }
}

/** Looks back this far for a missed slot, to log the ones too old to post. */
const LOOKBACK_MS = 24 * 60 * 60 * 1000;

/** What catching up one schedule found: its latest slot in the range, and what became of it. */
export interface CatchUpResult {
  slot: number | null;
  outcome: 'none' | 'taken' | 'posted' | 'failed' | 'skipped';
  drop?: Drop;
}

/**
 * Catches up one schedule: its latest slot in [from, to] (never before the schedule existed, nor more
 * than a day or `catchupMs` back) is posted when at most `catchupMs` old, else the skip is logged.
 * A slot already claimed (posted, or refused by the platform) is left alone. Throws when the slot
 * could not even be claimed (a failed write, no matching question), so the caller can retry it.
 */
export async function catchUpSchedule(deps: TutorDeps, scheduleId: number, from: number, to: number, now: number): Promise<CatchUpResult> {
  const schedule = await deps.store.schedules.get(scheduleId);
  if (!schedule || schedule.paused || !deps.chat(schedule.platform)) return { slot: null, outcome: 'none' };
  const earliest = Math.max(from, schedule.createdAt, now - Math.max(LOOKBACK_MS, deps.settings.catchupMs));
  const slot = deps.calendar.latestSlot(schedule.cron, schedule.tz, earliest, to);
  if (slot === null) return { slot, outcome: 'none' };
  if (await deps.store.drops.bySlot(schedule.id, slot)) return { slot, outcome: 'taken' };
  const fields = { ...where(schedule), schedule: schedule.id, slot: new Date(slot).toISOString() };
  if (now - slot > deps.settings.catchupMs) {
    deps.log.warn('schedule.missed_slot_skipped', fields);
    return { slot, outcome: 'skipped' };
  }
  try {
    const drop = await postSlot(deps, schedule, slot, now);
    if (drop) deps.log.info('schedule.caught_up', { ...fields, drop: drop.id, lateS: Math.round((now - slot) / 1000) });
    return drop ? { slot, outcome: 'posted', drop } : { slot, outcome: 'taken' };
  } catch (err) {
    // Claimed but refused by the platform: postDrop marked it failed and logged why; that is final.
    if (await deps.store.drops.bySlot(schedule.id, slot)) return { slot, outcome: 'failed' };
    throw err;
  }
}

/** Posts each schedule's latest missed slot if within the grace period, else logs the skip. */
export async function catchUp(deps: TutorDeps, now: number): Promise<Drop[]> {
  const posted: Drop[] = [];
  for (const schedule of await deps.store.schedules.all()) {
    try {
      const { drop } = await catchUpSchedule(deps, schedule.id, schedule.createdAt, now, now);
      if (drop) posted.push(drop);
    } catch (err) {
      deps.log.error('schedule.fire_failed', { ...where(schedule), schedule: schedule.id, reason: reasonOf(err) });
    }
  }
  return posted;
}

/** The channel of a schedule. */
export function channelOf(schedule: Schedule): ChannelRef {
  return { platform: schedule.platform, workspace: schedule.workspace, channel: schedule.channel };
}
