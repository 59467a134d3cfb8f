/**
 * `/quiz suggestions`: the admins' queue, one embed per suggestion with a row of Approve / Edit / Reject. A
 * message holds at most 5 action rows (and 10 embeds, 6,000 embed characters in all), so it shows the oldest
 * five and says how many more wait.
 */
import { ButtonStyle, ComponentType, type APIEmbed } from 'discord.js';
import type { SuggestionItem, SuggestionsView } from '../../core/views.ts';
import { clip, clipMarkdown, fitEmbed, LIMITS } from './limits.ts';
import type { DiscordMessage } from './render.ts';

/** Custom ids of the queue's buttons (notes/suggest-contract.md). */
export const SUGGESTION_ID = {
  approve: (id: number) => `stepwise:sg:approve:${id}`,
  edit: (id: number) => `stepwise:sg:edit:${id}`,
  reject: (id: number) => `stepwise:sg:reject:${id}`,
} as const;

/** One row of buttons per suggestion, and a message has five rows. */
export const MAX_SHOWN = 5;

const COLOR = 0x5865f2;
const unix = (ms: number) => Math.floor(ms / 1000);

const embedLength = (e: APIEmbed): number =>
  (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);

/**
 * Shortens the longest text of an embed (the description or a field's value, except the fields named in
 * `keep`) until the whole embed fits `budget` characters.
 */
export function fitTo(embed: APIEmbed, budget: number, keep: ReadonlySet<string> = new Set()): APIEmbed {
  const fitted = fitEmbed(embed);
  const out: APIEmbed = { ...fitted, fields: [...(fitted.fields ?? [])] };
  const fields = out.fields!;
  for (let over = embedLength(out) - budget; over > 0; over = embedLength(out) - budget) {
    // -1 stands for the description.
    const texts = [{ at: -1, text: out.description ?? '' }, ...fields.flatMap((f, at) => (keep.has(f.name) ? [] : [{ at, text: f.value }]))];
    const longest = texts.reduce((a, b) => (b.text.length > a.text.length ? b : a));
    if (longest.text.length <= 40) break;
    const shorter = clipMarkdown(longest.text, Math.max(40, longest.text.length - over));
    if (longest.at < 0) out.description = shorter;
    else fields[longest.at] = { ...fields[longest.at]!, value: shorter };
  }
  return out;
}

/** Always whole: every option (each shortened to its share) and when it was suggested. */
const KEEP = new Set(['Options', 'Suggested']);

/** One suggestion as the admins see it: the question, its options with the right one marked, steps, hint, who and when. */
function suggestionEmbed(s: SuggestionItem, budget: number): APIEmbed {
  const n = Math.max(1, s.options.length);
  // A share of the budget for the options, and never more than one field holds.
  const perOption = Math.max(20, Math.min(Math.floor((budget * 0.3) / n), Math.floor(LIMITS.fieldValue / n)) - 12);
  const options = s.options.map((o) => `**${o.letter})** ${clip(o.text, perOption)}${o.letter === s.answer ? ' ✅' : ''}`).join('\n');
  const when = `<t:${unix(s.createdAt)}:f> (<t:${unix(s.createdAt)}:R>)`;
  return fitTo(
    {
      color: COLOR,
      // Names go in the author line, plain text: nothing there is a mention or Markdown.
      author: { name: clip(`✍️ ${s.authorName}${s.editedBy ? ` · edited by ${s.editedBy}` : ''}`, LIMITS.author) },
      title: `Suggestion #${s.id}`,
      description: s.prompt,
      fields: [
        { name: 'Options', value: options },
        { name: 'Steps', value: s.steps || '(none)' },
        { name: 'Hint', value: s.hint || '(none)' },
        { name: 'Suggested', value: when },
      ],
      footer: { text: `/quiz suggestions approve|edit|reject id:${s.id}` },
    },
    budget,
    KEEP,
  );
}

/** The queue: a line of totals and text commands, then up to five suggestions, each with its buttons. */
export function suggestionsMessage(v: SuggestionsView): DiscordMessage {
  const shown = v.items.slice(0, MAX_SHOWN);
  if (!shown.length) return { content: 'No suggestions are waiting. Members add them with `/quiz suggest`.', embeds: [], components: [] };
  const more = Math.max(0, v.pending - shown.length);
  const head =
    `📬 **${v.pending} suggestion${v.pending === 1 ? '' : 's'} waiting**` +
    (more ? ` · the oldest ${shown.length} below, ${more} more after them (run \`/quiz suggestions\` again once these are done)` : '') +
    `.\nApprove, Edit or Reject each with its buttons, or type \`/quiz suggestions approve id:<id> [pack:<id>] [difficulty:<level>]\`, \`/quiz suggestions edit id:<id>\`, \`/quiz suggestions reject id:<id> [reason:<why>]\`.`;
  // The 6,000 characters of embeds are shared by the whole message.
  const budget = Math.floor((LIMITS.embedTotal - 60) / shown.length);
  return {
    content: clip(head, LIMITS.content),
    embeds: shown.map((s) => suggestionEmbed(s, budget)),
    // Rows sit under all the embeds, so each button names its suggestion.
    components: shown.map((s) => ({
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, custom_id: SUGGESTION_ID.approve(s.id), label: `Approve #${s.id}`, style: ButtonStyle.Success },
        { type: ComponentType.Button, custom_id: SUGGESTION_ID.edit(s.id), label: `Edit #${s.id}`, style: ButtonStyle.Secondary },
        { type: ComponentType.Button, custom_id: SUGGESTION_ID.reject(s.id), label: `Reject #${s.id}`, style: ButtonStyle.Danger },
      ],
    })),
  };
}
