import { randomBytes } from 'node:crypto';
import { IDS } from './workspace.ts';

// Shapes follow Slack's docs (slash commands, block_actions payload, Events API wrapper,
// reaction_added, app_home_opened, url_verification) and Bolt 5.1's own types
// (SlashCommand, BlockAction, EnvelopedEvent). Every id defaults to the default workspace (IDS).

/** The deprecated verification token Slack still puts in every payload (Bolt ignores it). */
export const VERIFICATION_TOKEN = 'fakeVerificationToken0001';

let counter = 0;
/** A Slack-style "seconds.micros" string near now, for action_ts / event_ts. */
export function slackTsNow(): string {
  counter = (counter + 1) % 1000;
  const ms = Date.now();
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000 + counter).padStart(6, '0')}`;
}

/** A trigger_id shaped like Slack's (`<digits>.<digits>.<hex>`). */
export function triggerId(): string {
  return `${Date.now()}.${Math.floor(Math.random() * 1e9)}.${randomBytes(16).toString('hex')}`;
}

/** Fields of a slash command; anything omitted takes the default workspace's value. */
export interface SlashCommandOptions {
  text?: string;
  command?: string;
  userId?: string;
  userName?: string;
  channelId?: string;
  channelName?: string;
  teamId?: string;
  teamDomain?: string;
  enterpriseId?: string;
  enterpriseName?: string;
  apiAppId?: string;
  responseUrl?: string;
  triggerId?: string;
}

/** The form fields Slack POSTs for a slash command (all strings, as on the wire). */
export function slashCommand(o: SlashCommandOptions = {}): Record<string, string> {
  const teamId = o.teamId ?? IDS.team;
  const fields: Record<string, string> = {
    token: VERIFICATION_TOKEN,
    team_id: teamId,
    team_domain: o.teamDomain ?? IDS.teamDomain,
  };
  if (o.enterpriseId !== undefined) {
    fields.enterprise_id = o.enterpriseId;
    fields.enterprise_name = o.enterpriseName ?? 'Fake Enterprise';
  }
  return {
    ...fields,
    channel_id: o.channelId ?? IDS.quizChannel,
    channel_name: o.channelName ?? 'quiz',
    user_id: o.userId ?? IDS.member,
    user_name: o.userName ?? 'mia',
    command: o.command ?? '/quiz',
    text: o.text ?? '',
    api_app_id: o.apiAppId ?? IDS.app,
    is_enterprise_install: 'false',
    response_url: o.responseUrl ?? `https://hooks.slack.com/commands/${teamId}/1234567890/fakeResponseUrl`,
    trigger_id: o.triggerId ?? triggerId(),
  };
}

/** Options for a button click in a message; omitted ids take the default workspace's values. */
export interface BlockActionsOptions {
  actionId: string;
  value?: string;
  blockId?: string;
  /** The button's label. */
  text?: string;
  userId?: string;
  userName?: string;
  channelId?: string;
  channelName?: string;
  /** ts of the message holding the button (a ts the fake returned from chat.postMessage, typically). */
  messageTs?: string;
  isEphemeral?: boolean;
  /** Overrides the `message` object (the bot message the button lives in). */
  message?: Record<string, unknown>;
  teamId?: string;
  teamDomain?: string;
  apiAppId?: string;
  responseUrl?: string;
  triggerId?: string;
}

/** A `block_actions` interaction payload for a button click, as Slack documents it. */
export function blockActions(o: BlockActionsOptions): Record<string, unknown> {
  const teamId = o.teamId ?? IDS.team;
  const blockId = o.blockId ?? 'quiz_actions';
  const channelId = o.channelId ?? IDS.quizChannel;
  const messageTs = o.messageTs ?? '1700000000.000100';
  const buttonText = { type: 'plain_text', text: o.text ?? 'Answer', emoji: true };
  const value = o.value !== undefined ? { value: o.value } : {};
  const isEphemeral = o.isEphemeral ?? false;
  const message = o.message ?? {
    user: IDS.botUser,
    type: 'message',
    ts: messageTs,
    bot_id: IDS.bot,
    app_id: o.apiAppId ?? IDS.app,
    text: 'quiz question',
    team: teamId,
    blocks: [{ type: 'actions', block_id: blockId, elements: [{ type: 'button', action_id: o.actionId, text: buttonText, ...value }] }],
  };
  return {
    type: 'block_actions',
    user: { id: o.userId ?? IDS.member, username: o.userName ?? 'mia', name: o.userName ?? 'mia', team_id: teamId },
    api_app_id: o.apiAppId ?? IDS.app,
    token: VERIFICATION_TOKEN,
    container: { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: isEphemeral },
    trigger_id: o.triggerId ?? triggerId(),
    team: { id: teamId, domain: o.teamDomain ?? IDS.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channelId, name: o.channelName ?? 'quiz' },
    // Slack leaves `message` out when the button sits in an ephemeral message.
    ...(isEphemeral ? {} : { message }),
    state: { values: {} },
    response_url: o.responseUrl ?? `https://hooks.slack.com/actions/${teamId}/1234567890/fakeResponseUrl`,
    actions: [{ action_id: o.actionId, block_id: blockId, text: buttonText, ...value, type: 'button', action_ts: slackTsNow() }],
  };
}

/** Options for the Events API wrapper. */
export interface EnvelopeOptions {
  eventId?: string;
  teamId?: string;
  apiAppId?: string;
  /** Unix seconds; defaults to now. */
  eventTime?: number;
  /** The installation the event is delivered for; defaults to the bot user. */
  authorizedUserId?: string;
}

