/**
 * Buttons: A-D on a drop answer it, A-D on a review card grade it, 💡 gives the hint, "Share in channel" posts
 * a leaderboard publicly, Approve / Edit / Reject on the suggestion queue (admins).
 */
import type { App, BlockAction, ButtonAction, Context, RespondFn, webApi } from '@slack/bolt';
import { PERIODS, type Period } from '../../../core/boards.ts';
import { privateText, type Reply } from '../../../core/views.ts';
import { logApiError } from '../api-errors.ts';
import { actedAt, ANSWER_ACTION, HINT_ACTION, parseAnswerValue, parseHintValue, parseReviewValue, parseSuggestionValue, parseWalkValue, PLATFORM, REVIEW_ACTION, SHARE_ACTION, SUGGESTION_ACTION, WALK_ACTION } from '../refs.ts';
import { decodeStage } from '../../../core/walk.ts';
import { leaderboardMessage } from '../render-lists.ts';
import { renderView, textMessage } from '../render.ts';
import { errorReply, type SlackContext } from './context.ts';
import { openForm } from './forms.ts';
import { replyPrivately } from './reply.ts';

/** The workspace (Bolt's context.teamId, which is right for shared channels too), channel and user of a click. */
function whereOf(body: BlockAction, context: Context): { workspace: string; channel: string | undefined; user: string } {
  const container = body.container as { channel_id?: unknown };
  const channel = body.channel?.id ?? (typeof container.channel_id === 'string' ? container.channel_id : undefined);
  return { workspace: context.teamId ?? body.team?.id ?? body.user.team_id ?? '', channel, user: body.user.id };
}

/** Registers the answer, review and share buttons. */
export function registerActions(app: App, ctx: SlackContext): void {
  app.action<BlockAction<ButtonAction>>(ANSWER_ACTION, async ({ ack, body, action, respond, context }) => {
    // The click time, before anything can wait: an answer is judged by when it was given.
    const at = actedAt(action.action_ts, ctx.clock.now());
    await ack();
    await ctx.inflight.run(() => onAnswer(ctx, body, action, respond, whereOf(body, context), at));
  });
  app.action<BlockAction<ButtonAction>>(REVIEW_ACTION, async ({ ack, body, action, respond, context }) => {
    const at = actedAt(action.action_ts, ctx.clock.now());
    await ack();
    await ctx.inflight.run(() => onReview(ctx, body, action, respond, whereOf(body, context), at));
  });
  app.action<BlockAction<ButtonAction>>(HINT_ACTION, async ({ ack, body, action, respond, context }) => {
    const at = actedAt(action.action_ts, ctx.clock.now());
    await ack();
    await ctx.inflight.run(() => onHint(ctx, body, action, respond, whereOf(body, context), at));
  });
  app.action<BlockAction<ButtonAction>>(WALK_ACTION, async ({ ack, body, action, respond, context }) => {
    await ack();
    await ctx.inflight.run(() => onWalk(ctx, action, respond, whereOf(body, context)));
  });
  app.action<BlockAction<ButtonAction>>(SUGGESTION_ACTION, async ({ ack, body, action, respond, context, client }) => {
    const at = ctx.clock.now();
    await ack();
    await ctx.inflight.run(() => onSuggestion(ctx, client, body, action, respond, whereOf(body, context), at));
  });
  app.action<BlockAction<ButtonAction>>(SHARE_ACTION, async ({ ack, body, action, respond, context, client }) => {
    const at = ctx.clock.now();
    await ack();
    await ctx.inflight.run(() => onShare(ctx, client, body, action, respond, whereOf(body, context), at));
  });
}

type Where = ReturnType<typeof whereOf>;

