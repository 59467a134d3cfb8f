/** The ChatPort the core uses on Slack: post drops with buttons and reactions, reveal in the thread, vet channels. */
import { ChannelGoneError, RecipientUnreachableError } from '../../core/errors.ts';
import type { ChatPort, Logger } from '../../core/ports.ts';
import type { ChannelRef } from '../../core/types.ts';
import { CHANNEL_GONE, explainPostError, logApiError, WORKSPACE_GONE } from './api-errors.ts';
import { clientIn, type ClientSource } from './clients.ts';
import { groupMembers } from './admin.ts';
import { channelLink } from './mrkdwn.ts';
import { messageRef, OPTION_REACTIONS, parseMessageRef, PLATFORM } from './refs.ts';
import { UNREACHABLE, type Feedback } from './feedback.ts';
import { uploadFiles } from './files.ts';
import { closedDropMessage, dropMessage, renderView, revealMessage } from './render.ts';

/** What the port needs. */
export interface SlackChatOptions {
  /** Channel posts: one client, or the workspace's own (OAuth installs, looked up from the installation). */
  client: ClientSource;
  /** Per-person messages (the review reminder DM). */
  feedback: Feedback;
  log: Logger;
  /** Time zone for the fallback text of closing times. */
  tz: string;
  /** Runs work after the call returns, tracked so `stop()` waits for it. */
  background(work: () => Promise<unknown>): void;
}

