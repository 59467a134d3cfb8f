/** `/quiz <text>`: ack at once, then parse with the one command spec, dispatch, and reply (ephemeral by default). */
import type { App, RespondFn, SlashCommand, webApi } from '@slack/bolt';
import { COMMANDS, dispatch, parseText } from '../../../commands/index.ts';
import { lookup } from '../../../commands/lookup.ts';
import type { ChannelRef } from '../../../core/types.ts';
import { privateText, type Reply } from '../../../core/views.ts';
import { logApiError, redact } from '../api-errors.ts';
import { message, section, type SlackMessage } from '../blocks.ts';
import { explainUploadError, uploadFiles } from '../files.ts';
import { PLATFORM } from '../refs.ts';
import { renderView } from '../render.ts';
import { errorReply, type SlackContext } from './context.ts';
import { openForm } from './forms.ts';

/** Registers `/quiz`. */
export function registerCommands(app: App, ctx: SlackContext): void {
  app.command('/quiz', async ({ command, ack, respond, context, client }) => {
    // The time the person typed it, before anything can wait.
    const at = ctx.clock.now();
    // Slack gives three seconds; everything else (users.info, posting a drop, a 429 wait) comes after.
    await ack();
    await ctx.inflight.run(() => handleCommand(ctx, client, command, respond, context.teamId ?? command.team_id, at));
  });
}

async function handleCommand(ctx: SlackContext, client: webApi.WebClient, command: SlashCommand, respond: RespondFn, workspace: string, at: number): Promise<void> {
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
  // A form opens as a modal (the ack came first, so the trigger_id is still fresh); where it cannot, the
  // reply's text goes instead.
  if (reply.form && (await openForm(ctx, client, command.trigger_id, reply.form, where))) return;
  const share = reply.view.kind === 'leaderboard' && reply.visibility === 'private';
  const notes = reply.files?.length ? await deliverFiles(ctx, client, reply, where) : [];
  const rendered = renderView(reply.view, { tz: ctx.tutor.settings.tz, share });
  // A public reply stays what everyone sees; what happened to its files is told to the caller alone.
  const msg = reply.visibility === 'private' ? withNotes(rendered, notes) : rendered;
  try {
    // response_url works in any channel, even one the bot is not in, and for private replies it is ephemeral.
    const res = await respond({ response_type: reply.visibility === 'public' ? 'in_channel' : 'ephemeral', text: msg.text, blocks: msg.blocks });
    if (!res.ok) throw new Error(`response_url answered HTTP ${res.status}`);
    if (reply.visibility === 'public' && notes.length) await respond({ response_type: 'ephemeral', text: notes.join('\n') });
  } catch (err) {
    ctx.log.warn('slack.respond_failed', { platform: PLATFORM, ...where, reason: redact(err instanceof Error ? err.message : String(err)) });
    if (reply.visibility === 'private') await ctx.feedback.privately(where, msg);
  }
}

/** `notes` (where a file went, or why it did not) above the reply. */
function withNotes(msg: SlackMessage, notes: string[]): SlackMessage {
  if (notes.length === 0) return msg;
  return message(`${notes.join('\n')}\n${msg.text}`, [section(notes.join('\n')), ...msg.blocks]);
}

/**
 * Sends a reply's files: a public reply's into the channel; a private reply's downloads into the person's
 * DM (an ephemeral message cannot carry files), its pictures nowhere (the text says the same, and a DM per
 * board would be noise). `client` is the one Bolt handed the listener (the workspace's own). Returns a sentence per download saying where it went or what to do.
 */
async function deliverFiles(ctx: SlackContext, client: webApi.WebClient, reply: Reply, where: { workspace: string; channel: string; user: string }): Promise<string[]> {
  const files = reply.files ?? [];
  const downloads = files.filter((f) => f.kind === 'download');
  if (reply.visibility === 'public') {
    const code = await uploadFiles(client, ctx.log, where, { channel: where.channel }, files);
    return code ? downloads.map((f) => explainUploadError(code, f.name, where.channel)) : [];
  }
  const pictures = files.filter((f) => f.kind === 'picture');
  if (pictures.length) ctx.log.info('slack.files_left_out', { platform: PLATFORM, ...where, files: pictures.map((f) => f.name), reason: 'ephemeral' });
  if (downloads.length === 0) return [];
  let dm: string;
  try {
    dm = await ctx.feedback.dmChannel(where.workspace, where.user);
  } catch (err) {
    const code = logApiError(ctx.log, 'conversations.open', where, err, 'warn');
    return downloads.map((f) => `I could not send ${f.name}: Slack would not open a direct message with you (${code}).`);
  }
  const code = await uploadFiles(client, ctx.log, where, { channel: dm }, downloads);
  return downloads.map((f) => (code ? explainUploadError(code, f.name, dm) : `I sent ${f.name} to you in a direct message from Stepwise (Slack cannot attach files to a message only you see).`));
}
