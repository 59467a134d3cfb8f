/** Answers by reaction: 🇦 🇧 … on a drop. The drop is found by message id, so uncached (partial) messages work. */
import { DiscordAPIError, PermissionFlagsBits, RESTJSONErrorCodes, type MessageReaction, type PartialMessageReaction, type PartialUser, type User } from 'discord.js';
import { reasonOf } from '../../core/deps.ts';
import { StepwiseError } from '../../core/errors.ts';
import type { Drop } from '../../core/types.ts';
import { privateText, type Reply } from '../../core/views.ts';
import { actorOf, NO_MENTIONS, nonceFor, PLATFORM, where, type DiscordContext } from './context.ts';
import { dmFallbackMessage, letterOf, renderMessages } from './render.ts';

/** Removes the person's reaction when the bot may, so picks stay private until the reveal. */
async function removeReaction(ctx: DiscordContext, drop: Drop, reaction: MessageReaction | PartialMessageReaction, userId: string): Promise<void> {
  const channel = ctx.client.channels.cache.get(drop.channel);
  const me = ctx.client.user;
  const allowed = me && channel && 'permissionsFor' in channel ? channel.permissionsFor(me)?.has(PermissionFlagsBits.ManageMessages) : false;
  if (!allowed || ctx.noRemoval.has(drop.workspace)) return;
  try {
    await reaction.users.remove(userId);
  } catch (err) {
    const mfa = err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.TwoFactorAuthenticationIsRequired;
    if (mfa) ctx.noRemoval.add(drop.workspace);
    ctx.log.warn('discord.reaction_remove_failed', {
      ...where(drop),
      drop: drop.id,
      user: userId,
      reason: mfa ? 'the server requires 2FA for moderation and the bot owner has none; picks stay visible here until a restart' : reasonOf(err),
    });
  }
}

/** DMs the reply; when DMs are closed (50007) and it was a real answer, leaves a notice with a result button. */
async function deliver(ctx: DiscordContext, drop: Drop, user: User, reply: Reply): Promise<void> {
  const fields = { ...where(drop), drop: drop.id, user: user.id };
  try {
    const dm = await user.createDM();
    for (const part of renderMessages(reply.view, drop.workspace)) {
      // A retry after a lost answer (a 5xx once the DM was stored) returns the first DM instead of a second.
      const nonce = nonceFor('dm');
      await ctx.retry('dm', fields, () => dm.send({ ...part, nonce, enforceNonce: true, allowedMentions: NO_MENTIONS }));
    }
    return;
  } catch (err) {
    const closed = err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser;
    ctx.log.warn('discord.dm_failed', { ...fields, reason: reasonOf(err), fallback: closed && reply.view.kind === 'feedback' });
    if (!closed || reply.view.kind !== 'feedback') return;
  }
  const channel = ctx.client.channels.cache.get(drop.channel);
  if (!channel?.isSendable()) return;
  try {
    await ctx.retry<unknown>('dm-notice', fields, () => channel.send({ ...dmFallbackMessage(user.id, drop.id), allowedMentions: NO_MENTIONS }));
  } catch (err) {
    ctx.log.warn('discord.dm_notice_failed', { ...fields, reason: reasonOf(err) });
  }
}

/**
 * One MESSAGE_REACTION_ADD. Ignored: bots (this one included), messages that are not drops, emoji that are
 * not an option of the question. A person's first reaction is their answer; later ones get "already answered".
 */
export async function handleReaction(ctx: DiscordContext, reaction: MessageReaction | PartialMessageReaction, partialUser: User | PartialUser): Promise<void> {
  if (partialUser.id === ctx.client.user?.id || partialUser.bot) return;
  const letter = letterOf(reaction.emoji.name);
  if (!letter) return;
  const drop = await ctx.tutor.dropByMessage(PLATFORM, reaction.message.id);
  if (!drop) return;
  // The question as posted; a drop stored before Stepwise kept it falls back to what the workspace sees.
  const question = drop.question ?? (await ctx.tutor.packsIn(drop)).question(drop.questionId);
  if (!question?.options.some((o) => o.letter === letter)) return;

  const user = partialUser.partial ? await partialUser.fetch() : partialUser;
  if (user.bot) return;
  // The event carried the member (nickname included); discord.js put it in the guild's cache.
  const member = ctx.client.guilds.cache.get(drop.workspace)?.members.cache.get(user.id);
  const actor = actorOf(ctx, user, member, member?.permissions);
  let reply: Reply | null;
  try {
    reply = await ctx.tutor.answerByMessage(PLATFORM, reaction.message.id, actor, letter, ctx.clock.now());
  } catch (err) {
    if (!(err instanceof StepwiseError)) {
      ctx.log.error('discord.reaction_failed', { ...where(drop), drop: drop.id, user: user.id, reason: reasonOf(err) });
      return;
    }
    reply = privateText(err.message, 'error');
  }
  if (!reply) return;
  await Promise.all([removeReaction(ctx, drop, reaction, user.id), deliver(ctx, drop, user, reply)]);
}
