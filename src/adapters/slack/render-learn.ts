/** The lesson (/quiz learn) and admin insights as Block Kit. */
import type { types } from '@slack/bolt';
import type { InsightsView, LessonView } from '../../core/views.ts';
import { context, header, message, section, sections, type SlackMessage } from './blocks.ts';
import { escapeText as esc, fallbackText, markdownToMrkdwn as md } from './mrkdwn.ts';

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** A pack's lesson, one section per heading. */
export function lessonMessage(v: LessonView): SlackMessage {
  const blocks: types.KnownBlock[] = [header(`📖 ${v.title}`)];
  for (const s of v.sections) blocks.push(...sections(`*${esc(s.title)}*\n${md(s.body)}`));
  blocks.push(context(`${v.questions} questions in this pack · \`/quiz drop ${esc(v.packId)}\` posts one (admins)`));
  return message(fallbackText(`📖 ${v.title}`), blocks);
}

/** Hardest questions with their most tempting wrong option, and participation per week. */
export function insightsMessage(v: InsightsView): SlackMessage {
  const hardest = v.hardest.map((h) => {
    const wrong = h.topWrong ? `\n      most picked wrong: *${h.topWrong.letter})* ${md(h.topWrong.text)} (${h.topWrong.n})` : '';
    return `• *${pct(h.accuracy)}* right of ${h.answered} · \`${esc(h.questionId)}\` · ${fallbackText(h.prompt, 120)}${wrong}`;
  });
  const weeks = v.weeks.map((w) => `• ${esc(w.label)}: ${w.people} people, ${w.answers} answers`);
  return message(fallbackText(`🔎 Insights${v.packId ? ` for ${v.packId}` : ''}`), [
    section(`🔎 *Insights${v.packId ? ` for ${esc(v.packId)}` : ''}*: hardest questions first`),
    section(hardest.join('\n') || 'No answers yet.'),
    section(`*Hints asked for*\n${v.hints.map((h) => `• \`${esc(h.questionId)}\`: ${h.asked} hint request(s)`).join('\n') || 'No hints asked for yet.'}`),
    section(
      `*Labels the answers disagree with*\n${
        v.labels.map((l) => `• \`${esc(l.questionId)}\`: labelled ${l.label}, *${pct(l.accuracy)}* right of ${l.answered}, looks ${l.suggest}`).join('\n') ||
        'None (or not enough answers yet).'
      }`,
    ),
    section(`*Participation per week*\n${weeks.join('\n')}`),
  ]);
}
