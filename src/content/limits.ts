/**
 * Warnings for content a chat platform would cut. The adapters split a long lesson section over
 * several embed fields or Block Kit sections, and a long solution over several fields, sections or
 * messages, so what must fit in ONE field or section is the unit they do not split:
 *
 * - a lesson line (or a whole fenced code block, or one takeaway): a Discord embed field (1,024) on
 *   `/quiz learn`, a Slack section (3,000) under its bold title;
 * - a solution step: its title is a Discord field name (256), its explanation a field value (1,024);
 *   in Slack `*N. title*` plus the explanation is one section (3,000);
 * - the final answer, the quick check, each common mistake: a Discord field (1,024), a Slack section;
 * - a "why not" line: the Discord feedback description (4,096), a Slack section;
 * - the prompt with its code: the Discord question embed's description holds it with the options
 *   (4,096, well inside the 6,000 an embed may total); in Slack the prompt is one section and the
 *   options another;
 * - the pack title: a Slack header (150) reads `📝 Question #N · <title> · <difficulty>`.
 *
 * Slack counts text after `&`, `<` and `>` are escaped (`&amp;` is five characters), so that is what
 * is measured for Slack. Limits are from Discord's embed limits and Slack's Block Kit reference.
 */
import type { Question } from '../core/types.ts';
import { isFence, type Line } from './lines.ts';

/** The documented limits the checks use. */
export const PLATFORM_LIMITS = {
  discordField: 1024,
  discordFieldName: 256,
  discordDescription: 4096,
  slackSection: 3000,
  slackHeader: 150,
} as const;

/** Adds a warning at a line. */
export type Warn = (line: number, message: string) => void;

/** Length after Slack's escaping of `&`, `<`, `>`. */
export function slackLength(text: string): number {
  let n = text.length;
  for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) n += 4;
  for (const ch of ['<', '>']) for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) n += 3;
  return n;
}

const num = (n: number) => n.toLocaleString('en');

interface Place {
  /** "a Discord embed field". */
  name: string;
  length: number;
  max: number;
}

/** One warning naming every place `what` would not fit, or nothing when it fits everywhere. */
function check(warn: Warn, line: number, what: string, places: Place[]): void {
  const over = places.filter((p) => p.length > p.max);
  if (!over.length) return;
  const where = over.map((p) => `${p.name} holds ${num(p.max)}${p.length !== over[0]!.length ? ` (this is ${num(p.length)} there)` : ''}`).join(', and ');
  warn(line, `${what} is ${num(over[0]!.length)} characters, and ${where}: it would be cut. Shorten it or split it`);
}

const discordField = (length: number): Place => ({ name: 'a Discord embed field', length, max: PLATFORM_LIMITS.discordField });
const slackSection = (length: number): Place => ({ name: 'a Slack section', length, max: PLATFORM_LIMITS.slackSection });

/** The longest title that leaves room for `📝 Question #123456 · ` and ` · medium` in a Slack header. */
export const MAX_PACK_TITLE = PLATFORM_LIMITS.slackHeader - '📝 Question #123456 ·  · medium'.length;

/** The pack title, shown in every question's Slack header. */
export function checkTitle(title: string, line: number, warn: Warn): void {
  check(warn, line, 'the pack title', [{ name: `a Slack header (150, of which the question number and difficulty take ${PLATFORM_LIMITS.slackHeader - MAX_PACK_TITLE})`, length: title.length, max: MAX_PACK_TITLE }]);
}

/** A lesson section's units: each line outside code blocks, each fenced code block whole. */
export function checkLessonSection(title: string, lines: Line[], warn: Warn): void {
  const unit = (n: number, text: string, what: string) =>
    check(warn, n, `${what} "### ${title}"`, [discordField(text.length), slackSection(slackLength(`*${title}*\n${text}`))]);
  let block: { n: number; text: string[] } | undefined;
  for (const l of lines) {
    if (block) {
      block.text.push(l.text);
      if (isFence(l.text)) {
        unit(block.n, block.text.join('\n'), 'a code block in');
        block = undefined;
      }
    } else if (isFence(l.text)) block = { n: l.n, text: [l.text] };
    else if (l.text.trim()) unit(l.n, l.text.trim(), 'a line of');
  }
  if (block) unit(block.n, block.text.join('\n'), 'a code block in');
}

/** Where a parsed question's units are in the file. */
export interface QuestionLines {
  heading: number;
  steps: number[];
  finalAnswer: number;
  quickCheck: number;
  mistakes: number[];
  /** By option letter. */
  whyNot: Map<string, number>;
}

/** Every unit of a question that would not fit its field or section. */
export function checkQuestion(q: Question, at: QuestionLines, warn: Warn): void {
  const say = (s: string) => `question "${q.id}": ${s}`;
  // `**A)** text ✅` per option on Discord (the closed drop marks the answer); `*A)* text · N answers ✅` on Slack.
  const options = q.options.map((o) => `**${o.letter})** ${o.text} ✅`).join('\n');
  check(warn, at.heading, say('the prompt with its options'), [{ name: 'a Discord question embed', length: q.prompt.length + 2 + options.length, max: PLATFORM_LIMITS.discordDescription }]);
  check(warn, at.heading, say('the prompt'), [slackSection(slackLength(q.prompt))]);
  const slackOptions = q.options.map((o) => `*${o.letter})* ${o.text} · 999 answers ✅`).join('\n');
  check(warn, at.heading, say('the options together'), [slackSection(slackLength(slackOptions))]);
  q.steps.forEach((s, i) => {
    const line = at.steps[i] ?? at.heading;
    check(warn, line, say(`the title of step ${i + 1}`), [{ name: 'a Discord embed field name', length: `${i + 1}. ${s.title}`.length, max: PLATFORM_LIMITS.discordFieldName }]);
    check(warn, line, say(`step ${i + 1}`), [discordField(s.explanation.length), slackSection(slackLength(`*${i + 1}. ${s.title}*\n${s.explanation}`))]);
  });
  check(warn, at.finalAnswer, say('the final answer'), [discordField(q.finalAnswer.length), slackSection(slackLength(`*Final answer:* ${q.finalAnswer}`))]);
  check(warn, at.quickCheck, say('the quick check'), [discordField(q.quickCheck.length), slackSection(slackLength(`*Quick check:* ${q.quickCheck}`))]);
  q.commonMistakes.forEach((m, i) => {
    check(warn, at.mistakes[i] ?? at.heading, say('a common mistake'), [discordField(`• ${m}`.length), slackSection(slackLength(`*Common mistakes*\n• ${m}`))]);
  });
  for (const o of q.options) {
    if (!o.whyNot) continue;
    const text = `**Why ${o.letter} tempts:** ${o.whyNot}`;
    check(warn, at.whyNot.get(o.letter) ?? at.heading, say(`"Why not" for ${o.letter}`), [
      { name: 'a Discord embed description', length: text.length, max: PLATFORM_LIMITS.discordDescription },
      slackSection(slackLength(text)),
    ]);
  }
}

/** Each key takeaway is also shown alone under a solution: one Discord field, one Slack section. */
export function checkTakeaways(items: { n: number; text: string }[], warn: Warn): void {
  items.forEach((t, i) => check(warn, t.n, `key takeaway ${i + 1}`, [discordField(t.text.length), slackSection(slackLength(`*Key takeaway:* ${t.text}`))]));
}
