/** The ChatPort on Discord: posts drops (embed, buttons, reactions), reveals, DMs, and checks channels. */
import { PermissionFlagsBits, type GuildTextBasedChannel, type Message } from 'discord.js';
import { reasonOf } from '../../core/deps.ts';
import { PlatformError } from '../../core/errors.ts';
import type { ChatPort } from '../../core/ports.ts';
import type { ChannelRef } from '../../core/types.ts';
import { NO_MENTIONS, PLATFORM, where, type DiscordContext } from './context.ts';
import { closedDropMessage, dropMessage, emojiOf, introMessage, renderView, revealMessage } from './render.ts';

/** What the bot needs in a channel that gets questions, with the name Discord shows for each. */
export const CHANNEL_PERMISSIONS: readonly [bigint, string][] = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
  [PermissionFlagsBits.AddReactions, 'Add Reactions'],
  [PermissionFlagsBits.ReadMessageHistory, 'Read Message History'],
];

/** The guild text channel behind `ref`, or a PlatformError saying why not. */
async function textChannel(ctx: DiscordContext, ref: ChannelRef): Promise<GuildTextBasedChannel> {
  const channel = await ctx.client.channels.fetch(ref.channel).catch((err: unknown) => {
    throw new PlatformError(`channel ${ref.channel} is not reachable: ${reasonOf(err)}`);
  });
  if (!channel || channel.isDMBased() || !channel.isTextBased() || channel.guildId !== ref.workspace) {
    throw new PlatformError(`channel ${ref.channel} is not a text channel of this server`);
  }
  return channel;
}

/** Adds 🇦 🇧 … in order; Discord shows reactions in the order they were first added. */
async function addReactions(ctx: DiscordContext, message: Message, letters: string[], fields: Record<string, unknown>): Promise<void> {
  for (const letter of letters) {
    try {
      await ctx.retry('reaction', fields, () => message.react(emojiOf(letter)));
    } catch (err) {
      // Buttons and /quiz answer still work; say why the reactions are missing and stop trying.
      ctx.log.warn('discord.reactions_failed', { ...fields, message: message.id, letter, reason: reasonOf(err) });
      return;
    }
  }
}

/** Creates the ChatPort the core uses for what it starts itself (drops, reveals, reminders). */
export function createDiscordPort(ctx: DiscordContext): ChatPort {
  return {
    platform: PLATFORM,

    async postDrop(ref, view) {
      const channel = await textChannel(ctx, ref);
      const fields = { ...where(ref), drop: view.dropId };
      const intro = introMessage(view);
      if (intro) {
        const nonce = `sw-intro-${view.dropId}`;
        await ctx
          .retry('intro', fields, () => channel.send({ ...intro, nonce, enforceNonce: true, allowedMentions: NO_MENTIONS }))
          .catch((err: unknown) => ctx.log.warn('discord.intro_failed', { ...fields, reason: reasonOf(err) }));
      }
      // The nonce makes a retried create idempotent: Discord returns the first message instead of a second one.
      const nonce = `sw-drop-${view.dropId}`;
      const message = await ctx.retry('drop', fields, () => channel.send({ ...dropMessage(view), nonce, enforceNonce: true, allowedMentions: NO_MENTIONS }));
      // Reactions go on in the background: the core stores the message id first, so no early reaction is lost.
      ctx.track(addReactions(ctx, message, view.options.map((o) => o.letter), fields));
      return message.id;
    },

    async postReveal(drop, view) {
      const channel = await textChannel(ctx, drop);
      const fields = { ...where(drop), drop: drop.id };
      if (drop.messageRef) {
        const ref = drop.messageRef;
        await ctx
          .retry('close', fields, () => channel.messages.edit(ref, { ...closedDropMessage(view), allowedMentions: NO_MENTIONS }))
          .catch((err: unknown) => ctx.log.warn('discord.close_edit_failed', { ...fields, reason: reasonOf(err) }));
      }
      const reply = drop.messageRef ? { reply: { messageReference: drop.messageRef, failIfNotExists: false } } : {};
      const nonce = `sw-reveal-${drop.id}`;
      await ctx.retry('reveal', fields, () => channel.send({ ...revealMessage(view), ...reply, nonce, enforceNonce: true, allowedMentions: NO_MENTIONS }));
    },

    async checkChannel(ref) {
      let channel: GuildTextBasedChannel;
      try {
        channel = await textChannel(ctx, ref);
      } catch {
        return `I can't use <#${ref.channel}>: it is not a text channel of this server that I can see. Pick a text channel, and give the Stepwise role View Channel there.`;
      }
      const me = ctx.client.user;
      const perms = me ? channel.permissionsFor(me) : null;
      const missing = CHANNEL_PERMISSIONS.filter(([bit]) => !perms?.has(bit)).map(([, name]) => name);
      if (!missing.length) return null;
      const list = missing.join(', ');
      return `I can't post questions in <#${ref.channel}>: I'm missing ${list} there. Give the Stepwise role ${missing.length === 1 ? 'that permission' : 'those permissions'} in the channel's settings, then add the schedule again.`;
    },

    async sendPrivate(scope, userId, view) {
      const user = await ctx.client.users.fetch(userId);
      await ctx.retry('dm', { ...where(scope), user: userId }, () => user.send({ ...renderView(view, scope.workspace), allowedMentions: NO_MENTIONS }));
    },
  };
}