/** Creates the Slack ChatPort. Errors carry a sentence fit for chat; the core records the drop as failed. */
export function createSlackChat({ client: source, feedback, log, tz, background }: SlackChatOptions): ChatPort {
  return {
    platform: PLATFORM,

    async postDrop(channel, view) {
      const msg = dropMessage(view, tz);
      let ts: string | undefined;
      let client;
      try {
        client = await clientIn(source, channel.workspace);
        const res = await client.chat.postMessage({ channel: channel.channel, text: msg.text, blocks: msg.blocks, unfurl_links: false, unfurl_media: false });
        ts = res.ts;
      } catch (err) {
        const code = logApiError(log, 'chat.postMessage', channel, err);
        const sentence = explainPostError(code, channel.channel);
        // Not installed any more, or the token is dead: no slot will work until someone reinstalls.
        if (WORKSPACE_GONE.has(code)) throw new ChannelGoneError(sentence, { immediate: true });
        // The core counts these; three in a row pause the schedule and tell its creator.
        if (CHANNEL_GONE.has(code)) throw new ChannelGoneError(sentence, { immediate: false });
        throw new Error(sentence);
      }
      if (!ts) throw new Error('Slack accepted the question but returned no message timestamp.');
      // Reactions off for this schedule: the drop does not invite them, so the bot does not add them.
      if (!view.reactions) return messageRef(channel.channel, ts);
      // The reactions are added after returning, so the core records the ref (and opens the drop) the
      // moment the message exists: a quick click or reaction must not find a drop still "posting".
      // In order, so they line up A, B, C, D; a failed one does not undo the post.
      const reacting = client;
      background(async () => {
        for (const name of OPTION_REACTIONS.slice(0, view.options.length)) {
          try {
            await reacting.reactions.add({ channel: channel.channel, timestamp: ts, name });
          } catch (err) {
            logApiError(log, 'reactions.add', channel, err, 'warn');
          }
        }
      });
      return messageRef(channel.channel, ts);
    },

    async postReveal(drop, view, files) {
      const ref = parseMessageRef(drop.messageRef);
      if (!ref) throw new Error(`drop ${drop.id} has no Slack message to reveal under`);
      const failures: string[] = [];
      const reveal = revealMessage(view);
      let client;
      try {
        client = await clientIn(source, drop.workspace);
      } catch (err) {
        throw new Error(`Slack refused the reveal (${logApiError(log, 'chat.postMessage', drop, err)})`);
      }
      try {
        await client.chat.postMessage({ channel: ref.channel, thread_ts: ref.ts, text: reveal.text, blocks: reveal.blocks, unfurl_links: false });
        // The chart goes under the reveal in the thread; without files:write it stays out and the text is enough.
        if (files?.length) await uploadFiles(client, log, drop, { channel: ref.channel, threadTs: ref.ts }, files);
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

    /** Any view in a channel (the weekly summary), then its files; a refused upload leaves the text alone. */
    async postView(channel, view, files) {
      const msg = renderView(view, { tz });
      let client;
      try {
        client = await clientIn(source, channel.workspace);
        await client.chat.postMessage({ channel: channel.channel, text: msg.text, blocks: msg.blocks, unfurl_links: false, unfurl_media: false });
      } catch (err) {
        const code = logApiError(log, 'chat.postMessage', channel, err);
        const sentence = explainPostError(code, channel.channel);
        if (CHANNEL_GONE.has(code)) throw new ChannelGoneError(sentence, { immediate: false });
        throw new Error(sentence);
      }
      if (files?.length) await uploadFiles(client, log, channel, { channel: channel.channel }, files);
    },

    /** A DM the core starts itself (the daily review reminder). Throws so the core logs the failure. */
    async sendPrivate(scope, userId, view) {
      try {
        await feedback.direct(scope.workspace, userId, renderView(view, { tz }));
      } catch (err) {
        const code = logApiError(log, 'chat.postMessage', { workspace: scope.workspace, user: userId, channel: 'dm' }, err);
        // Deactivated or invisible: the core turns the reminder off instead of failing every day.
        if (UNREACHABLE.has(code)) throw new RecipientUnreachableError(`Slack cannot deliver a direct message to this person (${code}).`);
        throw new Error(`Slack refused the direct message (${code})`);
      }
    },

    /**
     * Asks conversations.info whether the bot is a member, rather than posting a test message: it
     * changes nothing in the channel and costs one read. DMs and group DMs are refused outright (the
     * manifest has no im:read / mpim:read, and a schedule there would fail every day), and so is a
     * missing scope. Any other failure lets the schedule through (its posts are logged and recorded if
     * they fail) so a hiccup at Slack does not block an admin.
     */
    /** The admin user group must exist and be readable (usergroups:read), else nobody could be checked against it. */
    async checkAdminGroup(scope, group) {
      if (!/^S[A-Z0-9]{2,}$/.test(group)) return `"${group.slice(0, 30)}" is not a user group. Mention it, such as admins:@tutors (Slack turns the mention into the group's id).`;
      const found = await groupMembers(await clientIn(source, scope.workspace), undefined, log, scope.workspace, group);
      return 'problem' in found ? found.problem : null;
    },

    async checkChannel(channel: ChannelRef) {
      const where = channelLink(channel.channel);
      const dmRefusal = 'Schedules and questions go into channels, not direct messages or group DMs. Run the command in a channel with @Stepwise in it, or name one: `channel:#quiz`.';
      if (/^D/.test(channel.channel)) return dmRefusal;
      try {
        const client = await clientIn(source, channel.workspace);
        const res = await client.conversations.info({ channel: channel.channel });
        const c = res.channel;
        if (c?.is_im || c?.is_mpim) return dmRefusal;
        if (c?.is_archived) return `${where} is archived; pick another channel.`;
        if (c?.is_member) return null;
        return `Stepwise is not in ${where}: invite @Stepwise to ${where} (type /invite @Stepwise there), then add the schedule again.`;
      } catch (err) {
        const code = logApiError(log, 'conversations.info', channel, err, 'warn');
        if (code === 'channel_not_found') {
          return `Stepwise cannot see ${where}. If it is a private channel, invite @Stepwise to ${where} first, then add the schedule again.`;
        }
        // conversations.info in a group DM needs mpim:read, which the app does not ask for.
        if (code === 'missing_scope') return `Stepwise cannot check ${where} (Slack: missing_scope). ${dmRefusal}`;
        return null;
      }
    },
  };
}
