/** The ChatPort on Discord: posts drops (embed, buttons, reactions), reveals, DMs, and checks channels. */
import { DiscordAPIError, PermissionFlagsBits, RESTJSONErrorCodes, type Message } from 'discord.js';
import { reasonOf } from '../../core/deps.ts';
import { ChannelGoneError, RecipientUnreachableError } from '../../core/errors.ts';
import type { ChatPort } from '../../core/ports.ts';
import type { ReplyFile } from '../../core/views.ts';
import { asChannelError, isArchivedThread, permissionsIn, quizChannel, refusal, type QuizChannel } from './channels.ts';
import { NO_MENTIONS, nonceFor, PLATFORM, where, type DiscordContext } from './context.ts';
import { sendFirst, sizeLimitOfTier, type FileRoom } from './files.ts';
import { closedDropMessage, dropMessage, emojiOf, introMessage, renderMessages, revealMessages, type DiscordMessage } from './render.ts';

/** Whether the bot may attach files in the channel, and how large (the server's boost level decides). */
function roomIn(ctx: DiscordContext, channel: QuizChannel): FileRoom {
  return { attach: permissionsIn(ctx, channel)?.has(PermissionFlagsBits.AttachFiles) === true, sizeLimit: sizeLimitOfTier(channel.guild.premiumTier) };
}

/**
 * Adds 🇦 🇧 … in order; Discord shows reactions in the order they were first added. Through the channel
 * object, not message.react(): that needs the channel in the client's cache, and a drop in a guild another
 * instance holds is posted from a channel read over REST.
 */
async function addReactions(ctx: DiscordContext, channel: QuizChannel, message: Message, letters: string[], fields: Record<string, unknown>): Promise<void> {
  for (const letter of letters) {
    try {
      await ctx.retry('reaction', fields, () => channel.messages.react(message.id, emojiOf(letter)));
    } catch (err) {
      // Buttons and /quiz answer still work; say why the reactions are missing and stop trying.
      ctx.log.warn('discord.reactions_failed', { ...fields, message: message.id, letter, reason: reasonOf(err) });
      return;
    }
  }
}

/**
 * Sends `parts` in order, each with its own nonce so a retry never posts one twice; returns the first.
 * `files` go on the first part where the channel allows them; where not, the text goes alone.
 */
async function sendAll(
  ctx: DiscordContext,
  channel: QuizChannel,
  what: string,
  fields: Record<string, unknown>,
  nonce: string,
  parts: DiscordMessage[],
  reply?: string,
  files?: readonly ReplyFile[],
): Promise<Message> {
  let first: Message | undefined;
  const dropped = (list: { name: string; kind: string; reason: string }[]) => ctx.log.warn('discord.files_left_out', { ...fields, what, files: list });
  for (const [i, part] of parts.entries()) {
    const ref = i === 0 && reply ? { reply: { messageReference: reply, failIfNotExists: false } } : {};
    const post = (m: DiscordMessage) =>
      ctx.retry(what, fields, () => channel.send({ ...m, ...ref, nonce: i === 0 ? nonce : `${nonce}-${i}`, enforceNonce: true, allowedMentions: NO_MENTIONS }));
    const sent = i === 0 && files?.length ? await sendFirst(files, roomIn(ctx, channel), part, post, dropped) : await post(part);
    first ??= sent;
  }
  return first!;
}

