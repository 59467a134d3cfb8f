import type { APIMessage } from 'discord.js';
import { createMessage, dmChannelPayload, editMessage, memberPayload, type MessageBody } from './entities.ts';
import { discordError, Errors, noContent, ok, type Reply, type Route, type RouteContext, route } from './http.ts';

/** How long an enforced nonce is remembered ("the past few minutes"). */
const NONCE_TTL_MS = 5 * 60_000;
import { applyReaction, clearReactions, emojiKey, parseEmojiSegment, reactionUsers } from './reactions.ts';
import { channelPermissions, guildOfChannel, isGuildChannel, MFA_PERMISSIONS, Perm, threadOf, type FakeState } from './state.ts';
import { validateMessage } from './validate.ts';

/** Whether the bot has all `bits` in a channel (DMs: always; guild channels: roles and overwrites). */
export function botCan(state: FakeState, channelId: string, bits: bigint): boolean {
  if (!isGuildChannel(state, channelId)) return true;
  return (channelPermissions(state, state.bot.id, channelId) & bits) === bits;
}

/**
 * A refusal for an action that needs `bits` in the channel, or null. Order as on Discord: no View Channel
 * is 50001 Missing Access, a missing bit 50013, and a moderation bit in a server that requires 2FA while
 * the bot owner has none is 60003 (permissions table, "require 2FA" marks).
 */
export function refuse(state: FakeState, channelId: string, bits: bigint): Reply | null {
  if (!botCan(state, channelId, Perm.ViewChannel)) return Errors.missingAccess();
  if (!botCan(state, channelId, bits)) return Errors.missingPermissions();
  const guild = guildOfChannel(state, channelId);
  if (bits & MFA_PERMISSIONS && guild.mfaLevel === 1 && !guild.botOwnerHasMfa && isGuildChannel(state, channelId)) {
    return Errors.twoFactorRequired();
  }
  return null;
}

/** Threads docs: "Users cannot edit messages, add reactions … in archived threads" (50083). */
function archived(state: FakeState, channelId: string): boolean {
  return threadOf(state, channelId)?.thread_metadata?.archived === true;
}

/** Gateway form of a stored message: guild messages carry guild_id and the author's member. */
export function gatewayMessage(state: FakeState, message: APIMessage): Record<string, unknown> {
  if (!isGuildChannel(state, message.channel_id)) return { ...message };
  const author = message.author.id;
  const guild = guildOfChannel(state, message.channel_id);
  const member = guild.members.has(author) && !message.webhook_id ? memberPayload(state, author, guild) : undefined;
  const { user: _user, ...memberWithoutUser } = member ?? { user: null };
  return { ...message, guild_id: guild.id, ...(member ? { member: memberWithoutUser } : {}) };
}

function findMessage(state: FakeState, channelId: string, messageId: string): APIMessage | undefined {
  const message = state.messages.get(messageId);
  // Ephemeral interaction replies exist only for their user; channel routes cannot see them.
  return message?.channel_id === channelId && ((message.flags ?? 0) & 64) === 0 ? message : undefined;
}

/**
 * Files on a message in `channelId`: refused without Attach Files in a server channel (50013; interaction
 * replies too, whose app_permissions carry ATTACH_FILES for this), or over the size limit (413, 40005).
 */
function refuseFiles(ctx: RouteContext, channelId: string): Reply | null {
  if (ctx.uploads.length === 0) return null;
  if (isGuildChannel(ctx.state, channelId) && !botCan(ctx.state, channelId, Perm.AttachFiles)) return Errors.missingPermissions();
  if (ctx.uploads.some((u) => u.bytes.length > ctx.state.attachmentSizeLimit)) return Errors.entityTooLarge();
  return null;
}

/**
 * The attachment's `content_type` as Discord reports it: from the file itself, not the multipart header
 * (discord.js sends application/octet-stream for bytes it cannot sniff, such as CSV); text gets a charset.
 */
const TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', csv: 'text/csv; charset=utf-8', md: 'text/markdown; charset=utf-8', txt: 'text/plain; charset=utf-8' };
const contentTypeOf = (name: string, sent: string): string => TYPES[name.split('.').pop()?.toLowerCase() ?? ''] ?? sent;