async function onAnswer(ctx: SlackContext, body: BlockAction, action: ButtonAction, respond: RespondFn, where: Where, at: number): Promise<void> {
  const { workspace, channel, user } = where;
  if (!channel) return;
  const answer = parseAnswerValue(action.value);
  let reply: Reply;
  if (!answer) reply = privateText('That button does not belong to a Stepwise question.', 'error');
  else {
    try {
      // No Web API call on the answer path: the name comes with the click.
      const actor = ctx.actors.answerer(workspace, user, body.user.name ?? body.user.username);
      reply = await ctx.tutor.answerDropId({ platform: PLATFORM, workspace }, answer.dropId, actor, answer.letter, 'button', at);
    } catch (err) {
      reply = errorReply(ctx.log, err, { workspace, channel, user }, 'answer button');
    }
  }
  await replyPrivately(ctx, respond, { workspace, channel, user }, renderView(reply.view, { tz: ctx.tutor.settings.tz }));
}

async function onReview(ctx: SlackContext, body: BlockAction, action: ButtonAction, respond: RespondFn, where: Where, at: number): Promise<void> {
  const { workspace, channel, user } = where;
  const card = parseReviewValue(action.value);
  let reply: Reply;
  if (!card) reply = privateText('That button does not belong to a Stepwise review card.', 'error');
  else {
    try {
      const actor = ctx.actors.answerer(workspace, user, body.user.name ?? body.user.username);
      reply = await ctx.tutor.answerReview({ platform: PLATFORM, workspace }, actor, card.questionId, card.letter, 'button', at);
    } catch (err) {
      reply = errorReply(ctx.log, err, { workspace, ...(channel ? { channel } : {}), user }, 'review button');
    }
  }
  // The card (ephemeral or DM) is replaced by its result, so its buttons cannot be pressed twice; an
  // error leaves the card where it is and comes as a separate private message.
  await replaceOrSend(ctx, respond, where, reply);
}

/** 💡 on a drop or a review card: the hint as a new private message, leaving the question or card in place. */
async function onHint(ctx: SlackContext, body: BlockAction, action: ButtonAction, respond: RespondFn, where: Where, at: number): Promise<void> {
  const { workspace, channel, user } = where;
  if (!channel) return;
  const target = parseHintValue(action.value);
  let reply: Reply;
  if (!target) reply = privateText('That button does not belong to a Stepwise question.', 'error');
  else {
    try {
      const actor = ctx.actors.answerer(workspace, user, body.user.name ?? body.user.username);
      const scope = { platform: PLATFORM, workspace };
      reply = 'dropId' in target ? await ctx.tutor.hintForDrop(scope, target.dropId, actor, at) : await ctx.tutor.hintForReview(scope, actor, target.questionId, at);
    } catch (err) {
      reply = errorReply(ctx.log, err, { workspace, channel, user }, 'hint button');
    }
  }
  await replyPrivately(ctx, respond, { workspace, channel, user }, renderView(reply.view, { tz: ctx.tutor.settings.tz }));
}

/**
 * A walkthrough button: the same private message (ephemeral or DM) is replaced by the next stage. A
 * refusal comes as a new private message and leaves the feedback where it is.
 */
async function onWalk(ctx: SlackContext, action: ButtonAction, respond: RespondFn, where: Where): Promise<void> {
  const { workspace, channel, user } = where;
  const ref = parseWalkValue(action.value);
  const stage = ref && decodeStage(ref.stage);
  let reply: Reply;
  if (!ref || !stage) reply = privateText('That button does not belong to a Stepwise answer.', 'error');
  else {
    try {
      const scope = { platform: PLATFORM, workspace };
      reply = 'dropId' in ref ? await ctx.tutor.walkDrop(scope, ref.dropId, user, ref.letter, stage) : await ctx.tutor.walkReview(scope, user, ref.questionId, ref.letter, stage);
    } catch (err) {
      reply = errorReply(ctx.log, err, { workspace, ...(channel ? { channel } : {}), user }, 'walk button');
    }
  }
  await replaceOrSend(ctx, respond, where, reply);
}

/**
 * Feedback replaces the private message the button was on (through its response_url); anything else
 * (an error) comes as a new private message. If the response_url is refused, a new one is sent instead.
 */
