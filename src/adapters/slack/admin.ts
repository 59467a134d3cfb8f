/**
 * Who is acting. The answer path never calls Slack: it uses the name the payload carries (or one
 * learnt before). users.info runs only where admin rights matter (admin commands), paced by the
 * call queue and cached a few minutes; it also teaches the display name for later answers.
 */
import type { webApi } from '@slack/bolt';
import type { Clock, Logger } from '../../core/ports.ts';
import type { Actor } from '../../core/types.ts';
import { logApiError } from './api-errors.ts';
import type { CallQueue } from './call-queue.ts';
import { clientIn, type ClientSource } from './clients.ts';

/** How long a users.info answer is trusted: a demoted admin loses rights within this. */
export const PROFILE_TTL_MS = 5 * 60_000;

/** Names remembered per workspace; beyond this the oldest are forgotten (a name is only a label). */
const MAX_NAMES = 50_000;

interface Profile {
  name: string;
  isAdmin: boolean;
}

/** What the actor lookup needs. */
export interface ActorsOptions {
  /** One client, or the workspace's own (OAuth installs). */
  client: ClientSource;
  /** Paces users.info (Tier 4); without it calls go straight out. */
  queue?: CallQueue;
  /** User ids that are admins whatever Slack says (STEPWISE_ADMINS). */
  admins: readonly string[];
  clock: Clock;
  log: Logger;
  ttlMs?: number;
}

/** The user's display name as Slack shows it: display name, else real name, else handle. */
export function displayName(user: webApi.UsersInfoResponse['user']): string | undefined {
  return user?.profile?.display_name || user?.profile?.real_name || user?.real_name || user?.name || undefined;
}

/**
 * Admin rights from a users.info user: workspace admins and owners, and on Enterprise Grid the org's
 * admins and owners (`enterprise_user.is_admin` / `is_owner`, docs.slack.dev/reference/objects/user-object).
 */
export function isSlackAdmin(user: webApi.UsersInfoResponse['user']): boolean {
  return Boolean(user?.is_admin || user?.is_owner || user?.enterprise_user?.is_admin || user?.enterprise_user?.is_owner);
}

/** What an admin is told when the app cannot read user groups: the scope to add, and where. */
export const MISSING_USERGROUPS_SCOPE =
  'Stepwise cannot check the admin user group: the Slack app lacks the usergroups:read scope. Add usergroups:read under OAuth & Permissions → Bot Token Scopes (it is in slack/manifest.yml) and reinstall the app to the workspace.';

/** Why a user group cannot be the admin group (or be checked), in a sentence for the admin; from Slack's error code. */
export function explainGroupError(code: string, group: string): string {
  switch (code) {
    case 'missing_scope':
      return MISSING_USERGROUPS_SCOPE;
    case 'no_such_subteam':
    case 'invalid_arguments':
      return `There is no user group ${group} in this workspace. Mention the group, such as admins:@tutors.`;
    case 'plan_upgrade_required':
      return 'This Slack workspace has no user groups (they need a paid plan), so there is no group to check.';
    default:
      return `Slack could not say who is in the user group ${group} (${code}). Try again in a minute.`;
  }
}

/** The members of a user group, or why they cannot be known. */
export type GroupMembers = { members: ReadonlySet<string> } | { problem: string };

/** Asks usergroups.users.list (paced by the queue when there is one). */
export async function groupMembers(client: webApi.WebClient, queue: CallQueue | undefined, log: Logger, workspace: string, group: string): Promise<GroupMembers> {
  try {
    const call = () => client.usergroups.users.list({ usergroup: group });
    const res = await (queue ? queue.run(workspace, 'usergroups.users.list', call) : call());
    return { members: new Set(res.users ?? []) };
  } catch (err) {
    return { problem: explainGroupError(logApiError(log, 'usergroups.users.list', { workspace }, err, 'warn'), group) };
  }
}

