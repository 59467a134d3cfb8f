/**
 * Forms as Slack modals: opening one with the trigger_id of the command or button that asked for it
 * (Slack allows 3 seconds), and its view_submission, which goes to `tutor.submitForm`. A submission that is
 * not right is answered with `response_action: "errors"` so the modal stays open with what the person typed.
 */
import type { App, ViewSubmitAction, webApi } from '@slack/bolt';
import type { FormOutcome, FormView, Reply } from '../../../core/views.ts';
import { privateText } from '../../../core/views.ts';
import { logApiError } from '../api-errors.ts';
import type { PrivateTarget } from '../feedback.ts';
import { errorsByBlock, formModal, formValues, parseFormMetadata } from '../forms.ts';
import { FORM_CALLBACK, PLATFORM } from '../refs.ts';
import { renderView } from '../render.ts';
import { errorReply, type SlackContext } from './context.ts';

/**
 * Opens `form` as a modal for the person behind `triggerId`. False when Slack would not (the trigger
 * expired because something before it was slow, say): the caller then sends the Reply's view instead.
 */
export async function openForm(ctx: SlackContext, client: webApi.WebClient, triggerId: string | undefined, form: FormView, where: PrivateTarget): Promise<boolean> {
  if (!triggerId) return false;
  try {
    // Not through the call queue: a trigger_id cannot wait out anything.
    await client.views.open({ trigger_id: triggerId, view: formModal(form, where.channel) });
    return true;
  } catch (err) {
    logApiError(ctx.log, 'views.open', where, err, 'warn');
    return false;
  }
}

/** Registers the view_submission listener of every Stepwise modal. */
export function registerForms(app: App, ctx: SlackContext): void {
  app.view<ViewSubmitAction>(FORM_CALLBACK, async ({ ack, body, view, context }) => {
    const at = ctx.clock.now();
    const workspace = context.teamId ?? body.team?.id ?? body.user.team_id ?? '';
    const user = body.user.id;
    const meta = parseFormMetadata(view.private_metadata);
    if (!meta) {
      await ack();
      ctx.log.warn('slack.form_unknown', { platform: PLATFORM, workspace, user });
      return;
    }
    const where = { workspace, channel: meta.channel, user };
    let outcome: FormOutcome;
    try {
      // An admin's edit or rejection needs admin rights (users.info, cached from the click that opened it).
      const channel = { platform: PLATFORM, workspace, channel: meta.channel };
      const needsAdmin = meta.form !== 'suggest';
      const adminGroup = needsAdmin ? await ctx.tutor.adminGroupOf(channel) : null;
      const { groupProblem, ...actor } = await ctx.actors.actor(workspace, user, body.user.name, needsAdmin, adminGroup);
      outcome =
        groupProblem && !actor.isAdmin
          ? { kind: 'done', reply: privateText(groupProblem, 'error') }
          : await ctx.tutor.submitForm(channel, actor, meta.form, meta.key, formValues(view.state.values), at);
    } catch (err) {
      outcome = { kind: 'done', reply: errorReply(ctx.log, err, where, 'form') };
    }
    if (outcome.kind === 'invalid') {
      const blockIds = view.blocks.flatMap((b) => (b.type === 'input' && b.block_id ? [b.block_id] : []));
      await ack({ response_action: 'errors', errors: errorsByBlock(outcome.errors, blockIds) });
      return;
    }
    // Closes the modal; the answer comes as a message only they see where they asked (else a DM).
    await ack();
    const reply: Reply = outcome.reply;
    await ctx.inflight.run(async () => {
      await ctx.feedback.privately(where, renderView(reply.view, { tz: ctx.tutor.settings.tz }));
    });
  });
}
