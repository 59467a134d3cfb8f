/** View-models → Block Kit: the drop, its closed state, the reveal, feedback, review cards, and any reply. */
import type { types } from '@slack/bolt';
import type { DropView, FeedbackView, RevealView, ReviewView, SolutionPart, View } from '../../core/views.ts';
import { button, context, divider, header, message, section, sections, slackDate, type SlackMessage } from './blocks.ts';
import { escapeText as esc, fallbackText, markdownToMrkdwn as md, systemText } from './mrkdwn.ts';
import { answerActionId, HINT_ACTION, OPTION_REACTIONS, reviewActionId } from './refs.ts';
import { insightsMessage, lessonMessage } from './render-learn.ts';
import { walkActions, walkStageMessage } from './render-walk.ts';
import { suggestionsMessage } from './render-suggestions.ts';
import { helpMessage, leaderboardMessage, packsMessage, schedulesMessage, statsMessage, type BoardOptions } from './render-lists.ts';

export type { SlackMessage } from './blocks.ts';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function dropHeader(v: { dropId: number; packTitle: string; difficulty: string }): types.HeaderBlock {
  return header(`📝 Question #${v.dropId} · ${v.packTitle} · ${v.difficulty}`);
}

function optionLines(options: { letter: string; text: string }[]): types.SectionBlock {
  return section(options.map((o) => `*${o.letter})* ${md(o.text)}`).join('\n'));
}

/** The question as posted: (a pack's intro,) header, prompt, options, A-D buttons and how to answer; times in the view's zone, else `tz`. */
export function dropMessage(v: DropView, tz: string): SlackMessage {
  const intro = v.intro
    ? [section(`📖 *New lesson: ${esc(v.packTitle)}*\n${md(v.intro.bigIdea)}`), context(`The whole lesson, privately: \`${esc(v.intro.learnCommand)}\``), divider()]
    : [];
  return message(`📝 Question #${v.dropId} (${v.difficulty}): ${fallbackText(v.prompt, 200)}`, [
    ...intro,
    dropHeader(v),
    ...sections(md(v.prompt)),
    optionLines(v.options),
    {
      type: 'actions',
      block_id: 'stepwise_answer',
      elements: [...v.options.map((o) => button(answerActionId(o.letter), o.letter, `${v.dropId}:${o.letter}`)), button(HINT_ACTION, '💡 Hint', `d:${v.dropId}`)],
    },
    context(howToAnswer(v, v.tz ?? tz)),
  ]);
}

/**
 * How to answer. On Slack anyone can see who added which reaction, so a reaction shows your pick to
 * the channel before the reveal: the line says so, and buttons (private) come first. When the
 * schedule has reactions off, they are not offered at all.
 */
function howToAnswer(v: DropView, tz: string): string {
  const command = `\`/quiz answer ${v.options[1]?.letter ?? 'A'}\``;
  const closes = `Only your first answer counts. Closes ${slackDate(v.closesAt, tz)}.`;
  if (!v.reactions) return `Answer with a button or ${command} (both private). ${closes}`;
  const reactions = v.options.map((o, i) => `:${OPTION_REACTIONS[i]}: = ${o.letter}`).join(', ');
  return `Answer privately with a button or ${command}, or with a reaction (${reactions}), which everyone can see. ${closes}`;
}

/** The drop after it closed (chat.update): the same question with counts, buttons removed. */
export function closedDropMessage(v: RevealView): SlackMessage {
  const right = v.solution.correctLetter;
  return message(`Question #${v.dropId} is closed. The answer: ${right}) ${fallbackText(v.solution.correctText, 150)}`, [
    dropHeader(v),
    section(md(v.prompt)),
    section(v.options.map((o) => `*${o.letter})* ${md(o.text)} · ${plural(o.count, 'answer')}${o.letter === right ? ' ✅' : ''}`).join('\n')),
    context(`🔒 Closed · the answer is *${right}* · ${plural(v.total, 'answer')} · the worked solution is in the thread.`),
  ]);
}

function solutionBlocks(s: SolutionPart): types.KnownBlock[] {
  const steps = s.steps.map((step, i) => `*${i + 1}. ${esc(step.title)}*\n${md(step.explanation)}`).join('\n');
  // A long solution goes over several sections, never clipped: the final answer must always arrive.
  const blocks: types.KnownBlock[] = [
    ...sections(`*Solution, step by step*\n${steps}`),
    ...sections(`*Final answer:* ${md(s.finalAnswer)}\n*Quick check:* ${md(s.quickCheck)}`),
  ];
  if (s.commonMistakes.length) blocks.push(...sections(`*Common mistakes*\n${s.commonMistakes.map((m) => `• ${md(m)}`).join('\n')}`));
  if (s.takeaway) blocks.push(...sections(`*Key takeaway:* ${md(s.takeaway)}`));
  return blocks;
}

