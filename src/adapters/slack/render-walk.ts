/**
 * Private feedback one stage at a time on Slack: a step, or the quick check and common mistakes, with the
 * buttons that replace the same message (respond() with replace_original). A long step goes over several
 * sections, so every stage fits Slack's 3,000 a section.
 */
import type { types } from '@slack/bolt';
import type { FeedbackView, WalkStage } from '../../core/views.ts';
import { encodeStage, nextStage } from '../../core/walk.ts';
import { button, context, message, sections, type SlackMessage } from './blocks.ts';
import { escapeText as esc, fallbackText, markdownToMrkdwn as md } from './mrkdwn.ts';
import { walkValue } from './refs.ts';

/** "Walk me through it" / "▶ Next step" (when there is a next stage) and "Show all". */
export function walkActions(v: FeedbackView, stage: WalkStage): types.ActionsBlock {
  const next = nextStage(stage, v.solution.steps.length);
  const label = stage === 'start' ? 'Walk me through it' : next === 'end' ? '▶ Quick check and mistakes' : '▶ Next step';
  const elements: types.Button[] = [];
  if (next !== null) elements.push(button('stepwise_walk_next', label, walkValue(v, encodeStage(next)), 'primary'));
  elements.push(button('stepwise_walk_all', 'Show all', walkValue(v, 'a')));
  return { type: 'actions', block_id: 'stepwise_walk', elements };
}

/** A step (1-based) or the end, as its own message. */
export function walkStageMessage(v: FeedbackView, stage: Exclude<WalkStage, 'start' | 'all'>, about: string): SlackMessage {
  const s = v.solution;
  const blocks: types.KnownBlock[] = [];
  let fallback: string;
  if (stage === 'end') {
    blocks.push(...sections(`*Quick check:* ${md(s.quickCheck)}`));
    if (s.commonMistakes.length) blocks.push(...sections(`*Common mistakes*\n${s.commonMistakes.map((m) => `• ${md(m)}`).join('\n')}`));
    if (s.takeaway) blocks.push(...sections(`*Key takeaway:* ${md(s.takeaway)}`));
    fallback = `Quick check: ${s.quickCheck}`;
  } else {
    const step = s.steps[stage - 1]!;
    blocks.push(...sections(`*Step ${stage} of ${s.steps.length}: ${esc(step.title)}*\n${md(step.explanation)}`));
    fallback = `Step ${stage} of ${s.steps.length}: ${step.title}`;
  }
  blocks.push(walkActions(v, stage), context(about));
  return message(fallbackText(fallback), blocks);
}
