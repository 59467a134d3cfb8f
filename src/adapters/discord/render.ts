/** View-models to Discord messages: embeds plus buttons. Prompts keep their code fences; limits are enforced. */
import { ButtonStyle, ComponentType, escapeMarkdown, type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIEmbed, type APIEmbedField } from 'discord.js';
import type { DropView, FeedbackView, LessonView, RevealView, ReviewView, SolutionPart, View } from '../../core/views.ts';
import { clip, clipMarkdown, fitEmbed, LIMITS } from './limits.ts';
import { infoEmbed } from './render-info.ts';
import { suggestionsMessage } from './render-suggestions.ts';
import { embedsFor } from './split.ts';
import { walkMessage } from './render-walk.ts';

/** A message body any send, reply or edit accepts. */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
}

/** Embed colours by meaning. */
export const COLORS = { question: 0x5865f2, success: 0x57f287, error: 0xed4245, reveal: 0xfee75c, closed: 0x4f545c, info: 0x5865f2 } as const;

/**
 * Custom ids the adapter puts on buttons and parses back. Discord allows 100 characters: a review's
 * question id (up to 80) goes last and may be cut; interactions.ts resolves a cut id by unique prefix.
 */
export const CUSTOM_ID = {
  answer: (dropId: number, letter: string) => `stepwise:answer:${dropId}:${letter}`,
  review: (workspace: string, questionId: string, letter: string) => `stepwise:review:${workspace}:${letter}:${questionId}`.slice(0, 100),
  result: (dropId: number) => `stepwise:result:${dropId}`,
  hint: (dropId: number) => `stepwise:hint:${dropId}`,
  /** A review card's hint: the guild travels in the button, as for the card's answers (it can come by DM). */
  reviewHint: (workspace: string, questionId: string) => `stepwise:rhint:${workspace}:${questionId}`.slice(0, 100),
} as const;

const REGIONAL_A = 0x1f1e6;

/** 🇦 for A, 🇧 for B …: the reaction that answers with `letter`. */
export function emojiOf(letter: string): string {
  return String.fromCodePoint(REGIONAL_A + letter.charCodeAt(0) - 65);
}

/** The letter a regional-indicator emoji stands for, or undefined for any other emoji. */
export function letterOf(emoji: string | null | undefined): string | undefined {
  const points = emoji ? Array.from(emoji) : [];
  if (points.length !== 1) return undefined;
  const i = points[0]!.codePointAt(0)! - REGIONAL_A;
  return i >= 0 && i < 26 ? String.fromCharCode(65 + i) : undefined;
}

/** A display name shown as typed: Markdown characters in it are escaped, never interpreted. */
export const safeName = (name: string): string => escapeMarkdown(name);

const unix = (ms: number) => Math.floor(ms / 1000);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Up to five buttons a row, in option order. */
function buttonRows(options: { letter: string }[], id: (letter: string) => string, state?: { correct: string }): DiscordMessage['components'] {
  const rows: DiscordMessage['components'] = [];
  options.forEach((o, i) => {
    if (i % 5 === 0) rows.push({ type: ComponentType.ActionRow, components: [] });
    const style = !state ? ButtonStyle.Primary : o.letter === state.correct ? ButtonStyle.Success : ButtonStyle.Secondary;
    rows[rows.length - 1]!.components.push({ type: ComponentType.Button, custom_id: id(o.letter), label: o.letter, style, ...(state ? { disabled: true } : {}) });
  });
  return rows;
}

/** The answer buttons plus 💡 Hint, on a row of its own when the last row is full (Discord allows five a row). */
function withHint(rows: DiscordMessage['components'], customId: string): DiscordMessage['components'] {
  const hint = { type: ComponentType.Button as const, custom_id: customId, label: 'Hint', emoji: { name: '💡' }, style: ButtonStyle.Secondary as const };
  const last = rows[rows.length - 1];
  if (last && last.components.length < 5) last.components.push(hint);
  else rows.push({ type: ComponentType.ActionRow, components: [hint] });
  return rows;
}

/** Prompt then options, with the prompt shortened first so every option always shows. */
function questionText(prompt: string, options: { letter: string; text: string }[], mark?: string): string {
  const lines = options.map((o) => `**${o.letter})** ${o.text}${o.letter === mark ? ' ✅' : ''}`).join('\n');
  const optionsPart = clipMarkdown(lines, 2000);
  return `${clipMarkdown(prompt, LIMITS.description - optionsPart.length - 2)}\n\n${optionsPart}`;
}

