/** Events: reaction_added answers a drop; app_home_opened publishes the Home tab. Each event id is handled once. */
import type { App, types } from '@slack/bolt';
import { logApiError } from '../api-errors.ts';
import { actedAt, letterOfReaction, messageRef, PLATFORM } from '../refs.ts';
import { homeView } from '../render-lists.ts';
import { renderView } from '../render.ts';
import { errorReply, firstDelivery, type SlackContext } from './context.ts';

/** How many recent results the App Home lists. */
const HOME_RESULTS = 5;

/** Registers reaction_added and app_home_opened. */
export function registerEvents(app: App, ctx: SlackContext): void {
  app.event('reaction_added', async ({ event, body, context }) => {
    // The reaction's time, before any lookup can wait.
    const at = actedAt(event.event_ts, ctx.clock.now());
    const workspace = context.teamId ?? body.team_id;
    if (!(await firstDelivery(ctx, body.event_id, workspace, event.type, context.retryNum))) return;
    await ctx.inflight.run(() => onReaction(ctx, event, workspace, context.retryNum ?? 0, context.botUserId, at));
  });
  app.event('app_home_opened', async ({ event, body, context }) => {
    const workspace = context.teamId ?? body.team_id;
    if (event.tab !== 'home' || !(await firstDelivery(ctx, body.event_id, workspace, event.type, context.retryNum))) return;
    await ctx.inflight.run(() => onHomeOpened(ctx, event.user, workspace));
  });
}

async function onReaction(ctx: SlackContext, event: types.ReactionAddedEvent, workspace: string, retryNum: number, botUserId: string | undefined, at: number): Promise<void> {
  const ignore = (reason: string) => ctx.log.debug('slack.reaction_ignored', { platform: PLATFORM, workspace, channel: event.item.channel, reaction: event.reaction, reason });
  if (event.item.type !== 'message') return ignore('not a message');
  if (event.user === botUserId) return ignore('the bot’s own reaction');
  const letter = letterOfReaction(event.reaction);
  if (!letter) return ignore('not an answer emoji');
  const ref = messageRef(event.item.channel, event.item.ts);
  const drop = await ctx.tutor.dropByMessage(PLATFORM, ref);
  if (!drop) return ignore('not a drop');
  // A redelivery after a restart (the in-memory ids are gone) of a reaction already stored: the
  // answers table kept the first answer anyway; this only spares the person a second reply.
  if (retryNum > 0 && (await ctx.tutor.answerOf(drop.id, event.user))?.via === 'reaction') {
    return ignore('redelivered after it was stored');
  }
  // Other apps' bots may react too; they are not learners.
  if (await ctx.actors.isBot(workspace, event.user)) return ignore('a bot’s reaction');
  const where = { workspace, channel: event.item.channel, user: event.user };
  let reply;
  try {
    const actor = ctx.actors.answerer(workspace, event.user);
    reply = await ctx.tutor.answerByMessage(PLATFORM, ref, actor, letter, at);
  } catch (err) {
    reply = errorReply(ctx.log, err, where, 'reaction');
  }
  // A reaction has no response_url: the feedback queue paces chat.postEphemeral (Tier 4).
  if (reply) await ctx.feedback.privately(where, renderView(reply.view, { tz: ctx.tutor.settings.tz }));
}

async function onHomeOpened(ctx: SlackContext, userId: string, workspace: string): Promise<void> {
  const scope = { platform: PLATFORM, workspace };
  try {
    const actor = ctx.actors.answerer(workspace, userId);
    const now = ctx.clock.now();
    const [recent, stats, board] = await Promise.all([
      ctx.tutor.recentResults(scope, userId, HOME_RESULTS),
      ctx.tutor.stats(scope, userId, actor.name, now),
      ctx.tutor.leaderboard(scope, 'week', userId, now),
    ]);
    const view = homeView(stats, board, ctx.tutor.settings.tz, recent.map((r) => r.view));
    await ctx.feedback.publishHome(workspace, userId, view);
  } catch (err) {
    logApiError(ctx.log, 'views.publish', { workspace, user: userId }, err);
  }
}