/** Creates the ChatPort the core uses for what it starts itself (drops, reveals, reminders). */
export function createDiscordPort(ctx: DiscordContext): ChatPort {
  return {
    platform: PLATFORM,

    async postDrop(ref, view) {
      const channel = await quizChannel(ctx, ref);
      // Checked first, as for schedules: a refused post costs a 403, and the admin learns what to fix.
      const refused = refusal(ctx, channel, view.reactions);
      if (refused) throw new ChannelGoneError(refused, { immediate: false });
      const fields = { ...where(ref), drop: view.dropId };
      try {
        const intro = introMessage(view);
        if (intro) {
          await ctx
            .retry('intro', fields, () => channel.send({ ...intro, nonce: `sw-intro-${view.dropId}`, enforceNonce: true, allowedMentions: NO_MENTIONS }))
            .catch((err: unknown) => ctx.log.warn('discord.intro_failed', { ...fields, reason: reasonOf(err) }));
        }
        // The nonce makes a retried create idempotent: Discord returns the first message instead of a second one.
        // In an archived thread the post itself reopens it (unless a moderator locked it).
        const nonce = `sw-drop-${view.dropId}`;
        const message = await ctx.retry('drop', fields, () => channel.send({ ...dropMessage(view), nonce, enforceNonce: true, allowedMentions: NO_MENTIONS }));
        // Reactions go on in the background: the core stores the message id first, so no early reaction is lost.
        if (view.reactions) ctx.track(addReactions(ctx, channel, message, view.options.map((o) => o.letter), fields));
        return message.id;
      } catch (err) {
        throw asChannelError(err, ref);
      }
    },

    async postReveal(drop, view, files) {
      const channel = await quizChannel(ctx, drop);
      const fields = { ...where(drop), drop: drop.id };
      const messageRef = drop.messageRef;
      const close = async () => {
        if (!messageRef) return;
        await ctx
          .retry('close', fields, () => channel.messages.edit(messageRef, { ...closedDropMessage(view), allowedMentions: NO_MENTIONS }))
          .catch((err: unknown) => ctx.log.warn('discord.close_edit_failed', { ...fields, reason: reasonOf(err) }));
      };
      // An archived thread refuses edits until a message reopens it: there the reveal goes first.
      const archived = isArchivedThread(channel);
      if (!archived) await close();
      // The reveal replies to the question only where Discord allows replies (Read Message History).
      const canReply = permissionsIn(ctx, channel)?.has(PermissionFlagsBits.ReadMessageHistory) === true;
      const nonce = `sw-reveal-${drop.id}`;
      try {
        await sendAll(ctx, channel, 'reveal', fields, nonce, revealMessages(view), canReply ? (messageRef ?? undefined) : undefined, files);
      } catch (err) {
        // The cache may lag a permission change: 160002 means "reply refused", so post it plain.
        if (!(err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.CannotReplyWithoutPermissionToReadMessageHistory)) throw asChannelError(err, drop);
        await sendAll(ctx, channel, 'reveal', fields, nonce, revealMessages(view), undefined, files).catch((e: unknown) => {
          throw asChannelError(e, drop);
        });
      }
      if (archived) await close();
    },

    /** The admin role: a role of this server, and never @everyone (its id is the server's), which would make everyone an admin. */
    async checkAdminGroup(scope, group) {
      if (group === scope.workspace) return '@everyone cannot be the admin role: everyone would be an admin. Pick a role only some members have.';
      if (!/^\d{17,20}$/.test(group)) return `"${group.slice(0, 30)}" is not a role of this server. Pick one from the list Discord offers.`;
      const guild = ctx.client.guilds.cache.get(scope.workspace);
      if (guild && !guild.roles.cache.has(group)) return 'That role is not in this server (deleted?). Pick another.';
      return null;
    },

    async postView(ref, view, files) {
      const channel = await quizChannel(ctx, ref);
      const fields = { ...where(ref), view: view.kind };
      try {
        await sendAll(ctx, channel, 'post', fields, nonceFor('post'), renderMessages(view, ref.workspace), undefined, files);
      } catch (err) {
        throw asChannelError(err, ref);
      }
    },

    async checkChannel(ref) {
      let channel: QuizChannel;
      try {
        channel = await quizChannel(ctx, ref);
      } catch {
        return `I can't use <#${ref.channel}>: it is not a text channel, announcement channel or thread of this server that I can see. Pick one, and give the Stepwise role View Channel there.`;
      }
      return refusal(ctx, channel, true);
    },

    async sendPrivate(scope, userId, view) {
      const fields = { ...where(scope), user: userId };
      const user = await ctx.client.users.fetch(userId);
      try {
        const dm = await user.createDM();
        for (const part of renderMessages(view, scope.workspace)) {
          // One nonce per message, shared by its retries: a retry after a lost answer never sends it twice.
          const nonce = nonceFor('dm');
          await ctx.retry('dm', fields, () => dm.send({ ...part, nonce, enforceNonce: true, allowedMentions: NO_MENTIONS }));
        }
      } catch (err) {
        // 50007: DMs closed (or the user blocked the bot). Trying again tomorrow fails the same way.
        if (err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser) {
          throw new RecipientUnreachableError(`Discord will not deliver DMs to user ${userId} (their DMs are closed)`);
        }
        throw err;
      }
    },
  };
}
