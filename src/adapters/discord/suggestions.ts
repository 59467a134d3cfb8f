/**
 * Member suggestions on Discord: a form's modal submit (`stepwise:form:…`) goes to the tutor, errors come back
 * privately with "Fix it" (`stepwise:refill:…`), and the admins' queue buttons (`stepwise:sg:…`) approve, edit
 * or reject, with the same admin rule as admin commands.
 */
import type { ButtonInteraction, ModalSubmitInteraction } from 'discord.js';
import { MessageFlags } from 'discord.js';
import { privateText } from '../../core/views.ts';
import { actorOf, GUILD_ONLY, NO_MENTIONS, PLATFORM, where, withAdminRole, type DiscordContext } from './context.ts';
import { EXPIRED, invalidMessage, parseFormId, refilled, valuesOf } from './forms.ts';
import { respond } from './respond.ts';

const UNSUPPORTED = 'That button is no longer supported.';

/** The modal submit of a form: the tutor checks it; errors come back privately with "Fix it". */
export async function formSubmit(ctx: DiscordContext, i: ModalSubmitInteraction): Promise<void> {
  const parsed = parseFormId(i.customId);
  if (!i.inGuild() || !i.channelId || !parsed) {
    return void (await i.reply({ content: parsed ? GUILD_ONLY : 'That form is no longer supported.', flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS }));
  }
  const workspace = i.guildId;
  const channel = { platform: PLATFORM, workspace, channel: i.channelId };
  const actor = actorOf(ctx, i.user, i.member, i.memberPermissions);
  const fields = { ...where(channel), user: actor.id, form: parsed.form };
  const values = valuesOf(i);
  const now = ctx.clock.now();
  await respond(ctx, i, workspace, fields, async () => {
    // An admin's edit or rejection counts the workspace's admin role, as admin commands do.
    const who = parsed.form === 'suggest' ? actor : await withAdminRole(ctx, actor, workspace, i.member);
    const outcome = await ctx.tutor.submitForm(channel, who, parsed.form, parsed.key, values, now);
    if (outcome.kind === 'done') return outcome.reply;
    const token = ctx.forms.keep(refilled(outcome.form, values), actor.id, workspace, now);
    const message = invalidMessage(outcome, token);
    return { ...privateText(message.content ?? '', 'error'), components: message.components };
  });
}

/** "Fix it": the form with what was typed, for the person who typed it, while it is remembered. */
export async function refillButton(ctx: DiscordContext, i: ButtonInteraction, token: string): Promise<void> {
  if (!i.inGuild()) return void (await i.reply({ content: GUILD_ONLY, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS }));
  const form = ctx.forms.find(token, i.user.id, i.guildId, ctx.clock.now());
  const fields = { ...where({ workspace: i.guildId, channel: i.channelId }), user: i.user.id, button: 'refill' };
  await respond(ctx, i, i.guildId, fields, () => (form ? { ...privateText('The form could not open in time. Press Fix it again.'), form } : privateText(EXPIRED)), {
    mayOpenForm: true,
  });
}

/** `stepwise:sg:<approve|edit|reject>:<id>` under the admins' queue; the tutor refuses anyone not an admin. */
export async function queueButton(ctx: DiscordContext, i: ButtonInteraction, parts: string[]): Promise<void> {
  if (!i.inGuild()) return void (await i.reply({ content: GUILD_ONLY, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS }));
  const [, , action, rawId] = parts;
  const workspace = i.guildId;
  const scope = { platform: PLATFORM, workspace };
  const actor = actorOf(ctx, i.user, i.member, i.memberPermissions);
  const fields = { ...where({ ...scope, channel: i.channelId }), user: actor.id, button: `sg:${action}` };
  const id = Number(rawId);
  const now = ctx.clock.now();
  await respond(
    ctx,
    i,
    workspace,
    fields,
    async () => {
      if (!/^\d{1,9}$/.test(rawId ?? '')) return privateText(UNSUPPORTED);
      const who = await withAdminRole(ctx, actor, workspace, i.member);
      if (action === 'approve') return ctx.tutor.approveSuggestion(scope, who, id, {}, now);
      if (action === 'edit') return ctx.tutor.editSuggestionForm(scope, who, id);
      if (action === 'reject') return ctx.tutor.rejectSuggestionForm(scope, who, id);
      return privateText(UNSUPPORTED);
    },
    { mayOpenForm: action === 'edit' || action === 'reject' },
  );
}
