/** Slash commands, autocomplete and buttons: each becomes one core call and one (usually ephemeral) reply. */
import {
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
} from 'discord.js';
import { COMMANDS, dispatch, ROOT, type Invocation } from '../../commands/index.ts';
import { lookup } from '../../commands/lookup.ts';
import { reasonOf } from '../../core/deps.ts';
import type { IncomingFile } from '../../core/ports.ts';
import type { Scope } from '../../core/types.ts';
import { fetchCapped } from '../fetch-file.ts';
import { privateText } from '../../core/views.ts';
import { decodeStage } from '../../core/walk.ts';
import { actorOf, GUILD_ONLY, NO_MENTIONS, PLATFORM, where, withAdminRole, type DiscordContext } from './context.ts';
import { clip, LIMITS } from './limits.ts';
import { renderMessages } from './render.ts';
import { respond, safely } from './respond.ts';
import { formSubmit, queueButton, refillButton } from './suggestions.ts';

/** `/quiz <group?> <sub> option:value …` as the spec's invocation (every value as a string). */
export function invocationOf(i: ChatInputCommandInteraction | AutocompleteInteraction): Invocation {
  const path = [i.options.getSubcommandGroup(false), i.options.getSubcommand(false)].filter((p): p is string => !!p);
  const options: Record<string, string> = {};
  const walk = (list: readonly CommandInteractionOption[]): void => {
    for (const o of list) {
      if (o.options) walk(o.options);
      else if (o.value !== undefined && o.value !== null && !o.focused) options[o.name] = String(o.value);
    }
  };
  walk(i.options.data);
  return { path, options };
}

async function slash(ctx: DiscordContext, i: ChatInputCommandInteraction): Promise<void> {
  if (!i.inGuild()) return void (await i.reply({ content: GUILD_ONLY, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS }));
  const channel = { platform: PLATFORM, workspace: i.guildId, channel: i.channelId };
  const actor = actorOf(ctx, i.user, i.member, i.memberPermissions);
  const invocation = invocationOf(i);
  const fields = { ...where(channel), user: actor.id, command: invocation.path.join(' ') };
  const found = lookup(COMMANDS, invocation.path);
  const needsAdmin = 'spec' in found && found.spec.admin;
  const now = ctx.clock.now();
  // An attachment option's value is the attachment's id; the file is in the interaction's resolved data.
  const openFile = (id: string): IncomingFile | undefined => {
    const file = i.options.resolved?.attachments?.get(id);
    return file && { name: file.name, size: file.size, read: (max) => fetchCapped(file.url, max, file.name) };
  };
  await respond(ctx, i, i.guildId, fields, async () => {
    // The workspace's admin role counts only where rights matter, so other commands cost no extra read.
    const who = needsAdmin ? await withAdminRole(ctx, actor, i.guildId, i.member) : actor;
    return dispatch(invocation, { tutor: ctx.tutor, actor: who, channel, now, openFile }, ctx.log);
  }, { mayOpenForm: 'spec' in found && found.spec.opensForm === true });
}

/**
 * Pack ids for options marked `autocomplete`, matching what was typed in the id or title: every pack the
 * workspace sees ('pack'), or only its own ('own-pack': export, remove, an approval's target).
 */
async function autocomplete(ctx: DiscordContext, i: AutocompleteInteraction): Promise<void> {
  const focused = i.options.getFocused(true);
  const found = lookup(COMMANDS, invocationOf(i).path);
  const spec = 'spec' in found ? found.spec.options.find((o) => o.name === focused.name) : undefined;
  if (!spec?.autocomplete) return void (await i.respond([]));
  const scope = { platform: PLATFORM, workspace: i.guildId ?? '' };
  const typed = String(focused.value).trim().toLowerCase();
  const all = spec.autocomplete === 'own-pack' ? await ctx.tutor.ownPacks(scope) : (await ctx.tutor.packsIn(scope)).list();
  const packs = all.filter((p) => p.id.includes(typed) || p.title.toLowerCase().includes(typed));
  await i.respond(packs.slice(0, 25).map((p) => ({ name: clip(`${p.title} (${p.id})`, LIMITS.choiceName), value: p.id })));
}

/** The question a review button names: its id, or the one loaded question it is the start of (a cut id). */
async function reviewQuestion(ctx: DiscordContext, scope: Scope, part: string): Promise<string> {
  const packs = await ctx.tutor.packsIn(scope);
  if (packs.question(part)) return part;
  const found = packs.list().flatMap((p) => p.questions).filter((q) => q.id.startsWith(part));
  return found.length === 1 ? found[0]!.id : part;
}

/**
 * `stepwise:answer:<drop>:<letter>`, `stepwise:review:<guild>:<letter>:<question>`, `stepwise:result:<drop>`,
 * `stepwise:hint:<drop>`, `stepwise:rhint:<guild>:<question>`.
 */
