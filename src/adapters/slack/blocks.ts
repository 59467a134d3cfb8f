/** Small Block Kit builders with Slack's limits applied, shared by the renderers. */
import type { types } from '@slack/bolt';
import { shortDateTime } from '../../core/time.ts';
import { clip, escapeText, HEADER_MAX, SECTION_MAX, splitMrkdwn } from './mrkdwn.ts';

/** A message: Block Kit plus the `text` Slack shows in notifications and where blocks cannot be shown. */
export interface SlackMessage {
  text: string;
  blocks: types.KnownBlock[];
}

/** Slack's limit on blocks in one message. */
const MAX_BLOCKS = 50;

/**
 * Plain text never parses mentions, but Slack may or may not decode entities in it, so instead of
 * escaping (and risking a visible `&lt;`) the two bracket characters become look-alikes.
 */
export function plain(text: string, max = HEADER_MAX): types.PlainTextElement {
  return { type: 'plain_text', text: clip(text.replace(/</g, '‹').replace(/>/g, '›'), max), emoji: true };
}

/** A header block (plain text, at most 150 characters). */
export function header(text: string): types.HeaderBlock {
  return { type: 'header', text: plain(text) };
}

/**
 * A section of already-escaped mrkdwn, clipped to the section limit. `verbatim: true`: Slack does not
 * turn bare URLs, channel names or @names in content into links or mentions; the explicit `<#C…>`
 * and `<!date…>` markup the adapter writes still works.
 */
export function section(mrkdwn: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(mrkdwn || ' ', SECTION_MAX), verbatim: true } };
}

/** Long mrkdwn (a worked solution, a lesson section) over as many sections as it needs, never clipped. */
export function sections(mrkdwn: string): types.SectionBlock[] {
  return splitMrkdwn(mrkdwn || ' ', SECTION_MAX).map(section);
}

/** A context line of already-escaped mrkdwn. */
export function context(mrkdwn: string): types.ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: clip(mrkdwn, SECTION_MAX), verbatim: true }] };
}

/** A divider. */
export function divider(): types.DividerBlock {
  return { type: 'divider' };
}

/** A time every reader sees in their own zone, with the workspace zone as the fallback text. */
export function slackDate(t: number, tz: string): string {
  return `<!date^${Math.floor(t / 1000)}^{date_short_pretty} at {time}|${escapeText(shortDateTime(t, tz))}>`;
}

/** A button with a plain label. */
export function button(actionId: string, label: string, value: string, style?: 'primary' | 'danger'): types.Button {
  return { type: 'button', action_id: actionId, text: plain(label, 75), value, ...(style ? { style } : {}) };
}

/** Keeps a message within Slack's block limit (the last block says what was left out). */
export function message(text: string, blocks: types.KnownBlock[]): SlackMessage {
  if (blocks.length <= MAX_BLOCKS) return { text, blocks };
  return { text, blocks: [...blocks.slice(0, MAX_BLOCKS - 1), context(`…and ${blocks.length - MAX_BLOCKS + 1} more`)] };
}