/** The worked solution as embed fields: steps, final answer, quick check, mistakes, takeaway. */
function solutionFields(s: SolutionPart): APIEmbedField[] {
  const fields = s.steps.map((step, i) => ({ name: `${i + 1}. ${step.title}`, value: step.explanation }));
  fields.push({ name: 'Final answer', value: s.finalAnswer }, { name: 'Quick check', value: s.quickCheck });
  if (s.commonMistakes.length) fields.push({ name: 'Common mistakes', value: s.commonMistakes.map((m) => `• ${m}`).join('\n') });
  if (s.takeaway) fields.push({ name: 'Key takeaway', value: s.takeaway });
  return fields;
}

/** Buttons are private; a reaction shows everyone your pick until the bot removes it, so it is offered only when on. */
const howToAnswer = (v: DropView) =>
  (v.reactions
    ? `Tap a letter, react with ${v.options.map((o) => emojiOf(o.letter)).join(' ')}, or use \`/quiz answer\`.`
    : 'Tap a letter or use `/quiz answer` (your pick stays private).') + ` Closes <t:${unix(v.closesAt)}:f> (<t:${unix(v.closesAt)}:R>).`;

/** The question as posted: embed plus A-D buttons. */
export function dropMessage(v: DropView): DiscordMessage {
  const embed = fitEmbed({
    color: COLORS.question,
    author: { name: `📝 ${v.packTitle}` },
    title: `Question #${v.dropId} · ${v.difficulty}`,
    description: questionText(v.prompt, v.options),
    fields: [{ name: 'How to answer', value: howToAnswer(v) }],
    footer: { text: `Stepwise · pack ${v.packId}` },
  });
  return { embeds: [embed], components: withHint(buttonRows(v.options, (l) => CUSTOM_ID.answer(v.dropId, l)), CUSTOM_ID.hint(v.dropId)) };
}

/** The short public message before a pack's first drop: its big idea and where the lesson is. */
export function introMessage(v: DropView): DiscordMessage | undefined {
  if (!v.intro) return undefined;
  // Discord users type options by name, so the pointer reads `/quiz learn pack:<id>` here.
  const text = `📖 **New lesson: ${v.packTitle}**\n${v.intro.bigIdea}\nThe whole lesson, privately: \`/quiz learn pack:${v.packId}\``;
  return { content: clipMarkdown(text, LIMITS.content), embeds: [], components: [] };
}

/** The drop message after close: the right option marked, buttons disabled. */
export function closedDropMessage(v: RevealView): DiscordMessage {
  const embed = fitEmbed({
    color: COLORS.closed,
    author: { name: `📝 ${v.packTitle}` },
    title: `Question #${v.dropId} · ${v.difficulty} · closed`,
    description: questionText(v.prompt, v.options, v.solution.correctLetter),
    fields: [{ name: 'Closed', value: `The answer is **${v.solution.correctLetter}**. ${plural(v.total, 'answer')}; the reveal is in the reply below.` }],
  });
  return { embeds: [embed], components: buttonRows(v.options, (l) => CUSTOM_ID.answer(v.dropId, l), { correct: v.solution.correctLetter }) };
}

/** Embeds (one per message) as messages without buttons. */
const asMessages = (embeds: APIEmbed[]): DiscordMessage[] => embeds.map((e) => ({ embeds: [e], components: [] }));

/** The head of a long embed within its own limits; its fields go through embedsFor, which never drops one. */
const fitHead = (head: APIEmbed): APIEmbed => fitEmbed({ ...head, fields: [] });

/**
 * The public reveal: right option, counts per option, who got it right (names, never mentions), solution.
 * A solution longer than one message (6,000 characters of embeds) continues in the next messages.
 */
export function revealMessages(v: RevealView): DiscordMessage[] {
  const counts = v.options.map((o) => `${o.letter}) ${o.count}${o.letter === v.solution.correctLetter ? ' ✅' : ''}`).join('\n');
  const names = v.winners.map(safeName).join(', ') + (v.moreWinners ? ` and ${v.moreWinners} more` : '');
  const who = v.winners.length ? `**Got it right:** ${names}` : `Nobody got it right this time (${plural(v.total, 'answer')}).`;
  // A member's question credits them by name (shown as typed, never a mention).
  const credit = v.credit ? `\n\n✍️ Suggested by ${clip(safeName(v.credit), 200)}` : '';
  const head = fitHead({
    color: COLORS.reveal,
    author: { name: `${v.packTitle} · ${v.difficulty}` },
    title: `🔔 Question #${v.dropId} is closed`,
    description: `The answer: **${v.solution.correctLetter}) ${v.solution.correctText}**\n\n${counts}\n\n${clip(who, 1500)}${credit}`,
  });
  return asMessages(embedsFor(head, solutionFields(v.solution)));
}

