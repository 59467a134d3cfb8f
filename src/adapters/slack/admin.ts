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

/** Resolves Slack users to core actors. */
export function createActors(opts: ActorsOptions) {
  const ttl = opts.ttlMs ?? PROFILE_TTL_MS;
  // The promise is cached, so concurrent events from one person cost one users.info call.
  const cache = new Map<string, { at: number; profile: Promise<Profile | undefined> }>();
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
      const res = await (opts.queue ? opts.queue.run('users.info', call) : call());
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
        const res = await (opts.queue ? opts.queue.run('users.info', call) : call());
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
    async actor(workspace: string, userId: string, fallbackName?: string, needsAdmin = true): Promise<Actor> {
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
      return {
        id: userId,
        name: profile?.name ?? names.get(key) ?? fallbackName ?? userId,
        isAdmin: opts.admins.includes(userId) || Boolean(profile?.isAdmin),
      };
    },
  };
}

/** The actor lookup. */
export type Actors = ReturnType<typeof createActors>;
