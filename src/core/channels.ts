/** When a channel can no longer be used: its schedules pause and whoever made them is told. */
import { reasonOf, where, type TutorDeps } from './deps.ts';
import type { ChannelRef, Schedule } from './types.ts';

/**
 * Pauses every active schedule in `channel` (deleted, archived, the bot removed) and tells each
 * schedule's creator privately, so drops stop failing every day and someone knows why. Idempotent:
 * schedules already paused are left alone and nobody is told twice.
 */
export async function channelGone(deps: TutorDeps, channel: ChannelRef, reason: string, now: number): Promise<Schedule[]> {
  const paused: Schedule[] = [];
  for (const s of await deps.store.schedules.list(channel)) {
    if (s.channel !== channel.channel || s.paused) continue;
    if (!await deps.store.schedules.setPaused(s.id, true)) continue;
    const updated = { ...s, paused: true };
    paused.push(updated);
    deps.scheduleChanged('disarmed', updated);
    deps.log.warn('schedule.paused_channel_gone', { ...where(channel), schedule: s.id, reason });
    await tellCreator(deps, updated, reason, now);
  }
  return paused;
}

async function tellCreator(deps: TutorDeps, s: Schedule, reason: string, _now: number): Promise<void> {
  const chat = deps.chat(s.platform);
  // Scheduled drops are created by people; `schedule:N` creators do not exist, and neither do bots here.
  if (!chat?.sendPrivate || s.createdBy.includes(':')) return;
  const text =
    `Schedule #${s.id} ("${s.cron}") in channel ${s.channel} is paused: ${reason.slice(0, 200)}. ` +
    `Once the bot can post there again, resume it with /quiz schedule resume ${s.id}, or remove it with /quiz schedule remove ${s.id}.`;
  try {
    await chat.sendPrivate(s, s.createdBy, { kind: 'text', text, tone: 'error' });
  } catch (err) {
    deps.log.warn('schedule.pause_notice_failed', { ...where(s), schedule: s.id, reason: reasonOf(err) });
  }
}
