/**
 * A reply's files on Slack: files.uploadV2 (files.getUploadURLExternal, a POST to the upload URL, then
 * files.completeUploadExternal into a channel or thread), with the files:write scope. Ephemeral messages
 * cannot carry files, so a private download goes to the person's DM. Where an upload fails a picture is
 * left out (the text says the same) and a download gets a sentence saying what to do.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../core/ports.ts';
import type { ReplyFile } from '../../core/views.ts';
import { logApiError, type ApiWhere } from './api-errors.ts';
import { channelLink } from './mrkdwn.ts';
import { PLATFORM } from './refs.ts';

/** Where files go: a conversation, optionally a thread in it. */
export interface UploadTarget {
  channel: string;
  threadTs?: string;
}

/** Uploads `files` into `target` in one files.uploadV2; returns null when done, else Slack's error code. */
export async function uploadFiles(client: webApi.WebClient, log: Logger, where: ApiWhere, target: UploadTarget, files: readonly ReplyFile[]): Promise<string | null> {
  if (files.length === 0) return null;
  try {
    await client.filesUploadV2({
      channel_id: target.channel,
      ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
      file_uploads: files.map((f) => ({
        file: Buffer.from(f.bytes),
        filename: f.name,
        title: f.description.slice(0, 250),
        ...(f.kind === 'picture' ? { alt_text: f.description.slice(0, 1000) } : {}),
      })),
    });
    log.info('slack.files_uploaded', { platform: PLATFORM, ...where, channel: target.channel, files: files.map((f) => f.name) });
    return null;
  } catch (err) {
    return logApiError(log, 'files.uploadV2', { ...where, channel: target.channel }, err, 'warn');
  }
}

/** What to tell the person when `name` could not be uploaded to `channel` (Slack said `code`). */
export function explainUploadError(code: string, name: string, channel: string): string {
  const where = channelLink(channel);
  switch (code) {
    case 'missing_scope':
      return `I could not send ${name}: this Stepwise app may not upload files yet (Slack scope files:write). Ask a workspace admin to reinstall it from slack/manifest.yml, then try again.`;
    case 'not_in_channel':
    case 'channel_not_found':
      return `I could not send ${name}: Stepwise is not in ${where}. Invite it (type /invite @Stepwise there), then try again.`;
    case 'file_upload_size_restricted':
    case 'file_uploads_disabled':
      return `I could not send ${name}: this workspace restricts file uploads (Slack: ${code}). Ask a workspace admin.`;
    default:
      return `I could not send ${name}: Slack refused the upload (${code}). Try again in a minute.`;
  }
}
