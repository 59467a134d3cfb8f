/**
 * Which channels take questions, what the bot needs there, and Discord's refusals as core errors. Checking
 * permissions first keeps 403s off the wire: each one counts toward Discord's 10,000 invalid requests per
 * 10 minutes, after which the bot's IP is blocked for an hour.
 */
import {
  DiscordAPIError,
  DiscordjsError,
  DiscordjsErrorCodes,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  type Channel,
  type GuildTextBasedChannel,
  type PermissionsBitField,
} from 'discord.js';
import { reasonOf } from '../../core/deps.ts';
import { ChannelGoneError, PlatformError } from '../../core/errors.ts';
import type { ChannelRef } from '../../core/types.ts';
import type { DiscordContext } from './context.ts';

/** A text channel, an announcement channel, or a thread in one of them or in a forum (a forum post). */
export type QuizChannel = GuildTextBasedChannel;

/** Discord codes that mean the channel is gone for the bot: pause its schedules at once. */
const GONE = new Set<number>([
  RESTJSONErrorCodes.UnknownChannel, // 10003: deleted
  RESTJSONErrorCodes.UnknownGuild, // 10004: the bot is no longer in the server (read over REST by an instance not holding it)
  RESTJSONErrorCodes.MissingAccess, // 50001: the bot cannot see it any more
  RESTJSONErrorCodes.ThreadLocked, // 160005: a moderator locked the thread
  RESTJSONErrorCodes.CannotSendMessagesInNonTextChannel, // 50008: a forum, not a post in it
  RESTJSONErrorCodes.InvalidActionOnArchivedThread, // 50083: archived and locked, so sending did not reopen it
]);

/** What the bot needs in a channel that gets questions, with the name Discord shows for each. */
export function neededPermissions(thread: boolean, reactions: boolean): [bigint, string][] {
  return [
    [PermissionFlagsBits.ViewChannel, 'View Channel'],
    // Send Messages "does not allow sending messages in threads"; Send Messages in Threads does.
    thread ? [PermissionFlagsBits.SendMessagesInThreads, 'Send Messages in Threads'] : [PermissionFlagsBits.SendMessages, 'Send Messages'],
    [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
    ...(reactions
      ? ([
          [PermissionFlagsBits.AddReactions, 'Add Reactions'],
          // Adding a reaction needs it, and so does the reveal's reply to the question.
          [PermissionFlagsBits.ReadMessageHistory, 'Read Message History'],
        ] as [bigint, string][])
      : []),
  ];
}

/** The bot's permissions in the channel (threads use their parent's overwrites), or null when unknown. */
export function permissionsIn(ctx: DiscordContext, channel: QuizChannel): Readonly<PermissionsBitField> | null {
  const me = ctx.client.user;
  return me ? channel.permissionsFor(me) : null;
}

/** The core error for a Discord refusal: gone (immediate), missing permissions (counted), else as is. */
export function asChannelError(err: unknown, ref: ChannelRef): unknown {
  if (!(err instanceof DiscordAPIError) || typeof err.code !== 'number') return err;
  if (GONE.has(err.code)) {
    return new ChannelGoneError(`Discord says channel ${ref.channel} is not usable any more (${err.message}, code ${err.code})`, { immediate: true });
  }
  if (err.code === RESTJSONErrorCodes.MissingPermissions) {
    return new ChannelGoneError(`Discord refused: the bot is missing a permission in channel ${ref.channel}`, { immediate: false });
  }
  return err;
}

/**
 * The channel from Discord over REST, in a guild this process does not hold (its shard runs in another
 * instance): the guild with its roles, the bot's member and the channel (a thread with its parent, whose
 * overwrites it takes) are fetched fresh into a Guild object of their own. Nothing goes into the client's
 * cache, where no gateway event would ever update it: a role changed tomorrow counts tomorrow.
 */
async function fetchUncached(ctx: DiscordContext, ref: ChannelRef): Promise<Channel | null> {
  const guild = await ctx.client.guilds.fetch({ guild: ref.workspace, cache: false, force: true, withCounts: false });
  await guild.members.fetchMe(); // into this Guild object only, for permissionsFor()
  const channel = await guild.channels.fetch(ref.channel, { cache: false, force: true });
  if (channel?.isThread() && channel.parentId) await guild.channels.fetch(channel.parentId, { cache: false, force: true });
  return channel;
}

/**
 * The channel behind `ref`, or a ChannelGoneError / PlatformError saying why not. A guild this process holds
 * is in the cache, kept current by the gateway; any other guild (several instances, each holding some
 * shards, and a scheduled slot claimed by the one that does not hold it) is read over REST.
 */
export async function quizChannel(ctx: DiscordContext, ref: ChannelRef): Promise<QuizChannel> {
  let channel;
  try {
    const held = ctx.client.guilds.cache.get(ref.workspace)?.available === true;
    channel = held ? await ctx.client.channels.fetch(ref.channel) : await fetchUncached(ctx, ref);
  } catch (err) {
    // The channel is in another server (10003 would be the same answer: not a channel of this server).
    if (err instanceof DiscordjsError && err.code === DiscordjsErrorCodes.GuildChannelUnowned) {
      throw new ChannelGoneError(`channel ${ref.channel} is not a text channel or thread of this server`, { immediate: true });
    }
    const mapped = asChannelError(err, ref);
    throw mapped instanceof PlatformError ? mapped : new PlatformError(`channel ${ref.channel} is not reachable: ${reasonOf(err)}`);
  }
  if (!channel || channel.isDMBased() || !channel.isTextBased() || channel.guildId !== ref.workspace) {
    throw new ChannelGoneError(`channel ${ref.channel} is not a text channel or thread of this server`, { immediate: true });
  }
  return channel;
}

/** Why the bot cannot post questions in `channel` (a sentence for the admin), or null when it can. */
export function refusal(ctx: DiscordContext, channel: QuizChannel, reactions: boolean): string | null {
  if (channel.isThread() && channel.locked && !permissionsIn(ctx, channel)?.has(PermissionFlagsBits.ManageThreads)) {
    return `I can't post questions in <#${channel.id}>: the thread is locked. Unlock it, or use another channel.`;
  }
  const perms = permissionsIn(ctx, channel);
  const missing = neededPermissions(channel.isThread(), reactions).filter(([bit]) => !perms?.has(bit)).map(([, name]) => name);
  if (!missing.length) return null;
  const where = channel.isThread() ? `the thread's parent channel (threads take its permissions)` : `the channel's settings`;
  return `I can't post questions in <#${channel.id}>: I'm missing ${missing.join(', ')} there. Give the Stepwise role ${missing.length === 1 ? 'that permission' : 'those permissions'} in ${where}, then try again.`;
}

/** Whether the channel is a thread archived now (Discord refuses edits and reactions there until a message reopens it). */
export const isArchivedThread = (channel: QuizChannel): boolean => channel.isThread() && channel.archived === true;