/** Stores the request's uploads as the message's attachments; an embed's `attachment://name` points at its file. */
function attach(ctx: RouteContext, message: APIMessage, keep: APIMessage['attachments'] = []): void {
  if (ctx.uploads.length === 0) return;
  const channelId = message.channel_id;
  const added = ctx.uploads.map((u, i) => ({
    id: String(BigInt(message.id) + BigInt(keep.length + i + 1)),
    filename: u.name,
    size: u.bytes.length,
    content_type: contentTypeOf(u.name, u.contentType),
    url: `https://cdn.discordapp.com/attachments/${channelId}/${message.id}/${u.name}`,
    proxy_url: `https://media.discordapp.net/attachments/${channelId}/${message.id}/${u.name}`,
    ...(((message.flags ?? 0) & 64) !== 0 ? { ephemeral: true } : {}),
  }));
  message.attachments = [...keep, ...added];
  ctx.state.uploads.set(message.id, ctx.uploads.map((u, i) => ({ name: u.name, contentType: u.contentType, bytes: u.bytes, attachmentId: added[i]!.id })));
  for (const embed of message.embeds) {
    const named = embed.image?.url.startsWith('attachment://') ? added.find((a) => `attachment://${a.filename}` === embed.image!.url) : undefined;
    if (named) embed.image = { url: named.url, proxy_url: named.proxy_url };
  }
}

/** Shared by channel messages and interaction webhooks: validate, store, echo MESSAGE_CREATE. */
export function postMessage(ctx: RouteContext, channelId: string, extra: Partial<APIMessage> = {}): Reply {
  const body = (ctx.body ?? {}) as MessageBody;
  const invalid = validateMessage(body, { hasFiles: ctx.files.length > 0, isEdit: false });
  if (invalid) return invalid;
  const refused = refuseFiles(ctx, channelId);
  if (refused) return refused;
  const message = createMessage(ctx.state, channelId, body, extra);
  attach(ctx, message);
  const ephemeral = ((message.flags ?? 0) & 64) !== 0;
  if (ctx.echo && !ephemeral) ctx.dispatch('MESSAGE_CREATE', gatewayMessage(ctx.state, message));
  return ok(message);
}

/** Shared by channel messages and interaction webhooks: validate, edit in place, echo MESSAGE_UPDATE. */
export function patchMessage(ctx: RouteContext, message: APIMessage): Reply {
  const body = (ctx.body ?? {}) as MessageBody;
  const invalid = validateMessage(body, { hasFiles: ctx.files.length > 0, isEdit: true });
  if (invalid) return invalid;
  const refused = refuseFiles(ctx, message.channel_id);
  if (refused) return refused;
  editMessage(message, body);
  // Editing docs: `attachments` lists the existing files to keep; new uploads are added after them.
  const listed = (body as { attachments?: { id: string | number }[] }).attachments;
  const keep = listed ? message.attachments.filter((a) => listed.some((l) => String(l.id) === a.id)) : message.attachments;
  if (ctx.uploads.length) attach(ctx, message, keep);
  else if (listed) message.attachments = keep;
  if (ctx.echo && ((message.flags ?? 0) & 64) === 0) ctx.dispatch('MESSAGE_UPDATE', gatewayMessage(ctx.state, message));
  return ok(message);
}

function reactionEvent(ctx: RouteContext, add: boolean, message: APIMessage, userId: string, emoji: object): void {
  if (!ctx.echo) return;
  const inGuild = isGuildChannel(ctx.state, message.channel_id);
  const base = { user_id: userId, channel_id: message.channel_id, message_id: message.id, emoji, burst: false, type: 0 };
  const where = guildOfChannel(ctx.state, message.channel_id);
  const guild = inGuild ? { guild_id: where.id } : {};
  const member = add && inGuild ? { member: memberPayload(ctx.state, userId, where), message_author_id: message.author.id } : {};
  ctx.dispatch(add ? 'MESSAGE_REACTION_ADD' : 'MESSAGE_REACTION_REMOVE', { ...base, ...guild, ...member, ...(add ? { burst_colors: [] } : {}) });
}

