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
import { errorsByBlock, formModal, formValues, parseFormMetadata, type FormMetadata } from '../forms.ts';
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

/** What a modal Stepwise cannot read says under its first field. */
export const UNKNOWN_FORM = 'Stepwise cannot read this form any more. Close it and run /quiz suggest (or /quiz suggestions) again.';

/** How long a view_submission may take before it is acked anyway: Slack waits 3 seconds for the answer. */
export const FORM_ACK_BUDGET_MS = 2500;

/** Registers the view_submission listener of every Stepwise modal. */
export function registerForms(app: App, ctx: SlackContext): void {
  const budget = ctx.formAckBudgetMs ?? FORM_ACK_BUDGET_MS;
  app.view<ViewSubmitAction>(FORM_CALLBACK, async ({ ack, body, view, context }) => {
    const at = ctx.clock.now();
    const workspace = context.teamId ?? body.team?.id ?? body.user.team_id ?? '';
    const user = body.user.id;
    const blockIds = view.blocks.flatMap((b) => (b.type === 'input' && b.block_id ? [b.block_id] : []));
    const meta = parseFormMetadata(view.private_metadata);
    if (!meta) {
      // Not a form this version can read (changed metadata, say): the person is told in the modal itself.
      ctx.log.warn('slack.form_unknown', { platform: PLATFORM, workspace, user });
      const errors = errorsByBlock({ form: UNKNOWN_FORM }, blockIds);
      await (Object.keys(errors).length ? ack({ response_action: 'errors', errors }) : ack());
      return;
    }
    const where = { workspace, channel: meta.channel, user };
    const work = decide(ctx, meta, where, body.user.name, formValues(view.state.values), at);
    // Usually the answer is ready at once; if not (a users.info waiting out a 429, say), the modal closes in
    // time and the outcome follows as a message.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), budget)));
    const first = await Promise.race([work, late]);
    clearTimeout(timer);
    if (first !== 'late' && first.kind === 'invalid') {
      await ack({ response_action: 'errors', errors: errorsByBlock(first.errors, blockIds) });
      return;
    }
    // Closes the modal; the answer comes as a message only they see where they asked (else a DM).
    await ack();
    await ctx.inflight.run(async () => {
      const outcome = await work;
      if (first === 'late') ctx.log.warn('slack.form_late', { platform: PLATFORM, ...where, form: meta.form, budgetMs: budget });
      const reply = outcome.kind === 'done' ? outcome.reply : notSaved(outcome);
      await ctx.feedback.privately(where, renderView(reply.view, { tz: ctx.tutor.settings.tz }));
    });
  });
}

/** What the tutor makes of a submission; never throws (a failure becomes a reply). */
async function decide(ctx: SlackContext, meta: FormMetadata, where: PrivateTarget, name: string, values: Record<string, string>, at: number): Promise<FormOutcome> {
  try {
    // An admin's edit or rejection needs admin rights (users.info, cached from the click that opened it).
    const channel = { platform: PLATFORM, workspace: where.workspace, channel: meta.channel };
    const needsAdmin = meta.form !== 'suggest';
    const adminGroup = needsAdmin ? await ctx.tutor.adminGroupOf(channel) : null;
    const { groupProblem, ...actor } = await ctx.actors.actor(where.workspace, where.user, name, needsAdmin, adminGroup);
    if (groupProblem && !actor.isAdmin) return { kind: 'done', reply: privateText(groupProblem, 'error') };
    return await ctx.tutor.submitForm(channel, actor, meta.form, meta.key, values, at);
  } catch (err) {
    return { kind: 'done', reply: errorReply(ctx.log, err, where, 'form') };
  }
}

/** Errors found after the modal had to close: listed by field, with how to try again. */
function notSaved(outcome: Extract<FormOutcome, { kind: 'invalid' }>): Reply {
  const label = (name: string) => outcome.form.fields.find((f) => f.name === name)?.label ?? name;
  const lines = Object.entries(outcome.errors).map(([name, text]) => `${label(name)}: ${text}`);
  const again = outcome.form.form === 'suggest' ? '/quiz suggest' : `/quiz suggestions ${outcome.form.form} ${outcome.form.key ?? ''}`.trim();
  return privateText(`That was not saved. ${lines.join(' ')} Run ${again} to try again.`, 'error');
}