/** Resolves Slack users to core actors. */
export function createActors(opts: ActorsOptions) {
  const ttl = opts.ttlMs ?? PROFILE_TTL_MS;
  // The promise is cached, so concurrent events from one person cost one users.info call.
  const cache = new Map<string, { at: number; profile: Promise<Profile | undefined> }>();
  // Members of each workspace's admin user group, trusted as long as a profile.
  const groups = new Map<string, { at: number; members: Promise<GroupMembers> }>();

  function membersOf(workspace: string, group: string): Promise<GroupMembers> {
    const key = `${workspace}:${group}`;
    const now = opts.clock.now();
    let entry = groups.get(key);
    if (!entry || now - entry.at >= ttl) {
      entry = { at: now, members: clientIn(opts.client, workspace).then((client) => groupMembers(client, opts.queue, opts.log, workspace, group)) };
      groups.set(key, entry);
      // A failure is not remembered: the next admin command asks again (after the scope is added, say).
      void entry.members.then((m) => ('problem' in m && groups.get(key) === entry ? groups.delete(key) : undefined));
    }
    return entry.members;
  }
  const names = new Map<string, string>();
  // People known to be human (they clicked or typed) or bots; a reaction from anyone else is looked up once.
  const kinds = new Map<string, 'human' | 'bot'>();

  function remember(key: string, name: string | undefined): void {
    if (!name || names.get(key) === name) return;
    names.delete(key);
    names.set(key, name);
    if (names.size > MAX_NAMES) names.delete(names.keys().next().value!);
  }

  async function fetchProfile(workspace: string, userId: string): Promise<Profile | undefined> {
    try {
      const client = await clientIn(opts.client, workspace);
      const call = () => client.users.info({ user: userId });
      const res = await (opts.queue ? opts.queue.run(workspace, 'users.info', call) : call());
      const name = displayName(res.user);
      remember(`${workspace}:${userId}`, name);
      return { name: name ?? userId, isAdmin: isSlackAdmin(res.user) };
    } catch (err) {
      logApiError(opts.log, 'users.info', { workspace, user: userId }, err, 'warn');
      return undefined;
    }
  }

  return {
    /**
     * The actor for an answer: no Web API call. The name is the display name learnt earlier, else the
     * name the payload carries, else the id; admin rights do not matter for answering.
     */
    answerer(workspace: string, userId: string, payloadName?: string): Actor {
      const key = `${workspace}:${userId}`;
      if (!names.has(key)) remember(key, payloadName);
      if (payloadName !== undefined) kinds.set(key, 'human');
      return { id: userId, name: names.get(key) ?? userId, isAdmin: opts.admins.includes(userId) };
    },

    /**
     * Whether a reactor is a bot. reaction_added carries no is_bot, so someone never seen clicking or
     * typing costs one users.info (paced, remembered for good; it also teaches their display name).
     * When Slack cannot say, they count as a person.
     */
    async isBot(workspace: string, userId: string): Promise<boolean> {
      const key = `${workspace}:${userId}`;
      const known = kinds.get(key);
      if (known) return known === 'bot';
      try {
        const client = await clientIn(opts.client, workspace);
        const call = () => client.users.info({ user: userId });
        const res = await (opts.queue ? opts.queue.run(workspace, 'users.info', call) : call());
        remember(key, displayName(res.user));
        const kind = res.user?.is_bot || res.user?.is_app_user ? 'bot' : 'human';
        kinds.set(key, kind);
        return kind === 'bot';
      } catch (err) {
        logApiError(opts.log, 'users.info', { workspace, user: userId }, err, 'warn');
        return false;
      }
    },

    /**
     * The actor for a command. `needsAdmin` false (most commands): like an answer, no call. True: asks
     * users.info (cached, paced) unless STEPWISE_ADMINS already says so; when Slack cannot say, the
     * fallback name and STEPWISE_ADMINS alone decide.
     */
    async actor(workspace: string, userId: string, fallbackName?: string, needsAdmin = true, adminGroup: string | null = null): Promise<Actor & { groupProblem?: string }> {
      if (!needsAdmin || opts.admins.includes(userId)) return this.answerer(workspace, userId, fallbackName);
      const key = `${workspace}:${userId}`;
      const now = opts.clock.now();
      let entry = cache.get(key);
      if (!entry || now - entry.at >= ttl) {
        entry = { at: now, profile: fetchProfile(workspace, userId) };
        cache.set(key, entry);
      }
      const profile = await entry.profile;
      if (!profile) cache.delete(key); // a failure is not remembered: the next event asks again
      const actor = {
        id: userId,
        name: profile?.name ?? names.get(key) ?? fallbackName ?? userId,
        isAdmin: opts.admins.includes(userId) || Boolean(profile?.isAdmin),
      };
      // The workspace's admin user group (`/quiz settings admins:`), asked only for someone not already an admin.
      if (actor.isAdmin || !adminGroup) return actor;
      const group = await membersOf(workspace, adminGroup);
      return 'problem' in group ? { ...actor, groupProblem: group.problem } : { ...actor, isAdmin: group.members.has(userId) };
    },
  };
}

/** The actor lookup. */
export type Actors = ReturnType<typeof createActors>;
