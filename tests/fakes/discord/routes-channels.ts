import type { APIMessage } from 'discord.js';
import { createMessage, dmChannelPayload, editMessage, memberPayload, type MessageBody } from './entities.ts';
import { Errors, noContent, ok, type Reply, type Route, type RouteContext, route } from './http.ts';
import { applyReaction, clearReactions, emojiKey, parseEmojiSegment, reactionUsers } from './reactions.ts';
import { memberPermissions, Perm, type FakeState } from './state.ts';
import { validateMessage } from './validate.ts';


/** Whether the bot has all `bits` in a channel (DMs: always; guild channels: role permissions). */
export function botCan(state: FakeState, channelId: string, bits: bigint): boolean {
  if (state.channels.get(channelId)?.type !== 0) return true;
  return (memberPermissions(state, state.bot.id) & bits) === bits;
}

/** Gateway form of a stored message: guild messages carry guild_id and the author's member. */
export function gatewayMessage(state: FakeState, message: APIMessage): Record<string, unknown> {
  if (state.channels.get(message.channel_id)?.type !== 0) return { ...message };
  const author = message.author.id;
  const member = state.members.has(author) && !message.webhook_id ? memberPayload(state, author) : undefined;
  const { user: _user, ...memberWithoutUser } = member ?? { user: null };
  return { ...message, guild_id: state.guild.id, ...(member ? { member: memberWithoutUser } : {}) };
}

function findMessage(state: FakeState, channelId: string, messageId: string): APIMessage | undefined {
  const message = state.messages.get(messageId);
  // Ephemeral interaction replies exist only for their user; channel routes cannot see them.
  return message?.channel_id === channelId && ((message.flags ?? 0) & 64) === 0 ? message : undefined;
}

/** Shared by channel messages and interaction webhooks: validate, store, echo MESSAGE_CREATE. */
export function postMessage(ctx: RouteContext, channelId: string, extra: Partial<APIMessage> = {}): Reply {
  const body = (ctx.body ?? {}) as MessageBody;
  const invalid = validateMessage(body, { hasFiles: ctx.files.length > 0, isEdit: false });
  if (invalid) return invalid;
  const message = createMessage(ctx.state, channelId, body, extra);
  message.attachments = ctx.files.map((filename, i) => ({
    id: String(BigInt(message.id) + BigInt(i + 1)),
    filename,
    size: 0,
    url: `https://cdn.discordapp.com/attachments/${channelId}/${message.id}/${filename}`,
    proxy_url: `https://media.discordapp.net/attachments/${channelId}/${message.id}/${filename}`,
  }));
  const ephemeral = ((message.flags ?? 0) & 64) !== 0;
  if (ctx.echo && !ephemeral) ctx.dispatch('MESSAGE_CREATE', gatewayMessage(ctx.state, message));
  return ok(message);
}

/** Shared by channel messages and interaction webhooks: validate, edit in place, echo MESSAGE_UPDATE. */
export function patchMessage(ctx: RouteContext, message: APIMessage): Reply {
  const body = (ctx.body ?? {}) as MessageBody;
  const invalid = validateMessage(body, { hasFiles: ctx.files.length > 0, isEdit: true });
  if (invalid) return invalid;
  editMessage(message, body);
  if (ctx.echo && ((message.flags ?? 0) & 64) === 0) ctx.dispatch('MESSAGE_UPDATE', gatewayMessage(ctx.state, message));
  return ok(message);
}

function reactionEvent(ctx: RouteContext, add: boolean, message: APIMessage, userId: string, emoji: object): void {
  if (!ctx.echo) return;
  const inGuild = ctx.state.channels.get(message.channel_id)?.type === 0;
  const base = { user_id: userId, channel_id: message.channel_id, message_id: message.id, emoji, burst: false, type: 0 };
  const guild = inGuild ? { guild_id: ctx.state.guild.id } : {};
  const member = add && inGuild ? { member: memberPayload(ctx.state, userId), message_author_id: message.author.id } : {};
  ctx.dispatch(add ? 'MESSAGE_REACTION_ADD' : 'MESSAGE_REACTION_REMOVE', { ...base, ...guild, ...member, ...(add ? { burst_colors: [] } : {}) });
}

