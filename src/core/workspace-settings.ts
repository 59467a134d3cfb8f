/**
 * A workspace's settings: its zone, how long a question stays open, who counts as admin besides the
 * platform's own admins, and whether reactions count as answers. The environment gives the defaults;
 * `/quiz settings` changes them for one workspace.
 */
import { where, type TutorDeps } from './deps.ts';
import { UsageError } from './errors.ts';
import type { WorkspaceOptions } from './ports.ts';
import { durationMs, isValidTimeZone, showDuration } from './time.ts';
import type { Scope } from './types.ts';
import { setWorkspaceZone, zoneOf } from './zones.ts';

/** Shortest and longest window a question may stay open (the bounds STEPWISE_WINDOW has too). */
export const WINDOW_MIN_MS = 60_000;
export const WINDOW_MAX_MS = 30 * 86_400_000;

/** A workspace's settings in force: its own where it chose, the process defaults elsewhere. */
export interface WorkspaceSettings {
  tz: string;
  windowMs: number;
  reactions: boolean;
  /** A Discord role id, Slack user group id or terminal name whose members are admins too; null: none. */
  adminGroup: string | null;
  /** Which of the above follow the defaults (the workspace never chose). */
  defaults: { windowMs: boolean; reactions: boolean };
}

/** Settings that `reset` puts back to the default. */
export const RESETTABLE = ['window', 'admins', 'reactions'] as const;

/** A change as typed: each field optional, validated here before anything is stored. */
export interface SettingsChange {
  tz?: string;
  window?: string;
  admins?: string;
  reactions?: 'on' | 'off';
  reset?: (typeof RESETTABLE)[number];
}

/** The settings in force in a workspace (two reads, sent together). */
export async function settingsOf(deps: TutorDeps, scope: Scope): Promise<WorkspaceSettings> {
  const [tz, own] = await Promise.all([zoneOf(deps, scope), deps.store.workspaces.options(scope)]);
  return {
    tz,
    windowMs: own.windowMs ?? deps.settings.windowMs,
    reactions: own.reactions ?? deps.settings.reactions ?? true,
    adminGroup: own.adminGroup,
    defaults: { windowMs: own.windowMs === null, reactions: own.reactions === null },
  };
}

/** A window as typed ("30m", "2h", "3d"), within the allowed range, or a UsageError naming the range. */
export function parseWindow(raw: string): number {
  const range = `between ${showDuration(WINDOW_MIN_MS)} and ${showDuration(WINDOW_MAX_MS)}`;
  const ms = durationMs(raw);
  if (ms === undefined) throw new UsageError(`"${raw.slice(0, 30)}" is not a duration. Give the window ${range}, such as 30m, 2h or 3d.`);
  if (ms < WINDOW_MIN_MS || ms > WINDOW_MAX_MS) throw new UsageError(`A question can stay open ${range}; ${showDuration(ms)} is outside that. Nothing was changed.`);
  return ms;
}

/** An admin group as typed: at most 64 characters, no spaces or angle brackets (the adapter gives an id or name). */
function parseGroup(raw: string): string {
  const group = raw.trim();
  if (!/^[^\s<>]{1,64}$/.test(group)) throw new UsageError(`"${group.slice(0, 30)}" is not a role, user group or name. Nothing was changed.`);
  return group;
}

/**
 * Validates every part of `change` first, so a bad value changes nothing; then stores it. The platform
 * may refuse an admin group it cannot check (a Slack app without usergroups:read, an unknown group).
 * Returns what changed, in a sentence.
 */
export async function changeSettings(deps: TutorDeps, scope: Scope, change: SettingsChange): Promise<string> {
  if (change.tz !== undefined && !isValidTimeZone(change.tz)) {
    throw new UsageError(`"${change.tz.slice(0, 60)}" is not a time zone. Use an IANA name such as Europe/Berlin or America/New_York. Nothing was changed.`);
  }
  const options: Partial<WorkspaceOptions> = {};
  const said: string[] = [];
  if (change.window !== undefined) {
    options.windowMs = parseWindow(change.window);
    said.push(`Questions now stay open ${showDuration(options.windowMs)} (from the next question).`);
  }
  if (change.reactions !== undefined) {
    options.reactions = change.reactions === 'on';
    said.push(
      options.reactions
        ? 'Reactions count as answers again (from the next question; a schedule set to reactions:off keeps them off).'
        : 'Reactions no longer count as answers: from the next question, people answer with the buttons or /quiz answer, privately.',
    );
  }
  if (change.admins !== undefined) {
    const group = parseGroup(change.admins);
    const refusal = await deps.chat(scope.platform)?.checkAdminGroup?.(scope, group);
    if (refusal) throw new UsageError(`${refusal} Nothing was changed.`);
    options.adminGroup = group;
    said.push(`Members of ${group} are now admins here too.`);
  }
  if (change.reset !== undefined) {
    if (change.reset === 'window' && options.windowMs === undefined) options.windowMs = null;
    else if (change.reset === 'admins' && options.adminGroup === undefined) options.adminGroup = null;
    else if (change.reset === 'reactions' && options.reactions === undefined) options.reactions = null;
    else throw new UsageError(`Set ${change.reset} or reset it, not both at once. Nothing was changed.`);
    said.push(`The ${change.reset} setting follows the default again.`);
  }
  if (Object.keys(options).length > 0) {
    await deps.store.workspaces.setOptions(scope, options, deps.settings.tz);
    deps.log.info('workspace.settings_changed', { ...where(scope), ...options });
  }
  if (change.tz !== undefined) said.unshift(await setWorkspaceZone(deps, scope, change.tz));
  return said.join('\n');
}

/** The settings as a short private message, with how to change them. */
export function describeSettings(s: WorkspaceSettings): string {
  const dflt = (yes: boolean) => (yes ? ' (the default)' : '');
  return [
    'Settings for this workspace:',
    `• Time zone: ${s.tz} (leaderboard weeks start Monday 00:00 there; times in replies use it)`,
    `• Questions stay open: ${showDuration(s.windowMs)}${dflt(s.defaults.windowMs)}`,
    `• Admins: the platform's own admins${s.adminGroup ? `, and members of ${s.adminGroup}` : ''}`,
    `• Reactions count as answers: ${s.reactions ? 'on' : 'off'}${dflt(s.defaults.reactions)}`,
    `Change with /quiz settings tz:<zone> window:<${showDuration(WINDOW_MIN_MS)}-${showDuration(WINDOW_MAX_MS)}> admins:<group> reactions:on|off, or reset:window|admins|reactions.`,
  ].join('\n');
}
