/**
 * Private feedback one stage at a time ("Walk me through it", "▶ Next step", "Show all"). Each stage is one
 * message the buttons update in place; every piece fits one embed field, as content:check makes sure.
 */
import { ButtonStyle, ComponentType, type APIEmbed, type APIEmbedField } from 'discord.js';
import type { FeedbackView, WalkStage } from '../../core/views.ts';
import { encodeStage, nextStage } from '../../core/walk.ts';
import { fitEmbed } from './limits.ts';
import type { DiscordMessage } from './render.ts';
import { embedsFor } from './split.ts';

/**
 * `stepwise:walk:<guild>:<drop>:<letter>:<stage>` and `stepwise:rwalk:<guild>:<letter>:<stage>:<question>`
 * (the question last, as it may be cut to fit 100 characters). The guild travels along because the
 * feedback may be a DM (a reaction's answer).
 */
export function walkId(v: FeedbackView, workspace: string, stage: WalkStage): string {
  return v.dropId !== null
    ? `stepwise:walk:${workspace}:${v.dropId}:${v.chosen}:${encodeStage(stage)}`
    : `stepwise:rwalk:${workspace}:${v.chosen}:${encodeStage(stage)}:${v.questionId}`.slice(0, 100);
}

/** The buttons under a stage: the next stage when there is one, and "Show all". */
function walkButtons(v: FeedbackView, workspace: string, stage: WalkStage): DiscordMessage['components'] {
  const next = nextStage(stage, v.solution.steps.length);
  const label = stage === 'start' ? 'Walk me through it' : next === 'end' ? '▶ Quick check and mistakes' : '▶ Next step';
  const buttons: DiscordMessage['components'][number]['components'] = [];
  if (next !== null) buttons.push({ type: ComponentType.Button, custom_id: walkId(v, workspace, next), label, style: ButtonStyle.Primary });
  buttons.push({ type: ComponentType.Button, custom_id: walkId(v, workspace, 'all'), label: 'Show all', style: ButtonStyle.Secondary });
  return [{ type: ComponentType.ActionRow, components: buttons }];
}

/** One stage that is not 'all': `head` is the verdict embed the start stage shows. */
export function walkMessage(v: FeedbackView, workspace: string, head: APIEmbed): DiscordMessage {
  const stage = v.stage ?? 'all';
  const s = v.solution;
  const n = s.steps.length;
  let fields: APIEmbedField[];
  let embed: APIEmbed;
  if (stage === 'start') [embed, fields] = [head, [{ name: 'Final answer', value: s.finalAnswer }]];
  else if (stage === 'end') {
    fields = [{ name: 'Quick check', value: s.quickCheck }];
    if (s.commonMistakes.length) fields.push({ name: 'Common mistakes', value: s.commonMistakes.map((m) => `• ${m}`).join('\n') });
    if (s.takeaway) fields.push({ name: 'Key takeaway', value: s.takeaway });
    embed = { color: head.color, author: head.author, title: 'Check yourself' };
  } else {
    const step = s.steps[(stage as number) - 1]!;
    [embed, fields] = [{ color: head.color, author: head.author, title: `Step ${stage} of ${n}` }, [{ name: step.title, value: step.explanation }]];
  }
  // A piece over one field's 1,024 continues in the next fields (as the full view does); the stage is one
  // message, so only an explanation past an embed's 6,000 in all would be cut, and content:check warns long before.
  const [first] = embedsFor(fitEmbed({ ...embed, fields: [] }), fields);
  return { embeds: [first!], components: walkButtons(v, workspace, stage) };
}