async function button(ctx: DiscordContext, i: ButtonInteraction): Promise<void> {
  const parts = i.customId.split(':');
  const kind = parts[1];
  // A review card can arrive by DM (the daily reminder): its guild travels in the button.
  const personal = kind === 'review' || kind === 'rhint';
  const workspace = personal ? (i.guildId ?? parts[2] ?? '') : i.guildId;
  if (!workspace || (personal && i.guildId && parts[2] !== i.guildId)) {
    return void (await i.reply({ content: GUILD_ONLY, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS }));
  }
  const scope = { platform: PLATFORM, workspace };
  const actor = actorOf(ctx, i.user, i.member, i.memberPermissions);
  const fields = { ...where({ ...scope, channel: i.channelId ?? undefined }), user: actor.id, button: kind };
  const now = ctx.clock.now();
  await respond(ctx, i, workspace, fields, async () => {
    if (kind === 'answer') return ctx.tutor.answerDropId(scope, Number(parts[2]), actor, parts[3] ?? '', 'button', now);
    if (kind === 'review') return ctx.tutor.answerReview(scope, actor, await reviewQuestion(ctx, scope, parts[4] ?? ''), parts[3] ?? '', 'button', now);
    if (kind === 'result') return ctx.tutor.resultOf(scope, Number(parts[2]), actor.id);
    if (kind === 'hint') return ctx.tutor.hintForDrop(scope, Number(parts[2]), actor, now);
    if (kind === 'rhint') return ctx.tutor.hintForReview(scope, actor, await reviewQuestion(ctx, scope, parts.slice(3).join(':')), now);
    return privateText('That button is no longer supported.');
  });
}

/**
 * A walkthrough button: the same private message is updated to the next stage (a button interaction may
 * update the message it is on, ephemeral or DM). "Show all" of a long solution continues in follow-ups.
 * A refusal (say, the answer is not yours) comes as its own ephemeral and leaves the message as it was.
 */
async function walkButton(ctx: DiscordContext, i: ButtonInteraction, parts: string[]): Promise<void> {
  const kind = parts[1];
  const workspace = i.guildId ?? parts[2] ?? '';
  if (!workspace || (i.guildId && parts[2] !== i.guildId)) {
    return void (await i.reply({ content: GUILD_ONLY, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS }));
  }
  const scope = { platform: PLATFORM, workspace };
  const fields = { ...where({ ...scope, channel: i.channelId ?? undefined }), user: i.user.id, button: kind };
  const stage = decodeStage((kind === 'walk' ? parts[5] : parts[4]) ?? '');
  const reply = await safely(ctx, fields, async () => {
    if (!stage) return privateText('That button is no longer supported.');
    if (kind === 'walk') return ctx.tutor.walkDrop(scope, Number(parts[3]), i.user.id, parts[4] ?? '', stage);
    return ctx.tutor.walkReview(scope, i.user.id, await reviewQuestion(ctx, scope, parts.slice(5).join(':')), parts[3] ?? '', stage);
  });
  if (reply.view.kind !== 'feedback') {
    return void (await i.reply({ ...renderMessages(reply.view, workspace)[0]!, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral }));
  }
  const [first, ...more] = renderMessages(reply.view, workspace);
  await i.update({ ...first!, allowedMentions: NO_MENTIONS });
  for (const m of more) await i.followUp({ ...m, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
}

/** Entry point for every INTERACTION_CREATE; never throws. */
export async function handleInteraction(ctx: DiscordContext, i: Interaction): Promise<void> {
  try {
    if (i.isAutocomplete() && i.commandName === ROOT) await autocomplete(ctx, i);
    else if (i.isChatInputCommand() && i.commandName === ROOT) await slash(ctx, i);
    else if (i.isButton() && /^stepwise:r?walk:/.test(i.customId)) await walkButton(ctx, i, i.customId.split(':'));
    else if (i.isButton() && i.customId.startsWith('stepwise:sg:')) await queueButton(ctx, i, i.customId.split(':'));
    else if (i.isButton() && i.customId.startsWith('stepwise:refill:')) await refillButton(ctx, i, i.customId.split(':')[2] ?? '');
    else if (i.isModalSubmit() && i.customId.startsWith('stepwise:form:')) await formSubmit(ctx, i);
    else if (i.isButton() && i.customId.startsWith('stepwise:')) await button(ctx, i);
  } catch (err) {
    // Usually the 3-second window was missed (10062) or Discord refused the reply; nothing more to say to the user.
    ctx.log.warn('discord.reply_failed', { ...where({ workspace: i.guildId ?? undefined, channel: i.channelId ?? undefined }), user: i.user.id, reason: reasonOf(err) });
  }
}