/** The first message of the reveal. */
export const revealMessage = (v: RevealView): DiscordMessage => revealMessages(v)[0]!;

/**
 * Private feedback on one answer: at a walkthrough stage, one message with its buttons; all of it, the
 * worked solution over several messages when long. `workspace` goes into the walkthrough buttons.
 */
export function feedbackMessages(v: FeedbackView, workspace = ''): DiscordMessage[] {
  const right = `${v.solution.correctLetter}) ${v.solution.correctText}`;
  const withHintText = v.hinted ? ' with hint' : '';
  const title = v.correct
    ? `✅ Correct${withHintText}: ${right}${v.note ? '' : ` (+${plural(v.points, 'point')})`}`
    : `❌ Not quite${withHintText}: you picked ${v.chosen}`;
  const lines = [v.note, v.correct ? undefined : `The answer is **${right}**.`, v.whyNot ? `**Why ${v.chosen} tempts:** ${v.whyNot}` : undefined];
  const head = fitHead({
    color: v.correct ? COLORS.success : COLORS.error,
    author: { name: `${v.dropId === null ? 'Review' : `Question #${v.dropId}`} · ${v.packTitle} · ${v.difficulty}` },
    title,
    description: lines.filter(Boolean).join('\n\n') || 'The worked solution, step by step:',
  });
  if (v.stage !== undefined && v.stage !== 'all') {
    return [walkMessage(v, workspace, { ...head, description: lines.filter(Boolean).join('\n\n') || undefined })];
  }
  return asMessages(embedsFor(head, solutionFields(v.solution)));
}

/** The first message of the feedback. */
export const feedbackMessage = (v: FeedbackView): DiscordMessage => feedbackMessages(v)[0]!;

/** `/quiz learn`: every section whole, long ones over several fields, a long lesson over several messages. */
export function lessonMessages(v: LessonView): DiscordMessage[] {
  const head = fitHead({ color: COLORS.info, title: `📖 ${v.title}`, footer: { text: `${v.questions} questions · /quiz drop pack:${v.packId}` } });
  return asMessages(embedsFor(head, v.sections.map((s) => ({ name: s.title, value: s.body }))));
}

/** A spaced-review card: like a drop, but private and graded for that person only. */
export function reviewMessage(v: ReviewView, workspace: string): DiscordMessage {
  const overdue = v.overdueMs >= 86_400_000 ? ` · overdue ${Math.floor(v.overdueMs / 86_400_000)}d` : '';
  const embed = fitEmbed({
    color: COLORS.question,
    author: { name: `🔁 Review · ${v.packTitle}` },
    title: v.reminder ? `⏰ Daily review: ${plural(v.dueAfter + 1, 'question')} due` : `Review · ${v.difficulty}`,
    description: questionText(v.prompt, v.options),
    footer: { text: `${v.difficulty}${overdue}${v.dueAfter > 0 ? ` · ${v.dueAfter} more due after this one` : ''}` },
  });
  return { embeds: [embed], components: withHint(buttonRows(v.options, (l) => CUSTOM_ID.review(workspace, v.questionId, l)), CUSTOM_ID.reviewHint(workspace, v.questionId)) };
}

/** The DM-closed notice: names the person (shown, not pinged) and offers their result privately. */
export function dmFallbackMessage(userId: string, dropId: number): DiscordMessage {
  return {
    content: `<@${userId}> your answer is in, but I can't DM you the worked solution (your DMs are closed). Tap below to see it privately.`,
    embeds: [],
    components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, custom_id: CUSTOM_ID.result(dropId), label: 'Show my result', style: ButtonStyle.Secondary }] }],
  };
}

/**
 * Any view as one or more messages (a long solution or lesson continues in the next ones; send them in
 * order). `workspace` is the guild the view belongs to (review buttons carry it, so a review sent by DM
 * can still be answered).
 */
export function renderMessages(view: View, workspace: string): DiscordMessage[] {
  switch (view.kind) {
    case 'drop':
      return [dropMessage(view)];
    case 'feedback':
      return feedbackMessages(view, workspace);
    case 'reveal':
      return revealMessages(view);
    case 'review':
      return [reviewMessage(view, workspace)];
    case 'lesson':
      return lessonMessages(view);
    case 'suggestions':
      return [suggestionsMessage(view)];
    case 'text':
      return [{ content: clipMarkdown(view.text, LIMITS.content), embeds: [], components: [] }];
    default:
      return [{ embeds: [infoEmbed(view)], components: [] }];
  }
}

/** The first message of a view (enough for every view but long solutions and lessons). */
export const renderView = (view: View, workspace: string): DiscordMessage => renderMessages(view, workspace)[0]!;
