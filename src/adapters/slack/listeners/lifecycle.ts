/**
 * Channels and installs that go away: archived channels, the bot removed from a channel, the app
 * uninstalled or its tokens revoked. Their schedules pause and whoever made them is told, instead of
 * a drop failing at every slot.
 */
import type { App } from '@slack/bolt';
import { reasonOf } from '../../../core/deps.ts';
import { redact } from '../api-errors.ts';
import { PLATFORM } from '../refs.ts';
import { firstDelivery, type SlackContext } from './context.ts';

/** Registers channel_archive, group_archive, channel_left, member_left_channel, app_uninstalled and tokens_revoked. */
export function registerLifecycle(app: App, ctx: SlackContext): void {
  const once = (eventId: string, workspace: string, type: string, retry: number | undefined) => firstDelivery(ctx, eventId, workspace, type, retry);

  app.event('channel_archive', async ({ event, body, context }) => {
    const workspace = context.teamId ?? body.team_id;
    if (await once(body.event_id, workspace, event.type, context.retryNum)) await gone(ctx, workspace, [event.channel], 'the channel was archived');
  });
  app.event('group_archive', async ({ event, body, context }) => {
    const workspace = context.teamId ?? body.team_id;
    if (await once(body.event_id, workspace, event.type, context.retryNum)) await gone(ctx, workspace, [event.channel], 'the private channel was archived');
  });
  // "You left a channel": sent to the bot when it is removed (or leaves).
  app.event('channel_left', async ({ event, body, context }) => {
    const workspace = context.teamId ?? body.team_id;
    if (await once(body.event_id, workspace, event.type, context.retryNum)) await gone(ctx, workspace, [event.channel], 'Stepwise was removed from the channel');
  });
  app.event('member_left_channel', async ({ event, body, context }) => {
    const workspace = context.teamId ?? body.team_id;
    // Anyone else leaving changes nothing for the schedules.
    if (event.user !== context.botUserId) return;
    if (await once(body.event_id, workspace, event.type, context.retryNum)) await gone(ctx, workspace, [event.channel], 'Stepwise was removed from the channel');
  });
  app.event('app_uninstalled', async ({ body, context }) => {
    const workspace = context.teamId ?? body.team_id;
    if (await once(body.event_id, workspace, 'app_uninstalled', context.retryNum)) await uninstalled(ctx, workspace, 'Stepwise was uninstalled from the workspace');
  });
  app.event('tokens_revoked', async ({ event, body, context }) => {
    const workspace = context.teamId ?? body.team_id;
    // Only the bot's own token matters; revoked user tokens are not ours. Bolt skips authorizing this
    // event, so with OAuth the bot user comes from the workspace's installation.
    const bots = (event.tokens as { bot?: string[] } | undefined)?.bot ?? [];
    const botUserId = context.botUserId ?? (await ctx.installations?.botUserId(workspace).catch(() => undefined));
    if (botUserId && !bots.includes(botUserId)) return;
    if (await once(body.event_id, workspace, event.type, context.retryNum)) await uninstalled(ctx, workspace, 'the Stepwise bot token was revoked');
  });
}

/**
 * The app is gone from a workspace: its installation is deleted (OAuth), so nothing uses the dead token
 * again, and its schedules pause. Scores and history stay: an admin may reinstall (erasing them is
 * `npm run erase-workspace`).
 */
async function uninstalled(ctx: SlackContext, workspace: string, reason: string): Promise<void> {
  if (ctx.installations) {
    try {
      await ctx.installations.remove(workspace);
    } catch (err) {
      ctx.log.error('slack.handler_failed', { platform: PLATFORM, workspace, what: 'delete installation', reason: redact(reasonOf(err)) });
    }
  }
  await goneEverywhere(ctx, workspace, reason);
}

async function goneEverywhere(ctx: SlackContext, workspace: string, reason: string): Promise<void> {
  const channels = [...new Set((await ctx.tutor.listSchedules({ platform: PLATFORM, workspace })).filter((s) => !s.paused).map((s) => s.channel))];
  await gone(ctx, workspace, channels, reason);
}

async function gone(ctx: SlackContext, workspace: string, channels: string[], reason: string): Promise<void> {
  await ctx.inflight.run(async () => {
    for (const channel of channels) {
      try {
        const paused = await ctx.tutor.channelGone({ platform: PLATFORM, workspace, channel }, reason, ctx.clock.now());
        ctx.log.info('slack.channel_gone', { platform: PLATFORM, workspace, channel, reason, paused: paused.length });
      } catch (err) {
        ctx.log.error('slack.handler_failed', { platform: PLATFORM, workspace, channel, what: 'channel gone', reason: redact(reasonOf(err)) });
      }
    }
  });
}