/** Channel, message, reaction and DM routes. */
export const channelRoutes: Route[] = [
  route('GET', '/channels/:id', ({ state, params: [id] }) => {
    const channel = state.channels.get(id ?? '');
    return channel ? ok(channel) : Errors.unknownChannel();
  }),
  route('POST', '/channels/:id/messages', (ctx) => {
    const { state, params: [channelId = ''] } = ctx;
    const channel = state.channels.get(channelId);
    if (!channel) return Errors.unknownChannel();
    if (channel.type === 1) {
      const recipient = channel.recipients?.[0];
      // Discord refuses DMs to users who closed them and to other bots alike, with 50007.
      if (!recipient || recipient.bot || state.dmBlocked.has(recipient.id)) return Errors.cannotDm();
    } else if (!botCan(state, channelId, Perm.ViewChannel)) {
      return Errors.missingAccess();
    } else if (!botCan(state, channelId, Perm.SendMessages)) {
      return Errors.missingPermissions();
    }
    return postMessage(ctx, channelId);
  }),
  route('GET', '/channels/:id/messages', ({ state, params: [channelId = ''], query }) => {
    if (!state.channels.has(channelId)) return Errors.unknownChannel();
    if (!botCan(state, channelId, Perm.ViewChannel | Perm.ReadMessageHistory)) return Errors.missingAccess();
    const limit = Math.min(100, Number(query.limit ?? 50));
    const all = [...state.messages.values()].filter((m) => m.channel_id === channelId).reverse();
    return ok(all.slice(0, limit));
  }),
  route('GET', '/channels/:id/messages/:id', ({ state, params: [channelId = '', messageId = ''] }) => {
    if (!state.channels.has(channelId)) return Errors.unknownChannel();
    if (!botCan(state, channelId, Perm.ViewChannel | Perm.ReadMessageHistory)) return Errors.missingAccess();
    const message = findMessage(state, channelId, messageId);
    return message ? ok(message) : Errors.unknownMessage();
  }),
  route('PATCH', '/channels/:id/messages/:id', (ctx) => {
    const [channelId = '', messageId = ''] = ctx.params;
    const message = findMessage(ctx.state, channelId, messageId);
    if (!message) return ctx.state.channels.has(channelId) ? Errors.unknownMessage() : Errors.unknownChannel();
    if (message.author.id !== ctx.state.bot.id) return Errors.cannotEditOthers();
    return patchMessage(ctx, message);
  }),
  route('DELETE', '/channels/:id/messages/:id', (ctx) => {
    const { state, params: [channelId = '', messageId = ''] } = ctx;
    const message = findMessage(state, channelId, messageId);
    if (!message) return Errors.unknownMessage();
    if (message.author.id !== state.bot.id && !botCan(state, channelId, Perm.ManageMessages)) return Errors.missingPermissions();
    state.messages.delete(messageId);
    const guild = state.channels.get(channelId)?.type === 0 ? { guild_id: state.guild.id } : {};
    if (ctx.echo) ctx.dispatch('MESSAGE_DELETE', { id: messageId, channel_id: channelId, ...guild });
    return noContent;
  }),
  route('PUT', '/channels/:id/messages/:id/reactions/([^/]+)/@me', (ctx) => {
    const { state, params: [channelId = '', messageId = '', segment = ''] } = ctx;
    const message = findMessage(state, channelId, messageId);
    if (!message) return Errors.unknownMessage();
    const emoji = parseEmojiSegment(segment);
    if (!emoji) return Errors.unknownEmoji();
    if (!botCan(state, channelId, Perm.ReadMessageHistory)) return Errors.missingAccess();
    // Adding a brand-new emoji needs Add Reactions; joining an existing one does not (Discord's rule).
    const isNew = reactionUsers(state, messageId, emojiKey(emoji)).length === 0;
    if (isNew && !botCan(state, channelId, Perm.AddReactions)) return Errors.missingPermissions();
    if (applyReaction(state, messageId, emoji, state.bot.id, true)) reactionEvent(ctx, true, message, state.bot.id, emoji);
    return noContent;
  }),
  route('DELETE', '/channels/:id/messages/:id/reactions/([^/]+)/(@me|\\d{17,20})', (ctx) => {
    const { state, params: [channelId = '', messageId = '', segment = '', who = ''] } = ctx;
    const message = findMessage(state, channelId, messageId);
    if (!message) return Errors.unknownMessage();
    const emoji = parseEmojiSegment(segment);
    if (!emoji) return Errors.unknownEmoji();
    const userId = who === '@me' ? state.bot.id : who;
    if (userId !== state.bot.id && !botCan(state, channelId, Perm.ManageMessages)) return Errors.missingPermissions();
    if (applyReaction(state, messageId, emoji, userId, false)) reactionEvent(ctx, false, message, userId, emoji);
    return noContent;
  }),
  route('GET', '/channels/:id/messages/:id/reactions/([^/]+)', ({ state, params: [channelId = '', messageId = '', segment = ''], query }) => {
    if (!findMessage(state, channelId, messageId)) return Errors.unknownMessage();
    const emoji = parseEmojiSegment(segment);
    if (!emoji) return Errors.unknownEmoji();
    const ids = reactionUsers(state, messageId, emojiKey(emoji));
    const after = query.after ? BigInt(query.after) : -1n;
    const limit = Math.min(100, Number(query.limit ?? 25));
    // Discord pages reaction users by ascending user id.
    const sorted = [...ids].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)).filter((id) => BigInt(id) > after);
    return ok(sorted.slice(0, limit).map((id) => state.userById.get(id)).filter(Boolean));
  }),
  route('DELETE', '/channels/:id/messages/:id/reactions(?:/([^/]+))?', ({ state, params: [channelId = '', messageId = '', segment] }) => {
    if (!findMessage(state, channelId, messageId)) return Errors.unknownMessage();
    if (!botCan(state, channelId, Perm.ManageMessages)) return Errors.missingPermissions();
    const emoji = segment ? parseEmojiSegment(segment) : null;
    if (segment && !emoji) return Errors.unknownEmoji();
    clearReactions(state, messageId, emoji ? emojiKey(emoji) : undefined);
    return noContent;
  }),
  route('POST', '/channels/:id/typing', ({ state, params: [channelId = ''] }) =>
    state.channels.has(channelId) ? noContent : Errors.unknownChannel(),
  ),
  route('POST', '/users/@me/channels', ({ state, body }) => {
    const recipient = (body as { recipient_id?: string } | null)?.recipient_id ?? '';
    if (!state.userById.has(recipient) || recipient === state.bot.id) return Errors.invalidRecipient();
    return ok(dmChannelPayload(state, recipient));
  }),
];
