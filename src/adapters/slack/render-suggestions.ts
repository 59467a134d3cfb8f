/**
 * The admins' suggestion queue as Block Kit: per suggestion what was written (prompt, options with the
 * right one marked, steps, hint), who and when, and Approve / Edit / Reject; the text commands that do the
 * same close the message. Everything a member wrote is escaped: nothing in a suggestion can ping.
 */
import type { types } from '@slack/bolt';
import type { SuggestionItem, SuggestionsView } from '../../core/views.ts';
import { button, context, divider, message, section, slackDate, type SlackMessage } from './blocks.ts';
import { escapeText as esc, fallbackText, markdownToMrkdwn as md } from './mrkdwn.ts';
import { suggestionActionId } from './refs.ts';

/** At most this many suggestions in one message: 5 blocks each keeps it far below Slack's 50. */
export const QUEUE_SHOWN = 5;

function suggestionBlocks(item: SuggestionItem, tz: string): types.KnownBlock[] {
  const options = item.options.map((o) => (o.letter === item.answer ? `✅ *${esc(o.letter)})* ${md(o.text)}` : `▫️ *${esc(o.letter)})* ${md(o.text)}`)).join('\n');
  const blocks: types.KnownBlock[] = [section(`*#${item.id}* ${md(item.prompt)}\n${options}`)];
  const extra = [item.steps.trim() ? `*Steps*\n${md(item.steps.trim())}` : '', item.hint.trim() ? `*Hint:* ${md(item.hint.trim())}` : ''].filter(Boolean);
  if (extra.length) blocks.push(section(extra.join('\n')));
  const edited = item.editedBy ? ` · edited by ${esc(item.editedBy)}` : '';
  blocks.push(
    context(`Suggested by *${esc(item.authorName)}* · ${slackDate(item.createdAt, tz)}${edited}`),
    {
      type: 'actions',
      block_id: `stepwise_sg_${item.id}`,
      elements: [
        button(suggestionActionId('approve'), 'Approve', String(item.id), 'primary'),
        button(suggestionActionId('edit'), 'Edit', String(item.id)),
        button(suggestionActionId('reject'), 'Reject', String(item.id), 'danger'),
      ],
    },
    divider(),
  );
  return blocks;
}

/** `/quiz suggestions`: the oldest pending suggestions with their buttons, and how many more wait. */
export function suggestionsMessage(v: SuggestionsView, tz: string): SlackMessage {
  if (v.items.length === 0) {
    return message('No suggestions are waiting.', [section('📥 No suggestions are waiting. Members send them with `/quiz suggest`.')]);
  }
  const shown = v.items.slice(0, QUEUE_SHOWN);
  const more = Math.max(0, v.pending - shown.length);
  const blocks: types.KnownBlock[] = [section(`📥 *${v.pending} suggestion${v.pending === 1 ? '' : 's'} waiting*${more ? ` · the oldest ${shown.length} below` : ''}`)];
  for (const item of shown) blocks.push(...suggestionBlocks(item, tz));
  if (more) blocks.push(section(`…and ${more} more. Approve or reject these to see the next ones.`));
  blocks.push(
    context(
      'The same as text: `/quiz suggestions approve <id> [pack:<id>] [difficulty:easy|medium|hard]` · `/quiz suggestions edit <id>` · `/quiz suggestions reject <id> [reason:"…"]`',
    ),
  );
  return message(fallbackText(`📥 ${v.pending} suggestion(s) waiting: ${shown.map((i) => `#${i.id} by ${i.authorName}`).join(', ')}`), blocks);
}
