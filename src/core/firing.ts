/** Scheduled firings and catch-up after downtime: one slot of one schedule becomes one drop. */
import { reasonOf, where, type TutorDeps } from './deps.ts';
import { postDrop } from './drops.ts';
import type { ChannelRef, Drop, Schedule } from './types.ts';

/** One cron firing. Idempotent per (schedule, slot); errors are logged, never thrown at the timer. */
export async function fireSchedule(deps: TutorDeps, scheduleId: number, slot: number, now: number): Promise<Drop | null> {
  const schedule = deps.store.schedules.get(scheduleId);
  if (!schedule || schedule.paused) return null;
  try {
    return await postDrop(
      deps,
      {
        channel: channelOf(schedule),
        ...(schedule.packId ? { packId: schedule.packId } : {}),
        ...(schedule.difficulty ? { difficulty: schedule.difficulty } : {}),
        scheduleId,
        slot,
        by: `schedule:${scheduleId}`,
      },
      now,
    );
  } catch (err) {
    deps.log.error('schedule.fire_failed', { ...where(schedule), schedule: scheduleId, reason: reasonOf(err) });
    return null;
  }
}

/** Looks back this far for a missed slot, to log the ones too old to post. */
const LOOKBACK_MS = 24 * 60 * 60 * 1000;

/** At start: posts each schedule's latest missed slot if within the grace period, else logs the skip. */
export async function catchUp(deps: TutorDeps, now: number): Promise<Drop[]> {
  const posted: Drop[] = [];
  for (const schedule of deps.store.schedules.all()) {
    if (schedule.paused || !deps.chat(schedule.platform)) continue;
    const from = Math.max(schedule.createdAt, now - Math.max(LOOKBACK_MS, deps.settings.catchupMs));
    const slot = deps.calendar.latestSlot(schedule.cron, schedule.tz, from, now);
    if (slot === null || deps.store.drops.bySlot(schedule.id, slot)) continue;
    if (now - slot > deps.settings.catchupMs) {
      deps.log.warn('schedule.missed_slot_skipped', { ...where(schedule), schedule: schedule.id, slot: new Date(slot).toISOString() });
      continue;
    }
    const drop = await fireSchedule(deps, schedule.id, slot, now);
    if (drop) posted.push(drop);
  }
  return posted;
}

/** The channel of a schedule. */
export function channelOf(schedule: Schedule): ChannelRef {
  return { platform: schedule.platform, workspace: schedule.workspace, channel: schedule.channel };
}