/** Channel, message, reaction and DM routes. */
export const channelRoutes: Route[] = [
  route('GET', '/channels/:id', ({ state, params: [id = ''] }) => {
    const channel = state.channels.get(id);
    if (!channel) return Errors.unknownChannel();
    return botCan(state, id, Perm.ViewChannel) ? ok(channel) : Errors.missingAccess();
  }),
  route('POST', '/channels/:id/messages', (ctx) => {
    const { state, params: [channelId = ''] } = ctx;
    const channel = state.channels.get(channelId);
    if (!channel) return Errors.unknownChannel();
    const body = (ctx.body ?? {}) as MessageBody & { enforce_nonce?: boolean };
    if (channel.type === 1) {
      const recipient = channel.recipients?.[0];
      // Discord refuses DMs to users who closed them and to other bots alike, with 50007.
      if (!recipient || recipient.bot || state.dmBlocked.has(recipient.id)) return Errors.cannotDm();
    } else {
      if (channel.type === 15) return discordError(400, 50008, 'Cannot send messages in a non-text channel');
      const thread = threadOf(state, channelId);
      // Permissions docs: Send Messages "does not allow sending messages in threads"; Send Messages in Threads does.
      const refusal = refuse(state, channelId, thread ? Perm.SendMessagesInThreads : Perm.SendMessages);
      if (refusal) return refusal;
      // Threads docs: "Sending a message will automatically unarchive the thread, unless the thread has been locked".
      if (thread?.thread_metadata?.locked && !botCan(state, channelId, Perm.ManageThreads)) {
        return thread.thread_metadata.archived ? Errors.archivedThread() : Errors.threadLocked();
      }
      // A bot's embeds need Embed Links: embed-only messages are refused with 50013 and embeds beside content
      // are dropped (discord/discord-api-docs#2601).
      if (body.embeds?.length && !botCan(state, channelId, Perm.EmbedLinks)) {
        if (!body.content) return Errors.missingPermissions();
        ctx = { ...ctx, body: { ...body, embeds: [] } };
      }
      // A reply needs Read Message History: 160002 "Cannot reply without permission to read message history".
      if (body.message_reference && !botCan(state, channelId, Perm.ReadMessageHistory)) return Errors.replyWithoutHistory();
      if (thread?.thread_metadata?.archived) {
        thread.thread_metadata.archived = false;
        ctx.dispatch('THREAD_UPDATE', { ...thread });
      }
    }
    // enforce_nonce: "If another message was created by the same author with the same nonce, that message
    // will be returned and no new message will be created" (checked "in the past few minutes").
    const key = body.enforce_nonce && body.nonce !== undefined ? `${channelId}:${body.nonce}` : null;
    const seen = key ? state.nonces.get(key) : undefined;
    const earlier = seen && Date.now() - seen.at < NONCE_TTL_MS ? state.messages.get(seen.messageId) : undefined;
    if (earlier) return ok(earlier);
    const reply = postMessage(ctx, channelId);
    if (key && reply.status === 200) state.nonces.set(key, { messageId: (reply.body as APIMessage).id, at: Date.now() });
    return reply;
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
    if (archived(ctx.state, channelId)) return Errors.archivedThread();
    const body = (ctx.body ?? {}) as MessageBody;
    if (body.embeds?.length && !body.content && !botCan(ctx.state, channelId, Perm.EmbedLinks)) return Errors.missingPermissions();
    return patchMessage(ctx, message);
  }),
  route('DELETE', '/channels/:id/messages/:id', (ctx) => {
    const { state, params: [channelId = '', messageId = ''] } = ctx;
    const message = findMessage(state, channelId, messageId);
    if (!message) return Errors.unknownMessage();
    const refusal = message.author.id !== state.bot.id ? refuse(state, channelId, Perm.ManageMessages) : null;
    if (refusal) return refusal;
    state.messages.delete(messageId);
    const guild = isGuildChannel(state, channelId) ? { guild_id: guildOfChannel(state, channelId).id } : {};
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
    if (archived(state, channelId)) return Errors.archivedThread();
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
    if (archived(state, channelId)) return Errors.archivedThread();
    // Removing someone else's reaction needs Manage Messages, a permission that requires 2FA (60003).
    const refusal = userId !== state.bot.id ? refuse(state, channelId, Perm.ManageMessages) : null;
    if (refusal) return refusal;
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
    const refusal = refuse(state, channelId, Perm.ManageMessages);
    if (refusal) return refusal;
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
