/** `/quiz <text>`: ack at once, then parse with the one command spec, dispatch, and reply (ephemeral by default). */
import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import { COMMANDS, dispatch, parseText } from '../../../commands/index.ts';
import { lookup } from '../../../commands/lookup.ts';
import type { ChannelRef } from '../../../core/types.ts';
import { privateText, type Reply } from '../../../core/views.ts';
import { redact } from '../api-errors.ts';
import { PLATFORM } from '../refs.ts';
import { renderView } from '../render.ts';
import { errorReply, type SlackContext } from './context.ts';

/** Registers `/quiz`. */
export function registerCommands(app: App, ctx: SlackContext): void {
  app.command('/quiz', async ({ command, ack, respond, context }) => {
    // The time the person typed it, before anything can wait.
    const at = ctx.clock.now();
    // Slack gives three seconds; everything else (users.info, posting a drop, a 429 wait) comes after.
    await ack();
    await ctx.inflight.run(() => handleCommand(ctx, command, respond, context.teamId ?? command.team_id, at));
  });
}

async function handleCommand(ctx: SlackContext, command: SlashCommand, respond: RespondFn, workspace: string, at: number): Promise<void> {
  const channel: ChannelRef = { platform: PLATFORM, workspace, channel: command.channel_id };
  const where = { workspace, channel: command.channel_id, user: command.user_id };
  let reply: Reply;
  try {
    // Slack escapes mentions in the text (should_escape): <#C…|name> and <@U…|name>; parseText strips them to ids.
    const invocation = parseText(command.text ?? '');
    // users.info only where rights matter: an admin command.
    const found = lookup(COMMANDS, invocation.path);
    const needsAdmin = 'spec' in found && found.spec.admin;
    const adminGroup = needsAdmin ? await ctx.tutor.adminGroupOf(channel) : null;
    const { groupProblem, ...actor } = await ctx.actors.actor(workspace, command.user_id, command.user_name, needsAdmin, adminGroup);
    // Not an admin, and the admin group could not be checked: say why (and what to do) rather than "for admins".
    reply = groupProblem && !actor.isAdmin ? privateText(groupProblem, 'error') : await dispatch(invocation, { tutor: ctx.tutor, actor, channel, now: at }, ctx.log);
  } catch (err) {
    reply = errorReply(ctx.log, err, where, 'command');
  }
  const share = reply.view.kind === 'leaderboard' && reply.visibility === 'private';
  const msg = renderView(reply.view, { tz: ctx.tutor.settings.tz, share });
  try {
    // response_url works in any channel, even one the bot is not in, and for private replies it is ephemeral.
    const res = await respond({ response_type: reply.visibility === 'public' ? 'in_channel' : 'ephemeral', text: msg.text, blocks: msg.blocks });
    if (!res.ok) throw new Error(`response_url answered HTTP ${res.status}`);
  } catch (err) {
    ctx.log.warn('slack.respond_failed', { platform: PLATFORM, ...where, reason: redact(err instanceof Error ? err.message : String(err)) });
    if (reply.visibility === 'private') await ctx.feedback.privately(where, msg);
  }
}
