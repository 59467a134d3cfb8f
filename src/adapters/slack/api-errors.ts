/** Web API failures: a short code for logs, a clear sentence for people, one structured log line. */
import { webApi } from '@slack/bolt';
import { reasonOf } from '../../core/deps.ts';
import type { Logger } from '../../core/ports.ts';
import { channelLink } from './mrkdwn.ts';
import { PLATFORM } from './refs.ts';

/** Slack's error code (`not_in_channel`, `ratelimited`, `http_500`, …) from anything the WebClient throws. */
export function slackErrorCode(err: unknown): string {
  const e = err as { code?: unknown; data?: { error?: unknown }; statusCode?: unknown; original?: { message?: unknown } } | undefined;
  if (e?.code === webApi.ErrorCode.PlatformError && typeof e.data?.error === 'string') return e.data.error;
  if (e?.code === webApi.ErrorCode.RateLimitedError) return 'ratelimited';
  if (e?.code === webApi.ErrorCode.HTTPError) return `http_${String(e.statusCode)}`;
  if (e?.code === webApi.ErrorCode.RequestError) {
    // A 429 that outlasts every retry surfaces as a request error wrapping "A rate limit was exceeded".
    const original = typeof e.original?.message === 'string' ? e.original.message : '';
    return /rate limit was exceeded/i.test(original) ? 'ratelimited' : 'request_failed';
  }
  return typeof e?.code === 'string' ? e.code : 'unknown';
}

/** A sentence for chat about a failed post in `channel`; becomes the drop's recorded failure. */
export function explainPostError(code: string, channel: string): string {
  const where = channelLink(channel);
  switch (code) {
    case 'not_in_channel':
      return `Stepwise is not in ${where}: invite @Stepwise to ${where} (type /invite @Stepwise there) and try again.`;
    case 'channel_not_found':
      return `Stepwise cannot see ${where}. If it is a private channel, invite @Stepwise to ${where} first.`;
    case 'is_archived':
      return `${where} is archived, so nothing can be posted there.`;
    // chat.postMessage's restricted_action* errors: the channel's or workspace's posting rules.
    case 'restricted_action':
      return `A workspace setting does not let Stepwise post in ${where}. Ask a workspace admin, or use another channel.`;
    case 'restricted_action_read_only_channel':
      return `${where} is read-only (only some members may post there), so Stepwise cannot post. Use another channel, or ask an admin to let apps post.`;
    case 'restricted_action_thread_only_channel':
      return `${where} only allows replies in threads, so Stepwise cannot post a question there. Use another channel.`;
    case 'restricted_action_non_threadable_channel':
      return `${where} does not allow threads, so Stepwise cannot post the worked solution under its question. Use another channel.`;
    case 'missing_scope':
      return 'Stepwise lacks a Slack permission for this. Reinstall the app from slack/manifest.yml so it has every scope it asks for.';
    case 'not_installed':
    case 'token_revoked':
    case 'account_inactive':
      return `Stepwise is no longer installed in this workspace (${code}), so nothing can be posted in ${where}. A workspace admin can install it again.`;
    case 'ratelimited':
      return 'Slack is rate-limiting Stepwise right now. Try again in a minute.';
    case 'msg_too_long':
    case 'invalid_blocks':
      return `Slack refused the question as too long or malformed (${code}). Check the pack with npm run content:check.`;
    default:
      return `Slack refused the post (${code}).`;
  }
}

/** Codes after which a channel cannot be posted in until someone acts (the core pauses its schedules after three in a row). */
export const CHANNEL_GONE = new Set(['not_in_channel', 'is_archived', 'channel_not_found']);

/** Codes after which nothing can be posted anywhere in the workspace until it installs the app again: its schedules pause at once. */
export const WORKSPACE_GONE = new Set(['not_installed', 'token_revoked', 'account_inactive']);

/** The scope of a Web API call for the log line. */
export interface ApiWhere {
  workspace?: string;
  channel?: string;
  user?: string;
}

/** Logs one failed Web API call: platform, workspace, channel, method, code. Never a token or a stack. */
export function logApiError(log: Logger, method: string, where: ApiWhere, err: unknown, level: 'warn' | 'error' = 'error'): string {
  const code = slackErrorCode(err);
  log[level]('slack.api_failed', {
    platform: PLATFORM,
    ...(where.workspace ? { workspace: where.workspace } : {}),
    ...(where.channel ? { channel: where.channel } : {}),
    ...(where.user ? { user: where.user } : {}),
    method,
    error: code,
    ...(code === 'unknown' ? { reason: redact(reasonOf(err)) } : {}),
  });
  return code;
}

/** Removes anything shaped like a Slack token from a string. */
export function redact(text: string): string {
  return text.replace(/\bx(?:ox[a-z]|app)-[A-Za-z0-9-]+/g, '[redacted]');
}
