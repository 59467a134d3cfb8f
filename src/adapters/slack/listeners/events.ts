/** Events: reaction_added answers a drop; app_home_opened publishes the Home tab. Each event id is handled once. */
import type { App, types } from '@slack/bolt';
import { logApiError } from '../api-errors.ts';
import { sendPrivate } from '../private-reply.ts';
import { letterOfReaction, messageRef, PLATFORM } from '../refs.ts';
import { homeView } from '../render-lists.ts';
import { renderView } from '../render.ts';
import { errorReply, type SlackContext } from './context.ts';

/** Registers reaction_added and app_home_opened. */
export function registerEvents(app: App, ctx: SlackContext): void {
  app.event('reaction_added', async ({ event, body, context }) => {
    if (!firstDelivery(ctx, body.event_id, body.team_id, event.type, context.retryNum)) return;
    await ctx.inflight.run(() => onReaction(ctx, event, body.team_id, context.retryNum ?? 0, context.botUserId));
  });
  app.event('app_home_opened', async ({ event, body, context }) => {
    if (event.tab !== 'home' || !firstDelivery(ctx, body.event_id, body.team_id, event.type, context.retryNum)) return;
    await ctx.inflight.run(() => onHomeOpened(ctx, event.user, body.team_id));
  });
}

/** False (and a log line) when this event id was already handled: Slack redelivered it. */
function firstDelivery(ctx: SlackContext, eventId: string, workspace: string, type: string, retryNum: number | undefined): boolean {
  if (ctx.dedupe.first(eventId)) return true;
  ctx.log.info('slack.event_duplicate', { platform: PLATFORM, workspace, event: eventId, type, retry: retryNum ?? 0 });
  return false;
}

async function onReaction(ctx: SlackContext, event: types.ReactionAddedEvent, workspace: string, retryNum: number, botUserId: string | undefined): Promise<void> {
  const ignore = (reason: string) => ctx.log.debug('slack.reaction_ignored', { platform: PLATFORM, workspace, channel: event.item.channel, reaction: event.reaction, reason });
  if (event.item.type !== 'message') return ignore('not a message');
  if (event.user === botUserId) return ignore('the bot’s own reaction');
  const letter = letterOfReaction(event.reaction);
  if (!letter) return ignore('not an answer emoji');
  const ref = messageRef(event.item.channel, event.item.ts);
  const drop = ctx.tutor.dropByMessage(PLATFORM, ref);
  if (!drop) return ignore('not a drop');
  // A redelivery after a restart (the in-memory ids are gone) of a reaction already stored: the
  // answers table kept the first answer anyway; this only spares the person a second reply.
  if (retryNum > 0 && ctx.tutor.answerOf(drop.id, event.user)?.via === 'reaction') {
    return ignore('redelivered after it was stored');
  }
  const where = { workspace, channel: event.item.channel, user: event.user };
  let reply;
  try {
    const actor = await ctx.actors.actor(workspace, event.user);
    reply = await ctx.tutor.answerByMessage(PLATFORM, ref, actor, letter, ctx.clock.now());
  } catch (err) {
    reply = errorReply(ctx.log, err, where, 'reaction');
  }
  if (reply) await sendPrivate(ctx.client, ctx.log, where, renderView(reply.view, { tz: ctx.tutor.settings.tz }));
}

async function onHomeOpened(ctx: SlackContext, userId: string, workspace: string): Promise<void> {
  const scope = { platform: PLATFORM, workspace };
  try {
    const actor = await ctx.actors.actor(workspace, userId);
    const now = ctx.clock.now();
    const view = homeView(ctx.tutor.stats(scope, userId, actor.name, now), ctx.tutor.leaderboard(scope, 'week', userId, now), ctx.tutor.settings.tz);
    await ctx.client.views.publish({ user_id: userId, view });
  } catch (err) {
    logApiError(ctx.log, 'views.publish', { workspace, user: userId }, err);
  }
}