let eventCounter = 0;

/** Wraps an event in Slack's `event_callback` envelope (what Events API requests carry). */
export function eventEnvelope(event: Record<string, unknown>, o: EnvelopeOptions = {}): Record<string, unknown> {
  eventCounter += 1;
  const teamId = o.teamId ?? IDS.team;
  const apiAppId = o.apiAppId ?? IDS.app;
  const eventType = typeof event.type === 'string' ? event.type : 'unknown';
  const context = { et: eventType, tid: teamId, aid: apiAppId };
  return {
    token: VERIFICATION_TOKEN,
    team_id: teamId,
    context_team_id: teamId,
    context_enterprise_id: null,
    api_app_id: apiAppId,
    event,
    type: 'event_callback',
    event_id: o.eventId ?? `Ev0FAKE${String(eventCounter).padStart(5, '0')}`,
    event_time: o.eventTime ?? Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: teamId, user_id: o.authorizedUserId ?? IDS.botUser, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    // Opaque to apps; Slack's is "4-" + base64 of a small JSON, so we mimic that.
    event_context: `4-${Buffer.from(JSON.stringify(context)).toString('base64url')}`,
  };
}

/** A `reaction_added` event on a message (wrap it with eventEnvelope). */
export function reactionAdded(o: { userId?: string; reaction?: string; itemChannel?: string; itemTs: string; itemUser?: string }): Record<string, unknown> {
  return {
    type: 'reaction_added',
    user: o.userId ?? IDS.member,
    reaction: o.reaction ?? 'thumbsup',
    item_user: o.itemUser ?? IDS.botUser,
    item: { type: 'message', channel: o.itemChannel ?? IDS.quizChannel, ts: o.itemTs },
    event_ts: slackTsNow(),
  };
}

/** An `app_home_opened` event (wrap it with eventEnvelope); `channel` is the user's DM with the app. */
export function appHomeOpened(o: { userId?: string; tab?: 'home' | 'messages'; channel?: string; view?: Record<string, unknown> } = {}): Record<string, unknown> {
  return {
    type: 'app_home_opened',
    user: o.userId ?? IDS.member,
    channel: o.channel ?? 'D0FAKEHOME',
    tab: o.tab ?? 'home',
    event_ts: slackTsNow(),
    ...(o.view !== undefined ? { view: o.view } : {}),
  };
}

/** A plain user `message` event in a channel (wrap it with eventEnvelope). */
export function messageEvent(o: { text: string; userId?: string; channelId?: string; ts?: string; threadTs?: string; channelType?: string }): Record<string, unknown> {
  const ts = o.ts ?? slackTsNow();
  return {
    type: 'message',
    user: o.userId ?? IDS.member,
    text: o.text,
    ts,
    ...(o.threadTs !== undefined ? { thread_ts: o.threadTs } : {}),
    team: IDS.team,
    channel: o.channelId ?? IDS.quizChannel,
    event_ts: ts,
    channel_type: o.channelType ?? 'channel',
  };
}

/**
 * A file shared in a conversation with a comment: a `message` event with subtype `file_share` and the
 * file objects in `files` (in a DM with the bot: channel_type "im", delivered for message.im).
 */
export function fileShareMessage(o: { text: string; files: readonly object[]; userId?: string; channelId: string; channelType?: string }): Record<string, unknown> {
  return { ...messageEvent({ text: o.text, ...(o.userId ? { userId: o.userId } : {}), channelId: o.channelId, channelType: o.channelType ?? 'im' }), subtype: 'file_share', files: o.files, upload: false, display_as_bot: false };
}

/** The one-off `url_verification` request Slack sends when the Request URL is configured. */
export function urlVerification(challenge: string): Record<string, unknown> {
  return { token: VERIFICATION_TOKEN, challenge, type: 'url_verification' };
}

/**
 * A channel event that concerns the bot: `channel_archive` (public), `group_archive` (private),
 * `channel_left` ("You left a channel": the bot was removed). Shapes from docs.slack.dev/reference/events.
 */
export function channelEvent(o: { type: 'channel_archive' | 'group_archive' | 'channel_left'; channel?: string; userId?: string }): Record<string, unknown> {
  const channel = o.channel ?? IDS.quizChannel;
  const user = o.userId ?? IDS.admin;
  const base = { type: o.type, channel, event_ts: slackTsNow() };
  return o.type === 'channel_left' ? { ...base, actor_id: user } : { ...base, user, is_moved: 0 };
}

/** `member_left_channel`: someone (by default the bot itself) left a channel. */
export function memberLeftChannel(o: { userId?: string; channel?: string; channelType?: 'C' | 'G' } = {}): Record<string, unknown> {
  return { type: 'member_left_channel', user: o.userId ?? IDS.botUser, channel: o.channel ?? IDS.quizChannel, channel_type: o.channelType ?? 'C', team: IDS.team, event_ts: slackTsNow() };
}

/** `app_uninstalled`: the app was removed from the workspace. */
export function appUninstalled(): Record<string, unknown> {
  return { type: 'app_uninstalled', event_ts: slackTsNow() };
}

/** `tokens_revoked`: the listed user (oauth) and bot tokens were revoked. */
export function tokensRevoked(o: { bot?: string[]; oauth?: string[] } = {}): Record<string, unknown> {
  return { type: 'tokens_revoked', tokens: { oauth: o.oauth ?? [], bot: o.bot ?? [IDS.botUser] }, event_ts: slackTsNow() };
}
