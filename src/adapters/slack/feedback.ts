/**
 * Per-person messages (ephemeral replies and DMs) on their own WebClient and call queue, apart from
 * channel posts: a 429 here pauses only the method that met it, never a drop or a reveal.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../core/ports.ts';
import { logApiError, slackErrorCode } from './api-errors.ts';
import { context, type SlackMessage } from './blocks.ts';
import type { CallQueue } from './call-queue.ts';
import { clientIn, type ClientSource } from './clients.ts';
import { channelLink } from './mrkdwn.ts';

/** Where a private reply goes. */
export interface PrivateTarget {
  workspace: string;
  channel: string;
  user: string;
}

/** What the feedback sender needs: a client that rejects 429s (`rejectRateLimitedCalls`) and the queue that waits them out. */
export interface FeedbackOptions {
  /** One client, or the workspace's own (OAuth installs). */
  client: ClientSource;
  queue: CallQueue;
  log: Logger;
}

/** Codes that mean the person cannot be messaged at all (deactivated, or not visible to the app). */
export const UNREACHABLE = new Set(['user_disabled', 'user_not_found', 'user_not_visible', 'cannot_dm_bot', 'account_inactive']);

/** Creates the feedback sender; DM channel ids are cached, so a person's second DM skips conversations.open. */
export function createFeedback({ client, queue, log }: FeedbackOptions) {
  const dms = new Map<string, string>();

  async function dmChannel(workspace: string, user: string): Promise<string> {
    const key = `${workspace}:${user}`;
    const cached = dms.get(key);
    if (cached) return cached;
    const c = await clientIn(client, workspace);
    const opened = await queue.run(workspace, 'conversations.open', () => c.conversations.open({ users: user }));
    const id = opened.channel?.id;
    if (!id) throw new Error('conversations.open returned no channel');
    dms.set(key, id);
    return id;
  }

  /** A DM from the bot; `about` names the channel it concerns. Throws on failure. */
  async function direct(workspace: string, user: string, msg: SlackMessage, about?: string): Promise<void> {
    const channel = await dmChannel(workspace, user);
    const c = await clientIn(client, workspace);
    const intro = about ? [context(`About ${channelLink(about)}`)] : [];
    try {
      await queue.run(workspace, 'chat.postMessage', () => c.chat.postMessage({ channel, text: msg.text, blocks: [...intro, ...msg.blocks].slice(0, 50), unfurl_links: false }));
    } catch (err) {
      // A cached DM that stopped working is opened afresh next time.
      if (slackErrorCode(err) === 'channel_not_found') dms.delete(`${workspace}:${user}`);
      throw err;
    }
  }

  return {
    direct,
    /** The bot's DM channel with `user` (conversations.open, cached): where a private download goes. */
    dmChannel,

    /**
     * Sends `msg` only `to.user` can see: chat.postEphemeral in the channel; when that fails (the person
     * or the bot is not in the channel, the channel is gone) a DM saying which channel it is about.
     * Failures are logged, never thrown at a listener.
     */
    async privately(to: PrivateTarget, msg: SlackMessage): Promise<'ephemeral' | 'dm' | 'failed'> {
      const where = { workspace: to.workspace, channel: to.channel, user: to.user };
      try {
        const c = await clientIn(client, to.workspace);
        await queue.run(to.workspace, 'chat.postEphemeral', () => c.chat.postEphemeral({ channel: to.channel, user: to.user, text: msg.text, blocks: msg.blocks }));
        return 'ephemeral';
      } catch (err) {
        logApiError(log, 'chat.postEphemeral', where, err, 'warn');
      }
      try {
        await direct(to.workspace, to.user, msg, /^D/.test(to.channel) ? undefined : to.channel);
        return 'dm';
      } catch (err) {
        logApiError(log, 'chat.postMessage', { ...where, channel: 'dm' }, err);
        return 'failed';
      }
    },

    /** Publishes a person's App Home (views.publish, Tier 4), paced with the other per-person calls. */
    async publishHome(workspace: string, user: string, view: Parameters<webApi.WebClient['views']['publish']>[0]['view']): Promise<void> {
      const c = await clientIn(client, workspace);
      await queue.run(workspace, 'views.publish', () => c.views.publish({ user_id: user, view }));
    },

    /** DM channel ids known (for tests and logs). */
    get cachedDms(): number {
      return dms.size;
    },
  };
}

/** The feedback sender. */
export type Feedback = ReturnType<typeof createFeedback>;
