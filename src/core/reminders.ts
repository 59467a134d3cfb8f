/** Opt-in daily review reminders, in each person's own time zone, at most one a day. */
import { reasonOf, where, type TutorDeps } from './deps.ts';
import { RecipientUnreachableError, UsageError } from './errors.ts';
import { nextReview } from './review.ts';
import { isValidTimeZone, zonedParts } from './time.ts';
import type { Scope } from './types.ts';
import { zoneOf } from './zones.ts';

/** "09:30" → minute of the day, or a UsageError. */
export function parseClock(text: string): number {
  const m = /^([01]?\d|2[0-3])[:.h]([0-5]\d)$/.exec(text.trim());
  if (!m) throw new UsageError(`"${text.slice(0, 20)}" is not a time of day. Use 24-hour HH:MM, such as 09:00 or 17:30.`);
  return Number(m[1]) * 60 + Number(m[2]);
}

const clock = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** Turns the daily reminder on at `time`, in the person's zone (or the workspace's). */
export async function setDaily(deps: TutorDeps, scope: Scope, userId: string, time: string): Promise<string> {
  const minute = parseClock(time);
  await deps.store.reminders.setTime(scope, userId, minute);
  const tz = (await deps.store.reminders.get(scope, userId))?.tz ?? (await zoneOf(deps, scope));
  return `Daily review reminder set for ${clock(minute)} (${tz}). Change the zone with /quiz review tz <zone>; stop with /quiz review off.`;
}

/** Turns reminders off (the zone is kept). */
export async function setOff(deps: TutorDeps, scope: Scope, userId: string): Promise<string> {
  await deps.store.reminders.setTime(scope, userId, null);
  return 'Daily review reminders are off. /quiz review still works any time.';
}

/** Sets the person's zone for reminders. */
export async function setZone(deps: TutorDeps, scope: Scope, userId: string, tz: string): Promise<string> {
  if (!isValidTimeZone(tz)) throw new UsageError(`"${tz.slice(0, 60)}" is not a time zone. Use an IANA name such as Europe/Berlin.`);
  await deps.store.reminders.setZone(scope, userId, tz);
  const r = await deps.store.reminders.get(scope, userId);
  return `Your review time zone is ${tz}.${r?.atMinute != null ? ` Reminder at ${clock(r.atMinute)} there.` : ''}`;
}

/**
 * Sends every reminder whose local time has come today and was not sent today, privately through the
 * person's platform. Claiming the day before sending makes it at most once a day across restarts and processes.
 */
export async function sendDueReminders(deps: TutorDeps, now: number): Promise<number> {
  let sent = 0;
  // A person without a zone of their own follows the workspace's, read once per workspace per sweep.
  const zones = new Map<string, Promise<string>>();
  const workspaceZone = (s: Scope) => {
    const key = `${s.platform}\u0000${s.workspace}`;
    if (!zones.has(key)) zones.set(key, zoneOf(deps, s));
    return zones.get(key)!;
  };
  for (const r of await deps.store.reminders.active()) {
    const chat = deps.chat(r.platform);
    if (r.atMinute === null || !chat?.sendPrivate) continue;
    const tz = r.tz ?? (await workspaceZone(r));
    const p = zonedParts(now, tz);
    if (p.hour * 60 + p.minute < r.atMinute) continue;
    const today = `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
    if (r.lastSent !== null && r.lastSent >= today) continue;
    if (!await deps.store.reminders.claim(r, r.userId, today)) continue;
    const reply = await nextReview(deps, r, { id: r.userId, name: r.userId, isAdmin: false }, now);
    if (reply.view.kind !== 'review') continue; // nothing due today: stay quiet
    try {
      await chat.sendPrivate(r, r.userId, { ...reply.view, reminder: true });
      sent += 1;
      deps.log.info('reminder.sent', { ...where(r), user: r.userId, due: reply.view.dueAfter + 1 });
    } catch (err) {
      if (err instanceof RecipientUnreachableError) {
        // Trying again tomorrow would fail again (and on Discord every refusal counts against the bot).
        await deps.store.reminders.setTime(r, r.userId, null);
        await deps.store.reminders.setNotice(r, r.userId, UNREACHABLE_NOTICE);
        deps.log.warn('reminder.turned_off', { ...where(r), user: r.userId, reason: reasonOf(err) });
      } else {
        deps.log.error('reminder.failed', { ...where(r), user: r.userId, reason: reasonOf(err) });
      }
    }
  }
  return sent;
}

const UNREACHABLE_NOTICE =
  'Your daily review reminder could not reach you (your direct messages seem closed to the bot), so it is off. ' +
  'Open your DMs and turn it on again with /quiz review daily <HH:MM>.';

/** The message waiting for a person, if any; shown once. */
export async function takeNotice(deps: TutorDeps, scope: Scope, userId: string): Promise<string | undefined> {
  const notice = (await deps.store.reminders.get(scope, userId))?.notice ?? undefined;
  if (notice) await deps.store.reminders.setNotice(scope, userId, null);
  return notice ?? undefined;
}
