/** A private reply to an interaction: through its response_url first, which costs no Web API call. */
import type { RespondFn } from '@slack/bolt';
import type { SlackMessage } from '../blocks.ts';
import type { PrivateTarget } from '../feedback.ts';
import { redact } from '../api-errors.ts';
import { PLATFORM } from '../refs.ts';
import type { SlackContext } from './context.ts';

/**
 * Posts `msg` as a new ephemeral message via respond() (response_url: `replace_original: false`, so
 * the drop stays); response_url is not a Web API method and spends no rate tier. When it fails
 * (expired after 30 minutes, used 5 times, or an HTTP error) the feedback queue takes over:
 * chat.postEphemeral, then a DM.
 */
export async function replyPrivately(ctx: SlackContext, respond: RespondFn, to: PrivateTarget, msg: SlackMessage, replace = false): Promise<void> {
  try {
    const res = await respond({ response_type: 'ephemeral', replace_original: replace, text: msg.text, blocks: msg.blocks });
    if (!res.ok) throw new Error(`response_url answered HTTP ${res.status}`);
  } catch (err) {
    ctx.log.warn('slack.respond_failed', { platform: PLATFORM, ...to, reason: redact(err instanceof Error ? err.message : String(err)) });
    await ctx.feedback.privately(to, msg);
  }
}
