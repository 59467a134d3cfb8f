/**
 * A pack file shared with the bot: Slack slash commands carry no file, so an admin shares it in the
 * bot's DM with the comment `pack add` (options as in /quiz: `pack add id:security format:gift`).
 * Slack delivers a `message` event (message.im, subtype file_share) whose `files` give each file's
 * `url_private_download`; it is read with the bot token in an Authorization header (files:read).
 */
import type { App } from '@slack/bolt';
import { dispatch, parseText } from '../../../commands/index.ts';
import { PlatformError } from '../../../core/errors.ts';
import type { IncomingFile } from '../../../core/ports.ts';
import type { Reply } from '../../../core/views.ts';
import { fetchCapped } from '../../fetch-file.ts';
import { logApiError } from '../api-errors.ts';
import { PLATFORM } from '../refs.ts';
import { renderView } from '../render.ts';
import { errorReply, firstDelivery, type SlackContext } from './context.ts';

/** The part of a shared file the bot uses (Slack's file object). */
interface SharedFile {
  id: string;
  name?: string;
  size?: number;
  url_private_download?: string;
}

/** The message event fields this listener reads. */
interface FileShareEvent {
  channel: string;
  channel_type?: string;
  subtype?: string;
  user?: string;
  text?: string;
  files?: SharedFile[];
  bot_id?: string;
}

/** `pack add …` (with or without `/quiz`) at the start of the comment. */
const PACK_ADD = /^\s*(?:\/quiz\s+)?pack\s+add\b(.*)$/is;

/** Registers the DM file-share listener. */
export function registerFiles(app: App, ctx: SlackContext): void {
  app.event('message', async ({ event, body, context, client }) => {
    const e = event as unknown as FileShareEvent;
    if (e.channel_type !== 'im' || e.subtype !== 'file_share' || e.bot_id || !e.user || !e.files?.length) return;
    const match = PACK_ADD.exec(e.text ?? '');
    if (!match) return;
    const workspace = context.teamId ?? body.team_id;
    if (!(await firstDelivery(ctx, body.event_id, workspace, 'message.file_share', context.retryNum))) return;
    const token = context.botToken ?? '';
    const at = ctx.clock.now();
    await ctx.inflight.run(async () => {
      const where = { workspace, channel: e.channel, user: e.user! };
      let reply: Reply;
      try {
        const file = e.files![0]!;
        const invocation = parseText(`pack add ${file.id} ${match[1]!.trim()}`);
        const actor = await ctx.actors.actor(workspace, e.user!, undefined, true);
        const openFile = (id: string): IncomingFile | undefined =>
          id === file.id && file.url_private_download ? slackFile(file, file.url_private_download, token) : undefined;
        reply = await dispatch(invocation, { tutor: ctx.tutor, actor, channel: { platform: PLATFORM, workspace, channel: e.channel }, now: at, openFile }, ctx.log);
      } catch (err) {
        reply = errorReply(ctx.log, err, where, 'file_share');
      }
      const msg = renderView(reply.view, { tz: ctx.tutor.settings.tz });
      try {
        await client.chat.postMessage({ channel: e.channel, text: msg.text, blocks: msg.blocks });
      } catch (err) {
        logApiError(ctx.log, 'chat.postMessage', where, err);
      }
    });
  });
}

/**
 * A Slack-hosted file, read with the bot token. Without the token, or without files:read, Slack does not
 * answer an API error: it serves its HTML sign-in page. That is recognised and said plainly.
 */
function slackFile(file: SharedFile, url: string, token: string): IncomingFile {
  const name = file.name ?? file.id;
  return {
    name,
    ...(file.size !== undefined ? { size: file.size } : {}),
    async read(max) {
      const got = await fetchCapped(url, max, name, { authorization: `Bearer ${token}` }, (type) => !type.startsWith('text/html'));
      if ('refused' in got) throw new PlatformError(`Could not read ${name}: Slack did not give the file to Stepwise. The app needs the files:read scope; ask whoever installed it to reinstall it from the current manifest.`);
      return got;
    },
  };
}