/** The reveal, posted in the drop's thread: right option, counts, who got it right, the solution. */
export function revealMessage(v: RevealView): SlackMessage {
  const right = `${v.solution.correctLetter}) ${v.solution.correctText}`;
  const counts = v.options.map((o) => `${o.letter === v.solution.correctLetter ? '✅' : '▫️'} *${o.letter})* ${plural(o.count, 'answer')}`).join('\n');
  // Names are escaped text, never <@U…> mentions: a reveal must not notify anyone.
  const names = v.winners.map(esc).join(', ') + (v.moreWinners ? ` and ${v.moreWinners} more` : '');
  return message(`🔔 Question #${v.dropId} is closed. The answer: ${fallbackText(right, 200)}`, [
    section(`🔔 *Question #${v.dropId} is closed.* The answer: *${md(right)}*`),
    section(counts),
    section(v.winners.length ? `🏅 *Got it right:* ${names}` : `Nobody got it right this time (${plural(v.total, 'answer')}).`),
    // The author's name as text, escaped like the winners': a name such as <!everyone> must not ping.
    ...(v.credit ? [context(`💡 Suggested by ${esc(v.credit)}`)] : []),
    divider(),
    ...solutionBlocks(v.solution),
  ]);
}

/** Private feedback: verdict, why the wrong pick tempts (first), then the worked solution. */
export function feedbackMessage(v: FeedbackView): SlackMessage {
  const right = `${v.solution.correctLetter}) ${v.solution.correctText}`;
  const points = v.note ? '' : ` (+${plural(v.points, 'point')})`;
  const hinted = v.hinted ? ' with hint' : '';
  const head = v.correct
    ? `✅ *Correct${hinted}:* ${md(right)}${points}`
    : `❌ *Not quite${hinted}:* you picked *${v.chosen}*. The answer is *${md(right)}*.`;
  const about = v.dropId === null ? '🔁 Review' : `Question #${v.dropId}`;
  const stage = v.stage ?? 'all';
  if (stage !== 'start' && stage !== 'all') return walkStageMessage(v, stage, `${about} · ${esc(v.packTitle)} · ${v.difficulty}`);
  const blocks: types.KnownBlock[] = [section(head)];
  if (v.note) blocks.push(context(systemText(v.note)));
  if (v.whyNot) blocks.push(section(`*Why ${v.chosen} tempts:* ${md(v.whyNot)}`));
  if (stage === 'start') blocks.push(...sections(`*Final answer:* ${md(v.solution.finalAnswer)}`), walkActions(v, 'start'));
  else blocks.push(...solutionBlocks(v.solution));
  blocks.push(context(`${about} · ${esc(v.packTitle)} · ${v.difficulty}`));
  const fallback = v.correct ? `✅ Correct${hinted}: ${right}` : `❌ Not quite${hinted}: you picked ${v.chosen}. The answer is ${right}.`;
  return message(fallbackText(fallback), blocks);
}

/** A private review card with its own buttons (graded for that person only). */
export function reviewMessage(v: ReviewView): SlackMessage {
  const more = v.dueAfter > 0 ? ` · ${v.dueAfter} more due` : '';
  const blocks: types.KnownBlock[] = [];
  if (v.reminder) blocks.push(section(`⏰ *Daily review:* ${plural(v.dueAfter + 1, 'question')} due.`));
  blocks.push(
    section(`🔁 *Review* · ${esc(v.packTitle)} · ${v.difficulty}${more}`),
    section(md(v.prompt)),
    optionLines(v.options),
    {
      type: 'actions',
      block_id: 'stepwise_review',
      elements: [...v.options.map((o) => button(reviewActionId(o.letter), o.letter, `${v.questionId}:${o.letter}`)), button(HINT_ACTION, '💡 Hint', `r:${v.questionId}`)],
    },
    context('Only you see this. Answer with a button or `/quiz review answer <letter>`.'),
  );
  return message(`🔁 Review: ${fallbackText(v.prompt, 200)}`, blocks);
}

/** Options for rendering a reply. */
export interface ReplyOptions extends BoardOptions {
  tz: string;
}

/** Renders any view for an ephemeral (or public) reply. */
export function renderView(view: View, opts: ReplyOptions): SlackMessage {
  switch (view.kind) {
    case 'drop':
      return dropMessage(view, opts.tz);
    case 'feedback':
      return feedbackMessage(view);
    case 'reveal':
      return revealMessage(view);
    case 'review':
      return reviewMessage(view);
    case 'lesson':
      return lessonMessage(view);
    case 'insights':
      return insightsMessage(view);
    case 'leaderboard':
      return leaderboardMessage(view, opts);
    case 'stats':
      return statsMessage(view, opts.tz);
    case 'packs':
      return packsMessage(view);
    case 'schedules':
      return schedulesMessage(view);
    case 'help':
      return helpMessage(view);
    case 'suggestions':
      return suggestionsMessage(view, opts.tz);
    case 'text':
      return textMessage(view.text, view.tone);
  }
}

/** A short text reply; the core's own sentences keep the channel links the adapter wrote. */
export function textMessage(text: string, tone: 'info' | 'success' | 'error' = 'error'): SlackMessage {
  const icon = tone === 'error' ? '⚠️ ' : tone === 'success' ? '✅ ' : '';
  return message(fallbackText(`${icon}${text}`), [section(`${icon}${systemText(text)}`)]);
}