async function replaceOrSend(ctx: SlackContext, respond: RespondFn, where: Where, reply: Reply): Promise<void> {
  const { workspace, channel, user } = where;
  const msg = renderView(reply.view, { tz: ctx.tutor.settings.tz });
  try {
    const res = await respond({ response_type: 'ephemeral', replace_original: reply.view.kind === 'feedback', text: msg.text, blocks: msg.blocks });
    if (!res.ok) throw new Error(`response_url answered HTTP ${res.status}`);
  } catch {
    if (channel) await ctx.feedback.privately({ workspace, channel, user }, msg);
  }
}

/** `client` is the one Bolt hands the listener: the clicking workspace's own token. */
async function onShare(ctx: SlackContext, client: webApi.WebClient, body: BlockAction, action: ButtonAction, respond: RespondFn, where: Where, at: number): Promise<void> {
  const { workspace, channel, user } = where;
  if (!channel) return;
  const period: Period = (PERIODS as readonly string[]).includes(action.value ?? '') ? (action.value as Period) : 'week';
  const actor = ctx.actors.answerer(workspace, user, body.user.name ?? body.user.username);
  // The public board has no "your rank" row: that row belongs to whoever asked.
  const { me: _me, ...board } = await ctx.tutor.leaderboard({ platform: PLATFORM, workspace }, period, user, at);
  const msg = leaderboardMessage(board, { sharedBy: actor.name });
  try {
    const res = await respond({ response_type: 'in_channel', replace_original: false, text: msg.text, blocks: msg.blocks });
    if (!res.ok) throw new Error(`response_url answered HTTP ${res.status}`);
  } catch {
    try {
      await client.chat.postMessage({ channel, text: msg.text, blocks: msg.blocks });
    } catch (err) {
      logApiError(ctx.log, 'chat.postMessage', { workspace, channel, user }, err);
      await ctx.feedback.privately({ workspace, channel, user }, textMessage('Could not share the leaderboard here. Invite @Stepwise to the channel and try again.'));
      return;
    }
  }
  // The ephemeral copy with its button has done its job; removing it is best effort.
  await respond({ delete_original: true }).catch(() => undefined);
}

/**
 * Approve / Edit / Reject on the queue. Admin rights as for admin commands (users.info, the workspace's admin
 * group); the core refuses anyone else. Edit and Reject open a modal with the click's trigger_id; approving
 * answers privately (the author is told by the core, in a DM).
 */
async function onSuggestion(ctx: SlackContext, client: webApi.WebClient, body: BlockAction, action: ButtonAction, respond: RespondFn, where: Where, at: number): Promise<void> {
  const { workspace, channel, user } = where;
  if (!channel) return;
  const id = parseSuggestionValue(action.value);
  const kind = SUGGESTION_ACTION.exec(action.action_id)?.[1];
  let reply: Reply;
  if (id === undefined || kind === undefined) reply = privateText('That button does not belong to a Stepwise suggestion.', 'error');
  else {
    try {
      const scope = { platform: PLATFORM, workspace };
      const adminGroup = await ctx.tutor.adminGroupOf(scope);
      const { groupProblem, ...actor } = await ctx.actors.actor(workspace, user, body.user.name ?? body.user.username, true, adminGroup);
      if (groupProblem && !actor.isAdmin) reply = privateText(groupProblem, 'error');
      else if (kind === 'approve') reply = await ctx.tutor.approveSuggestion(scope, actor, id, {}, at);
      else if (kind === 'edit') reply = await ctx.tutor.editSuggestionForm(scope, actor, id);
      else reply = await ctx.tutor.rejectSuggestionForm(scope, actor, id);
    } catch (err) {
      reply = errorReply(ctx.log, err, { workspace, channel, user }, 'suggestion button');
    }
  }
  if (reply.form && (await openForm(ctx, client, body.trigger_id, reply.form, { workspace, channel, user }))) return;
  await replyPrivately(ctx, respond, { workspace, channel, user }, renderView(reply.view, { tz: ctx.tutor.settings.tz }));
}
