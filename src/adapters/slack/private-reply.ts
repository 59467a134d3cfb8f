/** Private replies: an ephemeral message in the channel, or a DM when Slack cannot show one there. */
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../core/ports.ts';
import { logApiError } from './api-errors.ts';
import { context, type SlackMessage } from './blocks.ts';
import { channelLink } from './mrkdwn.ts';

/** Where a private reply goes. */
export interface PrivateTarget {
  workspace: string;
  channel: string;
  user: string;
}

/**
 * Sends `msg` only `to.user` can see: chat.postEphemeral in the channel; when that fails (the person
 * is not in the channel, the bot is not, the channel is gone) a DM via conversations.open, with a
 * line saying which channel it is about. Failures are logged, never thrown at a listener.
 */
export async function sendPrivate(client: webApi.WebClient, log: Logger, to: PrivateTarget, msg: SlackMessage): Promise<'ephemeral' | 'dm' | 'failed'> {
  const where = { workspace: to.workspace, channel: to.channel, user: to.user };
  try {
    await client.chat.postEphemeral({ channel: to.channel, user: to.user, text: msg.text, blocks: msg.blocks });
    return 'ephemeral';
  } catch (err) {
    logApiError(log, 'chat.postEphemeral', where, err, 'warn');
  }
  try {
    await sendDirect(client, to.user, msg, /^D/.test(to.channel) ? undefined : to.channel);
    return 'dm';
  } catch (err) {
    logApiError(log, 'chat.postMessage', { ...where, channel: 'dm' }, err);
    return 'failed';
  }
}

/** A DM from the bot (conversations.open, then chat.postMessage); `about` names the channel it concerns. Throws on failure. */
export async function sendDirect(client: webApi.WebClient, user: string, msg: SlackMessage, about?: string): Promise<void> {
  const opened = await client.conversations.open({ users: user });
  const dm = opened.channel?.id;
  if (!dm) throw new Error('conversations.open returned no channel');
  const intro = about ? [context(`About ${channelLink(about)}`)] : [];
  await client.chat.postMessage({ channel: dm, text: msg.text, blocks: [...intro, ...msg.blocks].slice(0, 50), unfurl_links: false });
}
