/** The ChatPort the core uses on Slack: post drops with buttons and reactions, reveal in the thread, vet channels. */
import type { webApi } from '@slack/bolt';
import type { ChatPort, Logger } from '../../core/ports.ts';
import type { ChannelRef } from '../../core/types.ts';
import { explainPostError, logApiError } from './api-errors.ts';
import { channelLink } from './mrkdwn.ts';
import { messageRef, OPTION_REACTIONS, parseMessageRef, PLATFORM } from './refs.ts';
import type { Feedback } from './feedback.ts';
import { closedDropMessage, dropMessage, renderView, revealMessage } from './render.ts';

/** What the port needs. */
export interface SlackChatOptions {
  /** Channel posts. */
  client: webApi.WebClient;
  /** Per-person messages (the review reminder DM). */
  feedback: Feedback;
  log: Logger;
  /** Time zone for the fallback text of closing times. */
  tz: string;
  /** Runs work after the call returns, tracked so `stop()` waits for it. */
  background(work: () => Promise<unknown>): void;
}

/** Creates the Slack ChatPort. Errors carry a sentence fit for chat; the core records the drop as failed. */
export function createSlackChat({ client, feedback, log, tz, background }: SlackChatOptions): ChatPort {
  return {
    platform: PLATFORM,

    async postDrop(channel, view) {
      const msg = dropMessage(view, tz);
      let ts: string | undefined;
      try {
        const res = await client.chat.postMessage({ channel: channel.channel, text: msg.text, blocks: msg.blocks, unfurl_links: false, unfurl_media: false });
        ts = res.ts;
      } catch (err) {
        throw new Error(explainPostError(logApiError(log, 'chat.postMessage', channel, err), channel.channel));
      }
      if (!ts) throw new Error('Slack accepted the question but returned no message timestamp.');
      // The reactions are added after returning, so the core records the ref (and opens the drop) the
      // moment the message exists: a quick click or reaction must not find a drop still "posting".
      // In order, so they line up A, B, C, D; a failed one does not undo the post.
      background(async () => {
        for (const name of OPTION_REACTIONS.slice(0, view.options.length)) {
          try {
            await client.reactions.add({ channel: channel.channel, timestamp: ts, name });
          } catch (err) {
            logApiError(log, 'reactions.add', channel, err, 'warn');
          }
        }
      });
      return messageRef(channel.channel, ts);
    },

    async postReveal(drop, view) {
      const ref = parseMessageRef(drop.messageRef);
      if (!ref) throw new Error(`drop ${drop.id} has no Slack message to reveal under`);
      const failures: string[] = [];
      const reveal = revealMessage(view);
      try {
        await client.chat.postMessage({ channel: ref.channel, thread_ts: ref.ts, text: reveal.text, blocks: reveal.blocks, unfurl_links: false });
      } catch (err) {
        failures.push(`thread reply: ${logApiError(log, 'chat.postMessage', drop, err)}`);
      }
      const closed = closedDropMessage(view);
      try {
        await client.chat.update({ channel: ref.channel, ts: ref.ts, text: closed.text, blocks: closed.blocks });
      } catch (err) {
        failures.push(`update: ${logApiError(log, 'chat.update', drop, err)}`);
      }
      if (failures.length) throw new Error(`Slack refused the reveal (${failures.join(', ')})`);
    },

    /** A DM the core starts itself (the daily review reminder). Throws so the core logs the failure. */
    async sendPrivate(scope, userId, view) {
      try {
        await feedback.direct(scope.workspace, userId, renderView(view, { tz }));
      } catch (err) {
        throw new Error(`Slack refused the direct message (${logApiError(log, 'chat.postMessage', { workspace: scope.workspace, user: userId, channel: 'dm' }, err)})`);
      }
    },

    /**
     * Asks conversations.info whether the bot is a member, rather than posting a test message: it
     * changes nothing in the channel and costs one read. Only a clear "not a member" or "cannot see
     * it" refuses; any other failure lets the schedule through (its posts are logged and recorded if
     * they fail) so a hiccup at Slack does not block an admin.
     */
    async checkChannel(channel: ChannelRef) {
      const where = channelLink(channel.channel);
      try {
        const res = await client.conversations.info({ channel: channel.channel });
        const c = res.channel;
        if (c?.is_im || c?.is_member) return null;
        if (c?.is_archived) return `${where} is archived; pick another channel.`;
        return `Stepwise is not in ${where}: invite @Stepwise to ${where} (type /invite @Stepwise there), then add the schedule again.`;
      } catch (err) {
        const code = logApiError(log, 'conversations.info', channel, err, 'warn');
        if (code === 'channel_not_found') {
          return `Stepwise cannot see ${where}. If it is a private channel, invite @Stepwise to ${where} first, then add the schedule again.`;
        }
        return null;
      }
    },
  };
}
