/** Admin schedule management: validated before anything is stored. */
import { where, packsIn, type TutorDeps } from './deps.ts';
import { NotFoundError, UsageError } from './errors.ts';
import { isValidTimeZone } from './time.ts';
import { zoneOf } from './zones.ts';
import type { ChannelRef, Difficulty, Schedule, Scope } from './types.ts';

/** A schedule to add. */
export interface ScheduleRequest {
  channel: ChannelRef;
  cron: string;
  tz?: string;
  packId?: string;
  difficulty?: Difficulty;
  by: string;
  /** Whether reactions count as answers (default true). */
  reactions?: boolean;
}

/** Validates and stores a schedule. The adapter may refuse a channel the bot cannot use. */
export async function addSchedule(deps: TutorDeps, req: ScheduleRequest, now: number): Promise<Schedule> {
  const cron = req.cron.trim().replace(/\s+/g, ' ');
  const problem = deps.calendar.check(cron);
  if (problem) throw new UsageError(`"${cron.slice(0, 60)}" is not a valid cron expression: ${problem}. Example: "0 9 * * 1-5" (09:00 on weekdays).`);
  const seconds = secondsField(cron);
  if (seconds !== null && !/^\d{1,2}$/.test(seconds)) {
    throw new UsageError(
      `"${cron.slice(0, 60)}" would post more than once a minute (seconds field "${seconds.slice(0, 20)}"), and Stepwise posts at most once a minute. ` +
        'Use 5 fields (minute hour day month weekday), such as "* * * * *" for every minute or "0 9 * * 1-5" for 09:00 on weekdays.',
    );
  }
  if (req.tz !== undefined && !isValidTimeZone(req.tz)) throw new UsageError(`"${req.tz.slice(0, 60)}" is not a time zone. Use an IANA name such as Europe/Berlin or America/New_York.`);
  if (req.packId && !(await packsIn(deps, req.channel)).get(req.packId)) {
    throw new NotFoundError(`There is no pack "${req.packId.slice(0, 60)}". See /quiz packs for the loaded ones.`);
  }
  const refusal = await deps.chat(req.channel.platform)?.checkChannel?.(req.channel);
  if (refusal) throw new UsageError(refusal);
  // Without tz:, the workspace's zone (read only once the request is valid, so a refusal records nothing).
  const tz = req.tz ?? (await zoneOf(deps, req.channel));
  const schedule = await deps.store.schedules.add({
    ...req.channel,
    cron,
    tz,
    packId: req.packId ?? null,
    difficulty: req.difficulty ?? null,
    paused: false,
    createdBy: req.by,
    createdAt: now,
    reactions: req.reactions ?? true,
  });
  deps.log.info('schedule.added', { ...where(req.channel), schedule: schedule.id, cron, tz });
  return schedule;
}

/**
 * The seconds field of a 6-field cron, else null. Only one fixed second is allowed: slots are keyed by
 * the minute, so a list, range or step of seconds would be accepted yet post once a minute.
 */
function secondsField(cron: string): string | null {
  const fields = cron.split(' ');
  return fields.length === 6 ? fields[0]! : null;
}

/** A schedule of this workspace, or a clear error. */
export async function scheduleIn(deps: TutorDeps, scope: Scope, id: number): Promise<Schedule> {
  const schedule = await deps.store.schedules.get(id);
  if (!schedule || schedule.platform !== scope.platform || schedule.workspace !== scope.workspace) {
    throw new NotFoundError(`There is no schedule #${id} in this workspace. See /quiz schedule list.`);
  }
  return schedule;
}
