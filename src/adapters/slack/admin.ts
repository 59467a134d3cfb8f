/** Who is acting: name and admin rights from users.info (cached a few minutes) plus STEPWISE_ADMINS. */
import type { webApi } from '@slack/bolt';
import type { Clock, Logger } from '../../core/ports.ts';
import type { Actor } from '../../core/types.ts';
import { logApiError } from './api-errors.ts';

/** How long a users.info answer is trusted: a demoted admin loses rights within this. */
export const PROFILE_TTL_MS = 5 * 60_000;

interface Profile {
  name: string;
  isAdmin: boolean;
}

/** What the actor lookup needs. */
export interface ActorsOptions {
  client: webApi.WebClient;
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

/** Resolves Slack users to core actors; workspace admins and owners are Stepwise admins. */
export function createActors(opts: ActorsOptions) {
  const ttl = opts.ttlMs ?? PROFILE_TTL_MS;
  // The promise is cached, so concurrent events from one person cost one users.info call.
  const cache = new Map<string, { at: number; profile: Promise<Profile | undefined> }>();

  async function fetchProfile(workspace: string, userId: string): Promise<Profile | undefined> {
    try {
      const res = await opts.client.users.info({ user: userId });
      const name = displayName(res.user);
      return { name: name ?? userId, isAdmin: Boolean(res.user?.is_admin || res.user?.is_owner) };
    } catch (err) {
      logApiError(opts.log, 'users.info', { workspace, user: userId }, err, 'warn');
      return undefined;
    }
  }

  return {
    /** The actor for `userId`; when Slack cannot say, the fallback name and STEPWISE_ADMINS alone decide. */
    async actor(workspace: string, userId: string, fallbackName?: string): Promise<Actor> {
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
        name: profile?.name ?? fallbackName ?? userId,
        isAdmin: opts.admins.includes(userId) || Boolean(profile?.isAdmin),
      };
    },
  };
}

/** The actor lookup. */
export type Actors = ReturnType<typeof createActors>;
